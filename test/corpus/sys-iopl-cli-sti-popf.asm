; sys-iopl-cli-sti-popf.asm - IOPL-sensitive flags in ring 3: CLI/STI fault with #GP(0) when
; CPL > IOPL; POPFD in ring 3 silently keeps IF (when CPL > IOPL) and always keeps IOPL, while
; changing the arithmetic flags and DF; with IOPL = 3 ring 3 may change IF but not IOPL; ring 0
; POPFD may change IOPL. PUSHFD shows the result each time.
; SDM Vol. 2B (CLI, STI, POPF/POPFD operation tables), Vol. 1 3.4.3.3 (IOPL).
%include "lib/kernel.inc"

%macro SHOWFL 1
        pushfd
        pop eax
        and eax, FL_IF | FL_IOPL3 | FL_DF | FL_ARITH | FL_NT | FL_AC
        SYS_PRINT %1
        SYS_HEX eax
%endmacro

test_main:
        PRINTLN "ring 3, IOPL 0"
        RING3 user0, 2
        PRINTLN "ring 3, IOPL 3"
        RING3 user3, FL_IOPL3 | 2
        PRINTLN "ring 0"
        push dword FL_IOPL3 | FL_CF | 2
        popfd
        pushfd
        pop eax
        and eax, FL_IOPL3 | FL_IF | FL_CF
        SHOW "popfd-r0", eax
        push dword 2
        popfd
        pushfd
        pop eax
        SHOW "cleared", eax
        NL
        ret

user0:
        SHOWFL "start "
        RESUME .r1
        cli
.r1:
        RESUME .r2
        sti
.r2:
        push dword FL_IF | FL_IOPL3 | FL_DF | FL_CF | FL_ZF | FL_OF | 2
        popfd
        SHOWFL "popfd "
        push dword 2
        popfd
        SHOWFL "popfd0 "
        SYS_RETURN

user3:
        SHOWFL "start "
        sti
        SHOWFL "sti "
        cli
        SHOWFL "cli "
        push dword FL_IF | FL_SF | FL_PF | FL_AF | 2
        popfd
        SHOWFL "popfd-if "
        push dword FL_CF | 2            ; IOPL 0 requested: must stay 3 in ring 3
        popfd
        SHOWFL "popfd-iopl "
        cli
        SYS_RETURN
