; sys-debug-breakpoints.asm - more debug-register semantics: a 2-byte data breakpoint hit by a
; byte write inside its range and not by writes next to it; an instruction breakpoint resumed
; with EFLAGS.RF = 1 in the IRET frame (the instruction runs once without refaulting; RF is
; cleared after it, so the next pass through the loop hits again).
; SDM Vol. 3A 18.2.4-18.2.5 (DR7 LEN/R/W, breakpoint field recognition), 18.3.1.1-18.3.1.2,
; 17.3.1.1 (RF).
; Not compared, because QEMU 7.2 TCG deviates from the SDM there: DR6 reporting every
; breakpoint matched by one access (QEMU sets only the first), and data breakpoints hit inside
; REP string instructions (QEMU raises none).
%include "lib/kernel.inc"

hits:   dd 0
use_rf: dd 0

db_handler:
        inc dword [hits]
        PRINT "#01 eip="
        mov eax, [ebx + F_EIP]
        call hex32
        PRINT " ecx="
        mov eax, [ebx + F_ECX]
        call hex32
        PRINT " dr6="
        mov eax, dr6
        and eax, 0x400F
        call hex32
        call newline
        xor eax, eax
        mov dr6, eax
        cmp dword [use_rf], 0
        je .ret
        or dword [ebx + F_EFL], FL_RF
.ret:
        ret

test_main:
        SET_HANDLER 1, db_handler
        ; 1. DR0 = SCRATCH+2, LEN 01 (2 bytes), R/W 01 (write), L0
        mov eax, SCRATCH + 2
        mov dr0, eax
        mov eax, 0x00050001
        mov dr7, eax
        mov byte [SCRATCH + 3], 1       ; inside: trap
.a1:
        mov byte [SCRATCH + 4], 1       ; outside: nothing
        mov byte [SCRATCH + 1], 1       ; outside: nothing
        SHOW "a1", .a1
        NL
        ; 2. instruction breakpoint resumed with RF
        mov dword [use_rf], 1
        mov dword [hits], 0
        mov eax, .bp
        mov dr3, eax
        mov eax, 0x00000040             ; LEN3 00 RW3 00 (execute), L3
        mov dr7, eax
        mov ecx, 3
        xor edx, edx
.loop:
.bp:    inc edx
        loop .loop
        SHOW "bp", .bp
        SHOW "hits", [hits]
        SHOW "edx", edx
        NL
        xor eax, eax
        mov dr7, eax
        ret
