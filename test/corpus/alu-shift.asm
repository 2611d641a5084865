; alu-shift.asm - SHL/SAL, SHR, SAR by 1, by CL and by imm8, 8/16/32-bit.
; SDM Vol. 2B (SAL/SAR/SHL/SHR): count masked to 5 bits; count 0 changes no flags; CF = last bit
; out (undefined when count >= operand width for 8/16-bit SHL/SHR); OF defined only for 1-bit
; shifts; AF undefined; SF ZF PF by result. Masks below follow exactly that.
%include "lib/kernel.inc"

M_ONE   equ FL_OF | FL_SF | FL_ZF | FL_PF | FL_CF
M_MANY  equ FL_SF | FL_ZF | FL_PF | FL_CF
M_WIDE  equ FL_SF | FL_ZF | FL_PF

%macro SH 6 ; name, op, dst, value, count (cl), mask
        FMASK %6
        PRINT %1
        call space
        mov eax, %4
        mov ecx, %5
        SETFLAGS 0
        %2 %3, cl
        call show_result
%endmacro

test_main:
        SH "shl32/1", shl, eax, 0x80000001, 1, M_ONE
        SH "shl32/1", shl, eax, 0x40000000, 1, M_ONE
        SH "shl32/4", shl, eax, 0x1234567F, 4, M_MANY
        SH "shl32/31", shl, eax, 0x00000003, 31, M_MANY
        SH "shl32/33", shl, eax, 0x00000003, 33, M_ONE
        SH "shl16/3", shl, ax, 0xAAAAF00F, 3, M_MANY
        SH "shl16/16", shl, ax, 0xAAAA0001, 16, M_WIDE
        SH "shl8/1", shl, al, 0xC0, 1, M_ONE
        SH "shl8/7", shl, al, 0x03, 7, M_MANY
        SH "shl8/9", shl, al, 0x03, 9, M_WIDE
        SH "shr32/1", shr, eax, 0x80000001, 1, M_ONE
        SH "shr32/8", shr, eax, 0x80000080, 8, M_MANY
        SH "shr32/31", shr, eax, 0x80000000, 31, M_MANY
        SH "shr16/1", shr, ax, 0x12348001, 1, M_ONE
        SH "shr16/15", shr, ax, 0x12348000, 15, M_MANY
        SH "shr8/1", shr, al, 0x81, 1, M_ONE
        SH "shr8/8", shr, al, 0x81, 8, M_WIDE
        SH "sar32/1", sar, eax, 0x80000001, 1, M_ONE
        SH "sar32/4", sar, eax, 0x8000000F, 4, M_MANY
        SH "sar32/31", sar, eax, 0x40000000, 31, M_MANY
        SH "sar16/1", sar, ax, 0x8001, 1, M_ONE
        SH "sar16/20", sar, ax, 0x8001, 20, M_MANY
        SH "sar8/3", sar, al, 0x84, 3, M_MANY
        SH "sar8/12", sar, al, 0x84, 12, M_MANY
        SH "sar8/12", sar, al, 0x44, 12, M_MANY
        ; count 0 (also 32 masked to 0): flags unchanged
        FMASK FL_ARITH
        PRINT "shl32/0 "
        mov eax, 0x12345678
        mov cl, 0
        SETFLAGS FL_OF | FL_CF | FL_ZF | FL_AF
        shl eax, cl
        call show_result
        PRINT "shr32/32 "
        mov cl, 32
        SETFLAGS FL_SF | FL_PF
        shr eax, cl
        call show_result
        ; immediate and by-1 encodings
        FMASK M_ONE
        PRINT "sal1 "
        mov eax, 0xC0000000
        SETFLAGS 0
        sal eax, 1
        call show_result
        PRINT "sar1 "
        sar eax, 1
        call show_result
        FMASK M_MANY
        PRINT "shli "
        mov eax, 0x00F00000
        shl eax, 9
        call show_result
        PRINT "shri "
        shr ax, 5
        call show_result
        PRINT "sari "
        mov eax, 0xF0
        sar al, 6
        call show_result
        PRINT "shlm "
        mov dword [SCRATCH], 0x87654321
        shl dword [SCRATCH], 12
        mov eax, [SCRATCH]
        call show_result
        PRINT "sarm "
        mov cl, 2
        sar word [SCRATCH + 2], cl
        mov eax, [SCRATCH]
        call show_result
        ret
