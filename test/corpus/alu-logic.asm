; alu-logic.asm - AND, OR, XOR, TEST, NOT in 8/16/32-bit register, immediate and memory forms.
; SDM Vol. 2A/2B: OF = CF = 0, SF ZF PF by result, AF undefined (masked); NOT changes no flags.
%include "lib/kernel.inc"

test_main:
        FMASK FL_LOGIC
        BIN "and32", and, eax, ebx, 0xF0F0F0F0, 0x0FF00FF0, FL_OF | FL_CF
        BIN "and32", and, eax, ebx, 0xF0F0F0F0, 0x0F0F0F0F, 0
        BIN "and32", and, eax, ebx, 0x80000001, 0x80000003, 0
        BIN "and16", and, ax, bx, 0x1234FF00, 0x80FF, 0
        BIN "and8", and, al, bl, 0xAB, 0x0E, 0
        BIN "and8h", and, ah, bl, 0xF000, 0x30, 0
        BIN "and32i", and, eax, 0xFFFF0000, 0x12345678, 0, FL_CF
        BIN "and32i8", and, eax, -16, 0x12345678, 0, 0
        BIN "or32", or, eax, ebx, 0, 0, FL_CF | FL_OF
        BIN "or32", or, eax, ebx, 0x00000100, 0x80000000, 0
        BIN "or16", or, ax, bx, 0x0001, 0x0002, 0
        BIN "or8", or, al, 0x80, 0x01, 0, 0
        BIN "xor32", xor, eax, eax, 0x12345678, 0, FL_CF
        BIN "xor32", xor, eax, ebx, 0xFFFF0000, 0x0000FFFF, 0
        BIN "xor16", xor, ax, bx, 0x1234, 0x1234, 0
        BIN "xor8", xor, al, bl, 0x03, 0x01, 0
        BIN "xor8", xor, al, bl, 0x07, 0x00, 0
        BIN "test32", test, eax, ebx, 0x80000000, 0x80000000, FL_CF | FL_OF
        BIN "test32", test, eax, ebx, 0x0F, 0xF0, 0
        BIN "test16", test, ax, 0x8000, 0x8001, 0, 0
        BIN "test8", test, al, bl, 0x06, 0x03, 0
        FMASK FL_ARITH
        UN "not32", not, eax, 0x0F0F0F0F, FL_CF | FL_ZF | FL_AF
        UN "not16", not, ax, 0x12340000, FL_SF | FL_OF
        UN "not8", not, al, 0x55, FL_PF
        FMASK FL_LOGIC
        mov dword [SCRATCH], 0x0000FFFF
        SETFLAGS FL_CF
        or dword [SCRATCH], 0x00FF0000
        mov eax, [SCRATCH]
        PRINT "orm32 "
        call show_result
        mov eax, 0x0F0F
        xor [SCRATCH], ax
        mov eax, [SCRATCH]
        PRINT "xorm16 "
        call show_result
        and byte [SCRATCH + 2], 0x00
        mov eax, [SCRATCH]
        PRINT "andm8 "
        call show_result
        test dword [SCRATCH], 0x80000000
        PRINT "testm32 "
        call show_result
        not word [SCRATCH]
        mov eax, [SCRATCH]
        PRINT "notm16 "
        call show_result
        ret
