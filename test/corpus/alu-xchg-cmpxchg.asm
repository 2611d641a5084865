; alu-xchg-cmpxchg.asm - XCHG (reg/reg, reg/mem, the 0x90+r short forms), XADD, CMPXCHG,
; CMPXCHG8B, BSWAP, with LOCK prefixes where allowed.
; SDM Vol. 2A/2B: CMPXCHG sets flags as CMP accumulator, dest; XADD as ADD; XCHG and BSWAP
; change no flags; CMPXCHG8B sets ZF only (others unaffected).
%include "lib/kernel.inc"

test_main:
        FMASK FL_ARITH
        PRINT "xchg32 "
        mov eax, 0x11111111
        mov ebx, 0x22222222
        SETFLAGS FL_CF | FL_ZF
        xchg eax, ebx
        call show_result
        HEX32 ebx
        NL
        PRINT "xchg16 "
        mov ecx, 0xAAAA3333
        xchg ax, cx
        call show_result
        HEX32 ecx
        NL
        PRINT "xchg8 "
        xchg al, ch
        call show_result
        HEX32 ecx
        NL
        PRINT "xchgm "
        mov dword [SCRATCH], 0x12345678
        mov eax, 0xCAFEBABE
        lock xchg [SCRATCH], eax
        call show_result
        HEX32 [SCRATCH]
        NL
        PRINT "xchgm16 "
        xchg [SCRATCH + 2], ax
        HEX32 [SCRATCH]
        call show_result
        PRINT "xadd32 "
        mov eax, 0x7FFFFFFF
        mov ebx, 1
        SETFLAGS 0
        xadd eax, ebx
        call show_result
        HEX32 ebx
        NL
        PRINT "xaddm8 "
        mov dword [SCRATCH], 0x000000F0
        mov ebx, 0x20
        lock xadd [SCRATCH], bl
        mov eax, [SCRATCH]
        call show_result
        HEX32 ebx
        NL
        PRINT "xaddm16 "
        mov bx, 0xFFFF
        xadd [SCRATCH], bx
        mov eax, [SCRATCH]
        call show_result
        HEX32 ebx
        NL
        PRINT "cmpxchg-eq "
        mov dword [SCRATCH], 100
        mov eax, 100
        mov ebx, 200
        lock cmpxchg [SCRATCH], ebx
        call show_result
        HEX32 [SCRATCH]
        NL
        PRINT "cmpxchg-ne "
        mov eax, 5
        cmpxchg [SCRATCH], ebx
        call show_result
        HEX32 [SCRATCH]
        NL
        PRINT "cmpxchg-reg "
        mov eax, 0x1234
        mov ecx, 0x5555
        mov edx, 0x1234
        cmpxchg dx, cx
        call show_result
        HEX32 edx
        NL
        PRINT "cmpxchg8 "
        mov eax, 0x80
        mov ecx, 0x7F
        mov dl, 0x01
        cmpxchg cl, dl
        call show_result
        HEX32 ecx
        NL
        PRINT "cmpxchg8b-eq "
        mov dword [SCRATCH], 0x11112222
        mov dword [SCRATCH + 4], 0x33334444
        mov eax, 0x11112222
        mov edx, 0x33334444
        mov ebx, 0xAAAAAAAA
        mov ecx, 0xBBBBBBBB
        SETFLAGS FL_CF | FL_SF
        lock cmpxchg8b [SCRATCH]
        call show_edx_eax
        HEX32 [SCRATCH]
        HEX32 [SCRATCH + 4]
        NL
        PRINT "cmpxchg8b-ne "
        SETFLAGS FL_OF | FL_ZF
        cmpxchg8b [SCRATCH]
        call show_edx_eax
        PRINT "bswap "
        mov eax, 0x12345678
        SETFLAGS FL_CF
        bswap eax
        call show_result
        mov esi, 0xAABBCCDD
        bswap esi
        HEX32 esi
        NL
        ret
