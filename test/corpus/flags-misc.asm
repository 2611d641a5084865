; flags-misc.asm - LAHF/SAHF, CLC/STC/CMC, CLD/STD, CBW/CWDE/CWD/CDQ, NOP, PAUSE, multi-byte NOP.
; SDM Vol. 2A/2B: SAHF loads SF ZF AF PF CF from AH (bit 1 stays 1, OF untouched); LAHF stores
; them with bit 1 = 1 and bits 3, 5 = 0; CBW..CDQ change no flags.
%include "lib/kernel.inc"

test_main:
        FMASK 0x0CD7
        SETFLAGS FL_OF
        mov eax, 0xFFFFFFFF
        sahf
        PRINT "sahf "
        call show_result
        SETFLAGS FL_ZF | FL_CF | FL_OF
        mov eax, 0x12340000
        sahf
        PRINT "sahf0 "
        call show_result
        SETFLAGS FL_SF | FL_AF | FL_PF
        mov eax, 0xAAAAAAAA
        lahf
        PRINT "lahf "
        call show_result
        SETFLAGS FL_ARITH
        lahf
        PRINT "lahf "
        call show_result
        SETFLAGS 0
        stc
        PRINT "stc "
        call show_result
        cmc
        PRINT "cmc "
        call show_result
        cmc
        clc
        PRINT "clc "
        call show_result
        std
        PRINT "std "
        call show_result
        cld
        PRINT "cld "
        call show_result
        mov eax, 0x12345680
        cbw
        PRINT "cbw "
        call show_result
        mov eax, 0x1234807F
        cbw
        PRINT "cbw "
        call show_result
        mov eax, 0x12348000
        cwde
        PRINT "cwde "
        call show_result
        mov eax, 0x00007FFF
        mov edx, 0xEEEEEEEE
        cwd
        PRINT "cwd "
        call show_edx_eax
        mov eax, 0x12348000
        cwd
        PRINT "cwd "
        call show_edx_eax
        mov eax, 0x80000000
        cdq
        PRINT "cdq "
        call show_edx_eax
        mov eax, 0x7FFFFFFF
        cdq
        PRINT "cdq "
        call show_edx_eax
        SETFLAGS FL_CF | FL_ZF
        nop
        pause
        db 0x0F, 0x1F, 0x00                     ; nop dword [eax]
        db 0x0F, 0x1F, 0x44, 0x00, 0x00         ; nop dword [eax+eax+0]
        db 0x66, 0x90                           ; xchg ax, ax
        xchg eax, eax
        PRINT "nops "
        call show_result
        ret
