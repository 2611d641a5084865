; sweep-mul-div-bcd.asm - randomised sweeps (lib/sweep.inc) of MUL, IMUL (one-, two- and
; three-operand forms, register, memory and sign-extended imm8), DIV/IDIV on operands chosen so
; the quotient fits, DAA DAS AAA AAS AAM AAD, BSF/BSR, BSWAP, CBW/CWDE/CWD/CDQ, SAHF/LAHF.
; SDM Vol. 2A/2B: MUL/IMUL define CF OF only; DIV/IDIV leave every flag undefined (mask 0);
; DAA/DAS: OF undefined; AAA/AAS: only AF CF defined; AAM/AAD: only SF ZF PF defined;
; BSF/BSR: only ZF defined and the destination is undefined for a zero source (the pre-routine
; makes EAX = 0 then, which any "unchanged"/"zeroed" implementation agrees on).
%include "lib/kernel.inc"
%include "lib/sweep.inc"

M_MUL   equ FL_CF | FL_OF
M_AAM   equ FL_SF | FL_ZF | FL_PF

; Pre-routines keep the quotient in range and the divisor nonzero (IDIV: even, never -1).
pre_div32:
        shr edx, 24
        or ebx, 0x01000000
        ret
pre_div16:
        and edx, 0x7F
        or ebx, 0x80
        ret
pre_div8:
        and eax, 0x3FFF
        or ebx, 0x40
        ret
pre_idiv32:
        mov edx, eax
        sar edx, 31
        or ebx, 2
        and ebx, ~1
        ret
pre_idiv16:
        mov dx, ax
        sar dx, 15
        or bx, 2
        and bx, ~1
        ret
pre_idiv8:
        cbw
        or bl, 2
        and bl, ~1
        ret
pre_bs:
        test ebx, 0x100
        jz .sized
        and ebx, 0xFFFF0000             ; a zero source for the 16-bit forms, often for 32 too
.sized:
        test bx, bx
        jnz .keep
        xor eax, eax                    ; destination undefined for a zero source: start at 0
.keep:
        ret
pre_none:
        ret

test_main:
        SW1 "mul32", M_MUL, mul, ebx
        SW1 "mul16", M_MUL, mul, cx
        SW1 "mul8", M_MUL, mul, dh
        SW1 "mul32m", M_MUL, mul, dword [sw_m]
        SW1 "mul8m", M_MUL, mul, byte [sw_m]
        SW1 "imul32", M_MUL, imul, ebx
        SW1 "imul16", M_MUL, imul, dx
        SW1 "imul8", M_MUL, imul, bl
        SW1 "imul16m", M_MUL, imul, word [sw_m]
        SW2 "imul2r32", M_MUL, imul, eax, ebx
        SW2 "imul2r16", M_MUL, imul, cx, dx
        SW2 "imul2m32", M_MUL, imul, edx, [sw_m]
        SW2 "imul2m16", M_MUL, imul, bx, [sw_m]
        SWP3 "imul3i32", M_MUL, mov, ecx, ecx, imul, eax, ebx, 0x12345
        SWP3 "imul3i8", M_MUL, mov, ecx, ecx, imul, eax, ebx, -3
        SWP3 "imul3i16", M_MUL, mov, ecx, ecx, imul, cx, dx, 0x7FF1
        SWP3 "imul3i8-16", M_MUL, mov, ecx, ecx, imul, cx, bx, 127
        SWP3 "imul3m32", M_MUL, mov, ecx, ecx, imul, edx, [sw_m], -128
        SWC "div32", 0, pre_div32, div, ebx
        SWC "div16", 0, pre_div16, div, bx
        SWC "div8", 0, pre_div8, div, bl
        SWC "idiv32", 0, pre_idiv32, idiv, ebx
        SWC "idiv16", 0, pre_idiv16, idiv, bx
        SWC "idiv8", 0, pre_idiv8, idiv, bl
        SW0 "daa", FL_ARITH & ~FL_OF, daa
        SW0 "das", FL_ARITH & ~FL_OF, das
        SW0 "aaa", FL_AF | FL_CF, aaa
        SW0 "aas", FL_AF | FL_CF, aas
        SW0 "aam", M_AAM, aam
        SW1 "aam7", M_AAM, aam, 7
        SW0 "aad", M_AAM, aad
        SW1 "aad16", M_AAM, aad, 16
        SWC2 "bsf32", FL_ZF, pre_bs, bsf, eax, ebx
        SWC2 "bsr32", FL_ZF, pre_bs, bsr, eax, ebx
        SWC2 "bsf16", FL_ZF, pre_bs, bsf, ax, bx
        SWC2 "bsr16", FL_ZF, pre_bs, bsr, ax, bx
        SW1 "bswap", FL_ARITH, bswap, ecx
        SW0 "cbw", FL_ARITH, cbw
        SW0 "cwde", FL_ARITH, cwde
        SW0 "cwd", FL_ARITH, cwd
        SW0 "cdq", FL_ARITH, cdq
        SW0 "sahf", FL_ARITH, sahf
        SW0 "lahf", FL_ARITH, lahf
        SW0 "cmc", FL_ARITH, cmc
        ret
