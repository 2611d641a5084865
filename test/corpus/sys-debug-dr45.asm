; sys-debug-dr45.asm - DR4/DR5 alias DR6/DR7 while CR4.DE = 0 and raise #UD with CR4.DE = 1.
; SDM Vol. 3A 18.2.2 (DR4/DR5), Vol. 2B MOV (debug registers).
; (DR7.GD general detection is not compared: QEMU 7.2 TCG raises no #DB for it.)
%include "lib/kernel.inc"

test_main:
        xor eax, eax
        mov cr4, eax
        mov dr6, eax
        mov eax, 0x00000400
        mov dr7, eax
        mov eax, 0x00000003             ; via DR5 = DR7: L0 G0 (DR0 is 0: never hit)
        db 0x0F, 0x23, 0xE8             ; mov dr5, eax
        mov eax, dr7
        and eax, 0xFF
        SHOW "dr7-via-dr5", eax
        db 0x0F, 0x21, 0xE8             ; mov eax, dr5
        and eax, 0xFF
        SHOW "dr5", eax
        db 0x0F, 0x21, 0xE0             ; mov eax, dr4 (= DR6)
        and eax, 0xF
        SHOW "dr4", eax
        xor eax, eax
        mov dr7, eax
        NL
        mov eax, CR4_DE
        mov cr4, eax
        RESUME .r1
        db 0x0F, 0x21, 0xE0             ; mov eax, dr4 -> #UD
.r1:
        RESUME .r2
        db 0x0F, 0x23, 0xE8             ; mov dr5, eax -> #UD
.r2:
        xor eax, eax
        mov cr4, eax
        xor eax, eax
        mov dr7, eax
        ret
