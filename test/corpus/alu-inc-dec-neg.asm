; alu-inc-dec-neg.asm - INC, DEC (CF preserved) and NEG (CF = operand != 0), 8/16/32-bit.
; SDM Vol. 2A/2B: INC/DEC set OF SF ZF AF PF by result and leave CF; NEG sets all six.
%include "lib/kernel.inc"

test_main:
        FMASK FL_ARITH
        UN "inc32", inc, eax, 0, FL_CF
        UN "inc32", inc, eax, 0x7FFFFFFF, 0
        UN "inc32", inc, eax, 0xFFFFFFFF, 0
        UN "inc32", inc, eax, 0x0000000F, FL_CF
        UN "inc16", inc, ax, 0xABCDFFFF, 0
        UN "inc16", inc, ax, 0x7FFF, 0
        UN "inc8", inc, al, 0xFF, FL_CF
        UN "inc8", inc, ah, 0x7F00, 0
        UN "inc16r", inc, bx, 0, 0
        UN "dec32", dec, eax, 1, FL_CF
        UN "dec32", dec, eax, 0, 0
        UN "dec32", dec, eax, 0x80000000, 0
        UN "dec32", dec, eax, 0x10, 0
        UN "dec16", dec, ax, 0x12340000, FL_CF
        UN "dec8", dec, al, 0x80, 0
        UN "dec8", dec, ah, 0x0100, 0
        UN "neg32", neg, eax, 0, FL_CF
        UN "neg32", neg, eax, 1, 0
        UN "neg32", neg, eax, 0x80000000, 0
        UN "neg32", neg, eax, 0x10, 0
        UN "neg16", neg, ax, 0xFFFF8000, 0
        UN "neg16", neg, ax, 0x00000001, 0
        UN "neg8", neg, al, 0x7F, 0
        UN "neg8", neg, al, 0x00, FL_CF
        mov dword [SCRATCH], 0x000000FF
        SETFLAGS 0
        inc byte [SCRATCH]
        mov eax, [SCRATCH]
        PRINT "incm8 "
        call show_result
        dec dword [SCRATCH]
        mov eax, [SCRATCH]
        PRINT "decm32 "
        call show_result
        neg word [SCRATCH]
        mov eax, [SCRATCH]
        PRINT "negm16 "
        call show_result
        ret
