; exc-nested.asm - exceptions raised inside exception handlers nest like calls: a #UD handler
; that itself divides by zero (#DE, delivered on top of the #UD frame, resumed inside the #UD
; handler), then returns to the instruction after the UD2; a #BP handler that runs INT 0x41 (a
; nested software interrupt) before returning; the stack depth is the same afterwards.
; SDM Vol. 3A 6.12.1 (a handler runs as a called procedure on the same stack at the same
; privilege), 6.15 (fault vs trap return points).
%include "lib/kernel.inc"

ud_handler:
        PRINTLN "in #UD handler"
        RESUME .after_de
        xor ecx, ecx
        mov eax, 1
        xor edx, edx
        div ecx                         ; #DE inside the #UD handler
.after_de:
        PRINTLN "back in #UD handler"
        add dword [ebx + F_EIP], 2      ; skip the UD2
        ret

bp_handler:
        PRINTLN "in #BP handler"
        int 0x41
        PRINTLN "back in #BP handler"
        ret

int41:
        PRINTLN "in INT 0x41"
        ret

test_main:
        SET_HANDLER 6, ud_handler
        SET_HANDLER 3, bp_handler
        SET_HANDLER 0x41, int41
        mov ebp, esp
        ud2
        PRINTLN "after ud2"
        int3
        PRINTLN "after int3"
        mov eax, ebp
        sub eax, esp
        SHOW "depth", eax
        NL
        ret
