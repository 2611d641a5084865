; alu-rotate.asm - ROL, ROR, RCL, RCR by 1, CL and imm8, 8/16/32-bit.
; SDM Vol. 2B (RCL/RCR/ROL/ROR): only CF and OF are affected; OF defined for 1-bit rotates only;
; count masked to 5 bits, RCL/RCR 8-bit use count mod 9, 16-bit mod 17; masked count 0 changes
; no flags. SF ZF AF PF are unaffected, so they are printed (they must survive).
%include "lib/kernel.inc"

M_ONE   equ FL_ARITH
M_MANY  equ FL_ARITH & ~FL_OF

%macro RT 7 ; name, op, dst, value, count, flags_in, mask
        FMASK %7
        PRINT %1
        call space
        mov eax, %4
        mov ecx, %5
        SETFLAGS %6
        %2 %3, cl
        call show_result
%endmacro

test_main:
        RT "rol32/1", rol, eax, 0x80000001, 1, 0, M_ONE
        RT "rol32/1", rol, eax, 0x40000000, 1, FL_ZF | FL_PF, M_ONE
        RT "rol32/4", rol, eax, 0x12345678, 4, FL_SF, M_MANY
        RT "rol32/36", rol, eax, 0x12345678, 36, FL_AF, M_MANY
        RT "rol16/8", rol, ax, 0xAAAA1234, 8, 0, M_MANY
        RT "rol8/3", rol, al, 0x81, 3, 0, M_MANY
        RT "rol8/8", rol, al, 0x81, 8, 0, M_MANY
        RT "rol8/16", rol, al, 0x80, 16, 0, M_MANY
        RT "ror32/1", ror, eax, 0x00000001, 1, 0, M_ONE
        RT "ror32/1", ror, eax, 0x00000002, 1, 0, M_ONE
        RT "ror32/31", ror, eax, 0x80000000, 31, 0, M_MANY
        RT "ror16/4", ror, ax, 0x1234000F, 4, FL_ZF, M_MANY
        RT "ror8/1", ror, al, 0x01, 1, 0, M_ONE
        RT "ror8/9", ror, al, 0x02, 9, 0, M_MANY
        RT "rcl32/1", rcl, eax, 0x80000000, 1, FL_CF, M_ONE
        RT "rcl32/1", rcl, eax, 0x40000000, 1, 0, M_ONE
        RT "rcl32/5", rcl, eax, 0x08000001, 5, FL_CF, M_MANY
        RT "rcl16/17", rcl, ax, 0x5555ABCD, 17, FL_CF, M_MANY
        RT "rcl16/16", rcl, ax, 0x00008001, 16, 0, M_MANY
        RT "rcl8/9", rcl, al, 0x55, 9, FL_CF, M_MANY
        RT "rcl8/8", rcl, al, 0x81, 8, FL_CF, M_MANY
        RT "rcl8/10", rcl, al, 0x81, 10, 0, M_MANY
        RT "rcr32/1", rcr, eax, 0x00000001, 1, 0, M_ONE
        RT "rcr32/1", rcr, eax, 0x00000000, 1, FL_CF, M_ONE
        RT "rcr32/7", rcr, eax, 0x000000C0, 7, FL_CF, M_MANY
        RT "rcr16/3", rcr, ax, 0x00000005, 3, 0, M_MANY
        RT "rcr16/18", rcr, ax, 0x00000005, 18, FL_CF, M_MANY
        RT "rcr8/9", rcr, al, 0x80, 9, FL_CF, M_MANY
        RT "rcr8/4", rcr, al, 0x0F, 4, FL_CF, M_MANY
        FMASK FL_ARITH
        PRINT "rol32/0 "
        mov eax, 0x11
        mov cl, 32
        SETFLAGS FL_OF | FL_CF
        rol eax, cl
        call show_result
        PRINT "rcl8/9z "
        mov eax, 0x11
        mov cl, 0
        SETFLAGS FL_OF | FL_CF | FL_SF
        rcl al, cl
        call show_result
        FMASK M_ONE
        PRINT "rol1 "
        mov eax, 0x80000000
        SETFLAGS 0
        rol eax, 1
        call show_result
        PRINT "rcr1 "
        rcr eax, 1
        call show_result
        FMASK M_MANY
        PRINT "rori "
        ror eax, 12
        call show_result
        PRINT "rclm "
        mov dword [SCRATCH], 0x80000001
        SETFLAGS 0
        rcl dword [SCRATCH], 3
        mov eax, [SCRATCH]
        call show_result
        PRINT "rorm "
        mov cl, 4
        ror byte [SCRATCH], cl
        mov eax, [SCRATCH]
        call show_result
        ret
