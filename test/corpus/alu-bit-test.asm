; alu-bit-test.asm - BT, BTS, BTR, BTC (register and memory, imm8 and register bit offsets,
; including register offsets that reach beyond the addressed dword), BSF and BSR.
; SDM Vol. 2A (BT...): CF = selected bit, ZF unaffected, OF SF AF PF undefined (masked).
; BSF/BSR: ZF = (source == 0); destination undefined when source is 0 (not printed); other
; flags undefined.
%include "lib/kernel.inc"

test_main:
        FMASK FL_CF | FL_ZF
        BIN "bt32", bt, eax, ebx, 0x00000010, 4, 0
        BIN "bt32", bt, eax, ebx, 0x00000010, 36, FL_ZF
        BIN "bts32", bts, eax, ebx, 0x00000000, 31, 0
        BIN "btr32", btr, eax, ebx, 0xFFFFFFFF, 7, 0
        BIN "btc32", btc, eax, ebx, 0x0000F000, 12, FL_ZF
        BIN "bt16", bt, ax, bx, 0x8000, 15, 0
        BIN "bts16", bts, ax, bx, 0xAAAA0000, 17, 0
        BIN "btri", btr, eax, 3, 0x0F, 0, 0
        BIN "btci", btc, ax, 20, 0x0F, 0, 0
        mov edi, SCRATCH
        mov dword [edi], 0x00000001
        mov dword [edi + 4], 0x80000000
        mov dword [edi + 8], 0
        mov dword [edi - 4], 0x00000002
        PRINT "btm+33 "
        mov ecx, 33
        bts dword [edi], ecx
        mov eax, [edi + 4]
        call show_result
        PRINT "btm+63 "
        mov ecx, 63
        bt dword [edi], ecx
        call show_result
        PRINT "btm-31 "
        mov ecx, -31
        btr dword [edi], ecx
        mov eax, [edi - 4]
        call show_result
        PRINT "btm16+70 "
        mov ecx, 70
        btc word [edi], cx
        mov eax, [edi + 8]
        call show_result
        PRINT "btmi "
        btc dword [edi], 0
        mov eax, [edi]
        call show_result
        PRINT "btmi16 "
        bts word [edi + 1], 3
        mov eax, [edi]
        call show_result
        FMASK FL_ZF
        BIN "bsf32", bsf, eax, ebx, 0xEEEE, 0x00018000, 0
        BIN "bsf32", bsf, eax, ebx, 0xEEEE, 0x80000000, FL_ZF
        BIN "bsr32", bsr, eax, ebx, 0xEEEE, 0x00018000, 0
        BIN "bsr32", bsr, eax, ebx, 0xEEEE, 0x00000001, 0
        BIN "bsf16", bsf, ax, bx, 0x55550000, 0x0100, 0
        BIN "bsr16", bsr, ax, bx, 0x55550000, 0x7001, 0
        PRINT "bsf0 "
        xor ebx, ebx
        SETFLAGS 0
        bsf eax, ebx
        FLAGS FL_ZF
        NL
        PRINT "bsr0 "
        bsr eax, ebx
        FLAGS FL_ZF
        NL
        mov dword [SCRATCH], 0x00F00000
        PRINT "bsfm "
        bsf eax, [SCRATCH]
        call show_result
        PRINT "bsrm "
        bsr eax, [SCRATCH]
        call show_result
        ret
