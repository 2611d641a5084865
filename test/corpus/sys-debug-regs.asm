; sys-debug-regs.asm - DR0-DR3/DR6/DR7 moves, #DB (vector 1) from an instruction breakpoint
; (fault: saved EIP = the instruction), a data write watchpoint and a read/write watchpoint
; (traps: saved EIP = the next instruction), and single-step with EFLAGS.TF (trap after the
; instruction following the POPFD that set TF); DR6 B0-B3 and BS.
; SDM Vol. 3A 18.2 (debug registers), 18.3.1 (debug exception conditions), 17.3.1.4 (TF).
; DR6 is printed masked to B0-B3 and BS (0x400F); the handler clears DR6 and DR7.
%include "lib/kernel.inc"

db_handler:
        PRINT "#01 eip="
        mov eax, [ebx + F_EIP]
        call hex32
        PRINT " dr6="
        mov eax, dr6
        and eax, 0x400F
        call hex32
        call newline
        xor eax, eax
        mov dr6, eax
        mov dr7, eax
        ; single-step: keep stepping three instructions, then clear TF
        test dword [ebx + F_EFL], FL_TF
        jz .done
        dec dword [steps]
        jnz .done
        and dword [ebx + F_EFL], ~FL_TF
.done:
        ret
steps:  dd 0

test_main:
        SET_HANDLER 1, db_handler
        mov eax, 0x11111111
        mov dr0, eax
        mov eax, 0x22222222
        mov dr1, eax
        mov eax, 0x33333333
        mov dr2, eax
        mov eax, 0x44444444
        mov dr3, eax
        mov eax, dr0
        HEX32 eax
        mov eax, dr1
        HEX32 eax
        mov eax, dr2
        HEX32 eax
        mov eax, dr3
        HEX32 eax
        NL
        ; 1. instruction breakpoint on .bp1 (DR0, R/W0 = 00, LEN0 = 00, L0)
        mov eax, .bp1
        mov dr0, eax
        mov eax, 0x00000001
        mov dr7, eax
        nop
.bp1:   mov ecx, 0x1234
        SHOW "bp1", .bp1
        SHOW "ecx", ecx
        NL
        ; 2. data write watchpoint (DR1, R/W1 = 01, LEN1 = 11 -> 4 bytes, L1)
        mov eax, SCRATCH + 0x40
        mov dr1, eax
        mov eax, 0x00D00004
        mov dr7, eax
        mov eax, [SCRATCH + 0x40]       ; a read: no exception
        mov dword [SCRATCH + 0x40], 5   ; a write: trap after it
.after_w:
        SHOW "w-next", .after_w
        NL
        ; 3. read/write watchpoint on a byte (DR3, R/W3 = 11, LEN3 = 00, G3)
        mov eax, SCRATCH + 0x81
        mov dr3, eax
        mov eax, 0x30000080
        mov dr7, eax
        mov eax, [SCRATCH + 0x80]       ; the dword read covers byte 0x81
.after_r:
        SHOW "r-next", .after_r
        NL
        ; 4. single-step three instructions
        mov dword [steps], 3
        pushfd
        or dword [esp], FL_TF
        popfd
        mov eax, 1
.s1:    mov eax, 2
.s2:    mov eax, 3
.s3:    mov eax, 4
        SHOW "s1", .s1
        SHOW "s2", .s2
        SHOW "s3", .s3
        NL
        ; DR7 reads back with the bits written (bit 10 reads as 1)
        mov eax, 0x00000400
        mov dr7, eax
        mov eax, dr7
        and eax, 0xFFFF2FFF
        SHOW "dr7", eax
        NL
        ret
