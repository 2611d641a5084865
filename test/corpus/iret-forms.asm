; iret-forms.asm - IRET variants: same-privilege IRETD at CPL 0 loading every modifiable flag
; (IOPL and IF included), IRETW (operand size 16) into the 16-bit code segment and back, IRET
; in ring 3 (IOPL 3 may change IF but never IOPL; IOPL 0 changes neither), IRET to a more
; privileged level -> #GP(selector), IRET to a null CS -> #GP(0).
; SDM Vol. 2A IRET/IRETD pseudocode (RETURN-TO-SAME-PRIVILEGE-LEVEL, the EFLAGS update rules).
%include "lib/kernel.inc"

%macro GETFL 1
        pushfd
        pop eax
        and eax, FL_IOPL3 | FL_IF | FL_DF | FL_ARITH | FL_NT | FL_AC
        SHOW %1, eax
%endmacro

test_main:
        ; same level, CPL 0
        push dword FL_IOPL3 | FL_DF | FL_CF | FL_ZF | 2
        push dword SEL_CODE0
        push dword .r0
        iretd
.r0:
        GETFL "iret0"
        push dword 2
        popfd
        NL
        ; IRETW to 16-bit code: frame IP, CS, FLAGS (16-bit each)
        push word FL_SF | FL_PF | 2
        push word SEL_CODE16
        push word code16 - IMAGE_BASE
        iretw
back32:
        mov eax, [SCRATCH]
        and eax, FL_SF | FL_PF | FL_IOPL3 | 2
        SHOW "iretw-flags", eax
        NL
        RING3 user3, FL_IOPL3 | 2
        RING3 user0, 2
        ; IRET to a null CS
        RESUME .r1
        push dword 2
        push dword 0
        push dword .r1
        iretd
.r1:
        add esp, 12
        ret

        bits 16
code16:
        pushfd
        pop dword [dword SCRATCH]
        jmp dword SEL_CODE0:back32
        bits 32

user3:
        push dword FL_IF | FL_CF | 2    ; IOPL 0 requested
        push dword SEL_CODE3 | 3
        push dword .r
        iretd
.r:
        GETFL "u3-iret"
        cli
        ; a return to ring 0 from ring 3 is not allowed
        RESUME .r2
        push dword 2
        push dword SEL_CODE0
        push dword .r2
        iretd
.r2:
        add esp, 12
        SYS_RETURN

user0:
        push dword FL_IF | FL_IOPL3 | FL_OF | 2
        push dword SEL_CODE3 | 3
        push dword .r
        iretd
.r:
        pushfd
        pop ebx
        and ebx, FL_IOPL3 | FL_IF | FL_OF
        SYS_HEX ebx
        SYS_RETURN
