; string-movs-stos-lods.asm - MOVS, STOS, LODS in byte/word/dword, single and REP, DF = 0 and
; DF = 1, overlapping copies, REP with ECX = 0.
; SDM Vol. 2B (MOVS, STOS, LODS, REP): ESI/EDI step by the element size, downward when DF = 1;
; REP repeats ECX times; no flags affected.
%include "lib/kernel.inc"

SRC     equ SCRATCH
DST     equ SCRATCH + 0x100

; dump16: print 16 bytes at EBX
dump16:
        pushad
        mov ecx, 16
.l:
        mov al, [ebx]
        call hex8
        inc ebx
        loop .l
        call newline
        popad
        ret

test_main:
        mov edi, SRC
        mov ecx, 64
        xor eax, eax
.fill:
        mov [edi], al
        inc edi
        add al, 0x11
        loop .fill
        mov edi, DST
        mov ecx, 16
        mov eax, 0xEEEEEEEE
        rep stosd
        ; single movs forms
        mov esi, SRC
        mov edi, DST
        movsb
        movsw
        movsd
        mov ebx, DST
        call dump16
        mov eax, esi
        sub eax, SRC
        SHOW "esi", eax
        mov eax, edi
        sub eax, DST
        SHOW "edi", eax
        NL
        ; rep movsd / movsw / movsb forward
        mov esi, SRC
        mov edi, DST
        mov ecx, 3
        rep movsd
        mov ecx, 1
        rep movsw
        mov ecx, 1
        rep movsb
        SHOW "ecx", ecx
        mov ebx, DST
        call dump16
        ; backward
        std
        mov esi, SRC + 15
        mov edi, DST + 15
        mov ecx, 8
        rep movsb
        mov eax, esi
        sub eax, SRC
        SHOW "esi", eax
        cld
        mov ebx, DST
        call dump16
        std
        mov esi, SRC + 12
        mov edi, DST + 12
        mov ecx, 2
        rep movsd
        mov esi, SRC + 2
        mov edi, DST + 2
        movsw
        cld
        mov ebx, DST
        call dump16
        ; overlapping forward copy (byte by byte replicates the pattern)
        mov dword [DST], 0x44332211
        mov esi, DST
        lea edi, [DST + 1]
        mov ecx, 12
        rep movsb
        mov ebx, DST
        call dump16
        ; rep with ecx = 0 does nothing
        mov esi, SRC
        mov edi, DST
        xor ecx, ecx
        rep movsd
        mov eax, edi
        sub eax, DST
        SHOW "edi0", eax
        NL
        ; stos
        mov edi, DST
        mov eax, 0x12345678
        stosb
        stosw
        stosd
        mov ecx, 3
        mov ax, 0xABCD
        rep stosw
        std
        mov edi, DST + 15
        mov al, 0x99
        stosb
        mov ecx, 2
        rep stosb
        cld
        mov ebx, DST
        call dump16
        ; lods
        mov esi, SRC + 4
        lodsb
        SHOW "lodsb", eax
        lodsw
        SHOW "lodsw", eax
        lodsd
        SHOW "lodsd", eax
        std
        lodsd
        SHOW "lodsd-", eax
        mov ecx, 3
        rep lodsb
        SHOW "replods", eax
        mov eax, esi
        sub eax, SRC
        SHOW "esi", eax
        cld
        NL
        FLAGS FL_ARITH
        NL
        ret
