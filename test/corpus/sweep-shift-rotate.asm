; sweep-shift-rotate.asm - randomised sweeps (lib/sweep.inc) of SHL SHR SAR ROL ROR RCL RCR SHLD
; SHRD in 8/16/32-bit register and memory forms with CL counts (masked to 5 bits by the CPU,
; RCL/RCR 8/16-bit then taken modulo 9/17), count 1 and immediate forms, random flags in.
; SDM Vol. 2B (SAL/SAR/SHL/SHR, RCL/RCR/ROL/ROR, SHLD, SHRD): a masked count of 0 leaves every flag
; alone; OF is defined only for a masked count of 1 (so the general sweeps mask OF and the count-1
; sweeps hash it); AF is undefined after a shift with a nonzero count (masked); SHL/SHR CF is
; undefined when the count is >= the operand size (8/16-bit counts are restricted below it);
; rotates never change SF ZF AF PF (hashed); SHLD/SHRD 16-bit with count > 16 is undefined
; (restricted to 0..15).
%include "lib/kernel.inc"
%include "lib/sweep.inc"

SH_M    equ FL_SF | FL_ZF | FL_PF | FL_CF       ; nonzero-count shift: defined flags, OF aside
SH_M1   equ SH_M | FL_OF
RO_M    equ FL_ARITH & ~FL_OF
%define CNT1 0xFFFFFF01                          ; ANDed into ECX: count 1 (or 0x..01 masked)

test_main:
        SWP "shl32", SH_M, and, ecx, 0xFF, shl, eax, cl
        SWP "shl16", SH_M, and, ecx, 0x0F, shl, bx, cl
        SWP "shl8", SH_M, and, ecx, 0xE7, shl, dl, cl
        SWP "shl32-1", SH_M1, and, ecx, 0, shl, eax, 1
        SWP "shl8m", SH_M, and, ecx, 7, shl, byte [sw_m], cl
        SWP "shr32", SH_M, and, ecx, 0xFF, shr, eax, cl
        SWP "shr16", SH_M, and, ecx, 0x0F, shr, bx, cl
        SWP "shr8", SH_M, and, ecx, 0xE7, shr, ah, cl
        SWP "shr16-1", SH_M1, and, ecx, 0, shr, dx, 1
        SWP "shr32m", SH_M, and, ecx, 0xFF, shr, dword [sw_m], cl
        SWP "sar32", SH_M, and, ecx, 0xFF, sar, eax, cl
        SWP "sar16", SH_M, and, ecx, 0x0F, sar, bx, cl
        SWP "sar8", SH_M, and, ecx, 0xE7, sar, dl, cl
        SWP "sar8-1", SH_M1, and, ecx, 0, sar, bh, 1
        SWP "sar16i", SH_M, and, ecx, 0, sar, ax, 9
        SWP "shl32cl1", SH_M1, and, ecx, CNT1, shl, eax, cl
        SWP "sar32cl1", SH_M1, and, ecx, CNT1, sar, ebx, cl
        SWP "shr8cl1", SH_M1, and, ecx, CNT1, shr, al, cl
        SWP "rol32", RO_M, and, ecx, 0xFF, rol, eax, cl
        SWP "rol16", RO_M, and, ecx, 0xFF, rol, bx, cl
        SWP "rol8", RO_M, and, ecx, 0xFF, rol, dh, cl
        SWP "rol8m", RO_M, and, ecx, 0xFF, rol, byte [sw_m], cl
        SWP "ror32", RO_M, and, ecx, 0xFF, ror, eax, cl
        SWP "ror16", RO_M, and, ecx, 0xFF, ror, dx, cl
        SWP "ror8", RO_M, and, ecx, 0xFF, ror, al, cl
        SWP "ror16m", RO_M, and, ecx, 0xFF, ror, word [sw_m], cl
        SWP "rol32-1", FL_ARITH, and, ecx, 0, rol, eax, 1
        SWP "ror8-1", FL_ARITH, and, ecx, 0, ror, bl, 1
        SWP "rol16cl1", FL_ARITH, and, ecx, CNT1, rol, ax, cl
        SWP "rcl32", RO_M, and, ecx, 0xFF, rcl, eax, cl
        SWP "rcl16", RO_M, and, ecx, 0xFF, rcl, bx, cl
        SWP "rcl8", RO_M, and, ecx, 0xFF, rcl, dl, cl
        SWP "rcl8m", RO_M, and, ecx, 0xFF, rcl, byte [sw_m + 1], cl
        SWP "rcr32", RO_M, and, ecx, 0xFF, rcr, eax, cl
        SWP "rcr16", RO_M, and, ecx, 0xFF, rcr, bx, cl
        SWP "rcr8", RO_M, and, ecx, 0xFF, rcr, ch, cl
        SWP "rcr32m", RO_M, and, ecx, 0xFF, rcr, dword [sw_m], cl
        SWP "rcl32-1", FL_ARITH, and, ecx, 0, rcl, eax, 1
        SWP "rcr16-1", FL_ARITH, and, ecx, 0, rcr, dx, 1
        SWP "rcr8-1", FL_ARITH, and, ecx, 0, rcr, al, 1
        SWP "rcl8cl1", FL_ARITH, and, ecx, CNT1, rcl, bl, cl
        SWP "rcr32cl1", FL_ARITH, and, ecx, CNT1, rcr, eax, cl
        SWP "rcl16i", RO_M, and, ecx, 0, rcl, ax, 17
        SWP "rcr8i", RO_M, and, ecx, 0, rcr, bl, 12
        SWP3 "shld32", SH_M, and, ecx, 0xFF, shld, eax, ebx, cl
        SWP3 "shrd32", SH_M, and, ecx, 0xFF, shrd, eax, ebx, cl
        SWP3 "shld16", SH_M, and, ecx, 0x0F, shld, ax, dx, cl
        SWP3 "shrd16", SH_M, and, ecx, 0x0F, shrd, bx, ax, cl
        SWP3 "shld32m", SH_M, and, ecx, 0xFF, shld, [sw_m], edx, cl
        SWP3 "shrd16m", SH_M, and, ecx, 0x0F, shrd, [sw_m], dx, cl
        SWP3 "shld32i", SH_M, and, ecx, 0, shld, eax, ebx, 13
        SWP3 "shrd32-1", SH_M1, and, ecx, 0, shrd, eax, ebx, 1
        SWP3 "shld16cl1", SH_M1, and, ecx, CNT1, shld, ax, bx, cl
        ret
