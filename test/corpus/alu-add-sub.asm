; alu-add-sub.asm - ADD, ADC, SUB, SBB, CMP in 8-, 16- and 32-bit forms (reg, imm, memory).
; SDM Vol. 2A/2B: OF SF ZF AF PF CF are all defined for these instructions (all printed).
%include "lib/kernel.inc"

test_main:
        FMASK FL_ARITH
        BIN "add32", add, eax, ebx, 1, 2, 0
        BIN "add32", add, eax, ebx, 0xFFFFFFFF, 1, 0
        BIN "add32", add, eax, ebx, 0x7FFFFFFF, 1, 0
        BIN "add32", add, eax, ebx, 0x80000000, 0x80000000, 0
        BIN "add32", add, eax, ebx, 0x0000000F, 0x00000001, 0
        BIN "add16", add, ax, bx, 0x1234FFFF, 0x00000001, 0
        BIN "add16", add, ax, bx, 0x12347FFF, 0x00000001, 0
        BIN "add8", add, al, bl, 0x123456FF, 0x00000001, 0
        BIN "add8", add, ah, bl, 0x12347F00, 0x00000001, 0
        BIN "add8i", add, al, 0x80, 0x12345680, 0, 0
        BIN "add32i8", add, eax, -1, 5, 0, 0
        BIN "add16i8", add, ax, -2, 0xAAAA0001, 0, 0
        BIN "adc32", adc, eax, ebx, 1, 2, FL_CF
        BIN "adc32", adc, eax, ebx, 0xFFFFFFFF, 0, FL_CF
        BIN "adc32", adc, eax, ebx, 0x7FFFFFFF, 0, FL_CF
        BIN "adc16", adc, ax, bx, 0xFFFF, 0xFFFF, FL_CF
        BIN "adc8", adc, al, bl, 0x0F, 0x00, FL_CF
        BIN "adc8", adc, al, bl, 0x0F, 0x00, 0
        BIN "sub32", sub, eax, ebx, 5, 3, 0
        BIN "sub32", sub, eax, ebx, 3, 5, 0
        BIN "sub32", sub, eax, ebx, 0x80000000, 1, 0
        BIN "sub32", sub, eax, ebx, 0x10, 0x01, 0
        BIN "sub32", sub, eax, ebx, 7, 7, 0
        BIN "sub16", sub, ax, bx, 0x8000, 1, 0
        BIN "sub8", sub, al, bl, 0x00, 0x01, 0
        BIN "sub8", sub, bh, al, 0x7F, 0x8000, 0
        BIN "sbb32", sbb, eax, ebx, 5, 3, FL_CF
        BIN "sbb32", sbb, eax, ebx, 0, 0, FL_CF
        BIN "sbb32", sbb, eax, ebx, 0x80000000, 0, FL_CF
        BIN "sbb16", sbb, ax, bx, 0, 0xFFFF, FL_CF
        BIN "sbb8", sbb, al, bl, 0x10, 0x0F, FL_CF
        BIN "cmp32", cmp, eax, ebx, 5, 5, 0
        BIN "cmp32", cmp, eax, ebx, 4, 5, 0
        BIN "cmp32", cmp, eax, ebx, 0x80000000, 0x7FFFFFFF, 0
        BIN "cmp16", cmp, ax, bx, 0x0001, 0x8000, 0
        BIN "cmp8", cmp, al, 0x80, 0x7F, 0, 0
        BIN "cmp32i", cmp, eax, 0x12345678, 0x12345678, 0, 0
        ; memory destinations and sources
        mov dword [SCRATCH], 0xFFFFFFF0
        SETFLAGS 0
        add dword [SCRATCH], 0x20
        mov eax, [SCRATCH]
        PRINT "addm32 "
        call show_result
        SETFLAGS FL_CF
        adc word [SCRATCH], 0xFFEF
        mov eax, [SCRATCH]
        PRINT "adcm16 "
        call show_result
        SETFLAGS 0
        sub byte [SCRATCH + 1], 1
        mov eax, [SCRATCH]
        PRINT "subm8 "
        call show_result
        mov ebx, SCRATCH
        mov eax, 0x11111111
        SETFLAGS FL_CF
        sbb eax, [ebx]
        PRINT "sbbrm32 "
        call show_result
        mov ecx, 1
        mov eax, 0x40
        SETFLAGS 0
        cmp [SCRATCH + ecx*2 - 2], eax
        PRINT "cmpm32 "
        call show_result
        ret
