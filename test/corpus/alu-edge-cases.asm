; alu-edge-cases.asm - operand aliasing and count-masking corner cases whose results the SDM
; pseudocode fixes: XADD and XCHG with the same register, CMPXCHG whose destination is the
; accumulator, shifts/rotates of memory by a zero count (no flags changed), ENTER with a nesting
; level above 31 (taken mod 32), IMUL with a negative immediate, NEG of the minimum value, SBB of
; a register with itself, LEA with a register wrap-around, BSWAP twice.
; SDM Vol. 2A/2B pseudocode of XADD, XCHG, CMPXCHG, SAL/SAR/SHL/SHR, ENTER, IMUL, NEG, SBB, LEA.
%include "lib/kernel.inc"

test_main:
        FMASK FL_ARITH
        PRINT "xadd-same "
        mov eax, 0x40000001
        SETFLAGS 0
        xadd eax, eax
        call show_result
        PRINT "xchg-same "
        mov eax, 0x1234
        xchg eax, eax
        xchg ax, ax
        call show_result
        PRINT "cmpxchg-acc "
        mov eax, 0x55
        mov ebx, 0x77
        cmpxchg eax, ebx
        call show_result
        PRINT "cmpxchg-acc16 "
        mov eax, 0xAAAA0055
        mov ecx, 0x12340066
        cmpxchg cx, ax
        call show_result
        HEX32 ecx
        NL
        PRINT "shl-mem-0 "
        mov dword [SCRATCH], 0x80000001
        mov cl, 0x20
        SETFLAGS FL_CF | FL_OF | FL_ZF
        shl dword [SCRATCH], cl
        mov eax, [SCRATCH]
        call show_result
        PRINT "rcr-mem-0 "
        mov cl, 0
        SETFLAGS FL_SF | FL_AF
        rcr byte [SCRATCH], cl
        mov eax, [SCRATCH]
        call show_result
        PRINT "sbb-self "
        mov edx, 0x12345678
        SETFLAGS FL_CF
        sbb edx, edx
        mov eax, edx
        call show_result
        SETFLAGS 0
        sbb edx, edx
        mov eax, edx
        PRINT "sbb-self0 "
        call show_result
        PRINT "neg-min16 "
        mov eax, 0xFFFF8000
        neg ax
        call show_result
        PRINT "imul-neg "
        mov ebx, 0x7FFFFFFF
        imul eax, ebx, -1
        FMASK FL_CF | FL_OF
        call show_result
        FMASK FL_ARITH
        PRINT "lea-wrap "
        mov ebx, 0xFFFFFFF0
        lea eax, [ebx + 0x20]
        call show_result
        PRINT "bswap2 "
        mov eax, 0x11223344
        bswap eax
        bswap eax
        call show_result
        ; enter with level 33 behaves as level 1
        mov [saved], esp
        mov ebp, esp
        enter 4, 33
        mov eax, [saved]
        sub eax, esp
        PRINT "enter33-depth "
        call show_result
        mov esp, [saved]
        mov ebp, esp
        ret

saved:  dd 0
