; alu-shld-shrd.asm - SHLD and SHRD (imm8 and CL), 16/32-bit, register and memory.
; SDM Vol. 2B (SHLD, SHRD): count mod 32; count 0 changes nothing; count > operand width (16-bit)
; gives undefined result and flags (not used); CF = last bit out, SF ZF PF by result, OF only
; for count 1, AF undefined.
%include "lib/kernel.inc"

M_ONE   equ FL_OF | FL_SF | FL_ZF | FL_PF | FL_CF
M_MANY  equ FL_SF | FL_ZF | FL_PF | FL_CF

%macro SD 7 ; name, op, dst, src, a, b, count ; mask from count
        PRINT %1
        call space
        mov eax, %5
        mov ebx, %6
        mov ecx, %7
        SETFLAGS 0
        %2 %3, %4, cl
        call show_result
%endmacro

test_main:
        FMASK M_ONE
        SD "shld32/1", shld, eax, ebx, 0x40000000, 0x80000000, 1
        SD "shld32/1", shld, eax, ebx, 0x80000000, 0x00000000, 1
        SD "shrd32/1", shrd, eax, ebx, 0x00000001, 0x00000001, 1
        SD "shld16/1", shld, ax, bx, 0x4000, 0x8000, 1
        FMASK M_MANY
        SD "shld32/4", shld, eax, ebx, 0x12345678, 0x9ABCDEF0, 4
        SD "shld32/31", shld, eax, ebx, 0x00000003, 0xFFFFFFFE, 31
        SD "shld32/36", shld, eax, ebx, 0x12345678, 0x9ABCDEF0, 36
        SD "shrd32/8", shrd, eax, ebx, 0x12345678, 0x9ABCDEF0, 8
        SD "shrd32/31", shrd, eax, ebx, 0x80000000, 0x00000001, 31
        SD "shld16/4", shld, ax, bx, 0xAAAA1234, 0xF000, 4
        SD "shrd16/12", shrd, ax, bx, 0xAAAA1234, 0x00AB, 12
        SD "shrd16/16", shrd, ax, bx, 0x5555F00F, 0x1234, 16
        FMASK FL_ARITH
        PRINT "shld32/0 "
        mov eax, 0x1234
        mov cl, 0
        SETFLAGS FL_OF | FL_AF | FL_CF
        shld eax, ebx, cl
        call show_result
        FMASK M_MANY
        PRINT "shldi "
        mov eax, 0x00000001
        mov ebx, 0xF0000000
        shld eax, ebx, 8
        call show_result
        PRINT "shrdi "
        shrd eax, ebx, 20
        call show_result
        PRINT "shldm "
        mov dword [SCRATCH], 0x0000FFFF
        mov ebx, 0xA0000000
        shld [SCRATCH], ebx, 3
        mov eax, [SCRATCH]
        call show_result
        PRINT "shrdm16 "
        mov cl, 4
        shrd word [SCRATCH], bx, cl
        mov eax, [SCRATCH]
        call show_result
        ret
