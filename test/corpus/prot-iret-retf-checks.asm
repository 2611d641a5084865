; prot-iret-retf-checks.asm - the checks made when IRET or RETF returns to an outer privilege
; level (ring 0 -> ring 3), each with its error code: return CS RPL 3 naming a DPL-0 code
; segment -> #GP(CS); return CS not present -> #NP(CS); return CS not a code segment -> #GP(CS);
; new SS null -> #GP(0); SS RPL != return CS RPL -> #GP(SS); SS DPL != 3 -> #GP(SS); SS not
; writable -> #GP(SS). The faults are raised in ring 0 with the frame still on the stack (saved
; EIP = the IRET/RETF). Conforming code of DPL 0 can be reached from ring 3 with a far JMP and
; runs at CPL 3.
; (A not-present SS is #SS(SS) in the SDM; QEMU 7.2 TCG raises #NP(SS): not compared.)
; SDM Vol. 2A IRET (RETURN-TO-OUTER-PRIVILEGE-LEVEL checks), Vol. 2B RET (far, outer level).
%include "lib/kernel.inc"

CS_NP   equ SEL_SPARE0                  ; code DPL3, not present
SS_RO   equ SEL_SPARE1                  ; data DPL3, read-only
CONF    equ SEL_SPARE3                  ; conforming code DPL0

; try_iret: ECX = CS, EDX = SS for an IRET to ring 3 that must fault
try_iret:
        mov [saved_esp], esp
        RESUME .fault
        push edx
        push dword STACK3_TOP
        push dword 2
        push ecx
        push dword user_unreached
        iretd
.fault:
        mov esp, [saved_esp]
        ret

try_retf:
        mov [saved_esp], esp
        RESUME .fault
        push edx
        push dword STACK3_TOP
        push ecx
        push dword user_unreached
        retf
.fault:
        mov esp, [saved_esp]
        ret

saved_esp:      dd 0

%macro BOTH 2
        mov ecx, %1
        mov edx, %2
        call try_iret
        call try_retf
%endmacro

test_main:
        DESC CS_NP, 0, 0xFFFFF, 0x7A, 0xC0
        DESC SS_RO, 0, 0xFFFFF, 0xF0, 0xC0
        DESC CONF, 0, 0xFFFFF, 0x9E, 0xC0
        BOTH SEL_CODE0 | 3, SEL_DATA3 | 3
        BOTH CS_NP | 3, SEL_DATA3 | 3
        BOTH SEL_DATA3 | 3, SEL_DATA3 | 3
        BOTH SEL_CODE3 | 3, 0
        BOTH SEL_CODE3 | 3, SEL_DATA3 | 2
        BOTH SEL_CODE3 | 3, SEL_DATA0 | 3
        BOTH SEL_CODE3 | 3, SS_RO | 3
        PRINTLN "valid return"
        RING3 user, FL_IOPL3 | 2
        ret

user_unreached:
        PRINTLN "wrongly reached ring 3"
        SYS_RETURN

user:
        jmp CONF:.conf
.conf:
        mov eax, cs
        and eax, 0xFFFF
        SHOW "conforming-cs", eax
        NL
        jmp (SEL_CODE3 | 3):.back
.back:
        SYS_RETURN
