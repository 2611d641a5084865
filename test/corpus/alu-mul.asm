; alu-mul.asm - MUL and IMUL (one-, two- and three-operand forms), 8/16/32-bit.
; SDM Vol. 2A (IMUL, MUL): CF and OF defined (upper half significant); SF ZF AF PF undefined
; (masked).
%include "lib/kernel.inc"

%macro MUL1 5  ; name, op, operand, eax, ebx
        PRINT %1
        call space
        mov eax, %4
        mov ebx, %5
        mov edx, 0xDDDDDDDD
        SETFLAGS 0
        %2 %3
        call show_edx_eax
%endmacro

test_main:
        FMASK FL_CF | FL_OF
        MUL1 "mul8", mul, bl, 0x12340010, 0x10
        MUL1 "mul8", mul, bl, 0x123400FF, 0xFF
        MUL1 "mul8", mul, bl, 0x00000003, 0x04
        MUL1 "mul16", mul, bx, 0x1234FFFF, 0xFFFF
        MUL1 "mul16", mul, bx, 0x00000100, 0x00FF
        MUL1 "mul32", mul, ebx, 0xFFFFFFFF, 0xFFFFFFFF
        MUL1 "mul32", mul, ebx, 0x00010000, 0x00010000
        MUL1 "mul32", mul, ebx, 0x12345678, 0x00000002
        MUL1 "imul8", imul, bl, 0x000000FF, 0xFF
        MUL1 "imul8", imul, bl, 0x00000040, 0x02
        MUL1 "imul8", imul, bl, 0x000000C0, 0x02
        MUL1 "imul16", imul, bx, 0x00008000, 0xFFFF
        MUL1 "imul16", imul, bx, 0x00000100, 0x0100
        MUL1 "imul32", imul, ebx, 0x80000000, 0xFFFFFFFF
        MUL1 "imul32", imul, ebx, 0xFFFFFFFE, 0x00000003
        MUL1 "imul32", imul, ebx, 0x40000000, 0x00000002
        BIN "imul2r32", imul, eax, ebx, 7, -3, 0
        BIN "imul2r32", imul, eax, ebx, 0x10000, 0x10000, 0
        BIN "imul2r16", imul, ax, bx, 0x1234FFFF, 0xFFFF, 0
        BIN "imul2r16", imul, ax, bx, 0x00000200, 0x0100, 0
        mov dword [SCRATCH], -5
        BIN "imul2m32", imul, eax, [SCRATCH], 1000, 0, 0
        PRINT "imul3i8 "
        mov ebx, 0x11
        SETFLAGS 0
        imul eax, ebx, -2
        call show_result
        PRINT "imul3i32 "
        SETFLAGS 0
        imul eax, ebx, 0x10000000
        call show_result
        PRINT "imul3m16 "
        mov eax, 0xABCD0000
        SETFLAGS 0
        imul ax, [SCRATCH], 0x7000
        call show_result
        PRINT "imul3m32 "
        imul eax, [SCRATCH], 3
        call show_result
        PRINT "mulm32 "
        mov eax, 0x80000000
        mul dword [SCRATCH]
        call show_edx_eax
        ret
