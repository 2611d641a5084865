; sweep-arith.asm - randomised sweeps (lib/sweep.inc) of ADD ADC SUB SBB CMP NEG INC DEC AND OR XOR
; TEST in 8/16/32-bit register, high-byte, immediate and memory forms, with random CF (and other
; flags) in, and of XADD and CMPXCHG on registers and memory.
; SDM Vol. 2A/2B: ADD..CMP, NEG, XADD, CMPXCHG define OF SF ZF AF PF CF (all hashed); INC/DEC
; leave CF unchanged (hashed too); AND OR XOR TEST clear OF CF and leave AF undefined (masked).
%include "lib/kernel.inc"
%include "lib/sweep.inc"

test_main:
        SW2 "add32", FL_ARITH, add, eax, ebx
        SW2 "add16", FL_ARITH, add, ax, bx
        SW2 "add8", FL_ARITH, add, al, bh
        SW2 "adc32", FL_ARITH, adc, eax, ebx
        SW2 "adc16", FL_ARITH, adc, dx, cx
        SW2 "adc8", FL_ARITH, adc, ah, dl
        SW2 "adc32i", FL_ARITH, adc, eax, 0x7FFFFFFF
        SW2 "adc16i8", FL_ARITH, adc, bx, -1
        SW2 "adc8i", FL_ARITH, adc, cl, 0x80
        SW2 "adc32m", FL_ARITH, adc, [sw_m], ebx
        SW2 "adc16m", FL_ARITH, adc, cx, [sw_m]
        SW2 "adc8m", FL_ARITH, adc, byte [sw_m + 1], 0xFF
        SW2 "sub32", FL_ARITH, sub, eax, ebx
        SW2 "sub16", FL_ARITH, sub, ax, bx
        SW2 "sub8", FL_ARITH, sub, ch, bl
        SW2 "sbb32", FL_ARITH, sbb, eax, ebx
        SW2 "sbb16", FL_ARITH, sbb, dx, cx
        SW2 "sbb8", FL_ARITH, sbb, bh, dl
        SW2 "sbb32i", FL_ARITH, sbb, eax, 0x80000000
        SW2 "sbb16i8", FL_ARITH, sbb, bx, 1
        SW2 "sbb8i", FL_ARITH, sbb, al, 0x7F
        SW2 "sbb32m", FL_ARITH, sbb, dword [sw_m], -1
        SW2 "sbb16m", FL_ARITH, sbb, [sw_m], dx
        SW2 "sbb8m", FL_ARITH, sbb, dh, [sw_m + 3]
        SW2 "cmp32", FL_ARITH, cmp, eax, ebx
        SW2 "cmp16", FL_ARITH, cmp, ax, bx
        SW2 "cmp8", FL_ARITH, cmp, al, bl
        SW2 "cmp8m", FL_ARITH, cmp, byte [sw_m], 0x80
        SW1 "neg32", FL_ARITH, neg, eax
        SW1 "neg16", FL_ARITH, neg, bx
        SW1 "neg8", FL_ARITH, neg, ch
        SW1 "neg32m", FL_ARITH, neg, dword [sw_m]
        SW1 "inc32", FL_ARITH, inc, eax
        SW1 "inc16", FL_ARITH, inc, bx
        SW1 "inc8", FL_ARITH, inc, dh
        SW1 "inc8m", FL_ARITH, inc, byte [sw_m]
        SW1 "dec32", FL_ARITH, dec, eax
        SW1 "dec16", FL_ARITH, dec, bx
        SW1 "dec8", FL_ARITH, dec, cl
        SW1 "dec16m", FL_ARITH, dec, word [sw_m]
        SW2 "and32", FL_LOGIC, and, eax, ebx
        SW2 "and16", FL_LOGIC, and, ax, bx
        SW2 "and8", FL_LOGIC, and, ah, bl
        SW2 "or32", FL_LOGIC, or, eax, ebx
        SW2 "or8i", FL_LOGIC, or, al, 0x80
        SW2 "xor32", FL_LOGIC, xor, eax, ebx
        SW2 "xor16m", FL_LOGIC, xor, [sw_m], bx
        SW2 "test32", FL_LOGIC, test, eax, ebx
        SW2 "test16i", FL_LOGIC, test, ax, 0x8001
        SW2 "test8", FL_LOGIC, test, bh, bl
        SW2 "xadd32", FL_ARITH, xadd, eax, ebx
        SW2 "xadd16", FL_ARITH, xadd, cx, dx
        SW2 "xadd8", FL_ARITH, xadd, al, bh
        SW2 "xadd32m", FL_ARITH, xadd, [sw_m], ebx
        SW2 "xadd16m", FL_ARITH, xadd, [sw_m], bx
        SW2 "xadd8m", FL_ARITH, xadd, [sw_m + 2], ah
        SWP "cmpxchg32", FL_ARITH, and, ebx, 1, cmpxchg, ecx, edx
        SWP "cmpxchg32m", FL_ARITH, and, eax, 0xFFFFFF01, cmpxchg, [sw_m], edx
        SWP "cmpxchg16m", FL_ARITH, and, eax, 0x1, cmpxchg, [sw_m], dx
        SWP "cmpxchg8m", FL_ARITH, and, eax, 0x1, cmpxchg, [sw_m], dl
        SWP "cmpxchg8", FL_ARITH, and, eax, 0x3, cmpxchg, bl, dh
        ret
