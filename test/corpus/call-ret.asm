; call-ret.asm - CALL/RET near (rel32, r/m32 register and memory), RET imm16, far CALL/RET
; (direct ptr16:32 and m16:32, same privilege), far JMP (direct and m16:32), RETF imm16,
; (16-bit CALL/RET forms run in code16-segment.asm.)
; SDM Vol. 2A (CALL, JMP), 2B (RET): the pushed return address and the stack after RET n.
%include "lib/kernel.inc"

test_main:
        mov ebp, esp
        call near_fn
        SHOW "ret", eax
        mov eax, ebp
        sub eax, esp
        SHOW "depth", eax
        NL
        ; call r/m
        mov ebx, near_fn
        call ebx
        mov dword [SCRATCH], near_fn
        call [SCRATCH]
        ; ret imm16
        push dword 1
        push dword 2
        push dword 3
        call ret_n
        mov eax, ebp
        sub eax, esp
        SHOW "retn-depth", eax
        SHOW "sum", ecx
        NL
        ; far call direct and indirect
        call SEL_CODE0:far_fn
        SHOW "far", eax
        mov dword [SCRATCH], far_fn
        mov word [SCRATCH + 4], SEL_CODE0
        call far [SCRATCH]
        mov eax, ebp
        sub eax, esp
        SHOW "depth", eax
        NL
        push dword 0x55
        push dword 0x66
        call SEL_CODE0:far_ret_n
        mov eax, ebp
        sub eax, esp
        SHOW "retfn-depth", eax
        NL
        ; far jmp direct and indirect
        jmp SEL_CODE0:.fj1
.fj1:
        mov dword [SCRATCH], .fj2
        mov word [SCRATCH + 4], SEL_CODE0
        jmp far [SCRATCH]
        PRINTLN "not reached"
.fj2:
        PRINTLN "far jumps ok"
        ; RET imm16 releasing one argument
        push dword 0x1234
        call ret16_n
        mov eax, ebp
        sub eax, esp
        SHOW "retw-depth", eax
        NL
        ret

near_fn:
        mov eax, [esp]
        sub eax, test_main
        ret

ret_n:
        mov ecx, [esp + 4]
        add ecx, [esp + 8]
        add ecx, [esp + 12]
        ret 12

far_fn:
        mov eax, [esp + 4]
        and eax, 0xFFFF
        shl eax, 16
        mov ebx, ebp
        sub ebx, esp
        or eax, ebx
        retf

far_ret_n:
        mov eax, [esp + 8]
        SHOW "arg", eax
        retf 8

ret16_n:
        ret 4
