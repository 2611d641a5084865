; sys-lar-lsl-verr-verw.asm - LAR, LSL, VERR, VERW over null, out-of-limit, code, data, TSS,
; LDT, conforming, execute-only, not-present and system descriptors, from ring 0 and ring 3.
; SDM Vol. 2A (LAR: ZF, access rights masked 0x00FxFF00 with bits 19:16 undefined -> masked
; 0x00F0FF00; destination unchanged when ZF = 0), LSL (byte-granular limit, scaled when G = 1),
; Vol. 2B VERR/VERW. Only ZF is defined among the flags.
; The accessed bit of code descriptors is masked: the SDM (3.4.5.1) has the processor set it
; when CS is loaded, but QEMU 7.2 TCG does not set it on far JMP/CALL, so it cannot be compared.
; Data descriptors' accessed bits (set by MOV to DS/ES/SS in both) are compared.
%include "lib/kernel.inc"

selectors:
        dw 0x0000, 0x0008, 0x0010, 0x001B, 0x0023, 0x0028, 0x0030, 0x0038, 0x0040
        dw 0x0048, 0x0050, 0x0058, 0x0060, 0x0068, 0x0070, 0x0078, 0x0080, 0x0013, 0x0003
nsel    equ ($ - selectors) / 2

check_all:
        pushad
        mov esi, selectors
        mov ebp, nsel
.l:
        movzx ebx, word [esi]
        mov eax, ebx
        call hex16
        PRINT " lar="
        mov eax, 0xEEEEEEEE
        lar eax, bx
        FLAGS FL_ZF
        and eax, 0x00F0FF00
        test eax, 0x800                 ; code segment: hide the accessed bit (see header)
        jz .show
        and eax, ~0x100
.show:
        call hex32
        PRINT " lsl="
        mov eax, 0xEEEEEEEE
        lsl eax, bx
        FLAGS FL_ZF
        call hex32
        PRINT " verr "
        verr bx
        FLAGS FL_ZF
        PRINT "verw "
        verw bx
        FLAGS FL_ZF
        call newline
        add esi, 2
        dec ebp
        jnz .l
        popad
        ret

test_main:
        DESC SEL_LDT, SCRATCH, 0x17, 0x82, 0x00          ; LDT
        DESC SEL_SPARE0, SCRATCH, 0xFFFF, 0x12, 0x00      ; not present data
        DESC SEL_SPARE1, 0, 0xFFFFF, 0x98, 0xC0           ; execute-only code, DPL0
        DESC SEL_SPARE2, 0, 0xFFFFF, 0xFE, 0xC0           ; conforming readable code, DPL3
        DESC SEL_SPARE3, 0x12345678, 0xABCDE, 0xF0, 0x40  ; read-only data DPL3, G = 0
        DESC SEL_SPARE4, 0, 0x00010, 0xD6, 0x80           ; expand-down data DPL2, G = 1
        DESC SEL_SPARE5, 0, 0xFFFF, 0x8C, 0x00            ; 32-bit call gate (system, type 12)
        DESC SEL_SPARE6, 0, 0xFFFF, 0x8E, 0x00            ; interrupt gate: not valid for LAR
        PRINTLN "ring 0"
        call check_all
        PRINTLN "ring 3"
        RING3 user, FL_IOPL3 | 2
        ret

user:
        call check_all
        SYS_RETURN
