; string-cmps-scas.asm - CMPS and SCAS with REPE/REPNE, byte/word/dword, both directions;
; final ESI/EDI/ECX and flags of the last comparison.
; SDM Vol. 2A/2B (CMPS, SCAS, REP/REPE/REPNE): flags as CMP of the last compared pair;
; REPE stops when ZF = 0, REPNE when ZF = 1, either when ECX = 0.
%include "lib/kernel.inc"

A       equ SCRATCH
B       equ SCRATCH + 0x100

%macro STATE 1
        pushfd
        PRINT %1
        call space
        mov eax, esi
        sub eax, A
        SHOW "si", eax
        mov eax, edi
        sub eax, B
        SHOW "di", eax
        SHOW "cx", ecx
        popfd
        FLAGS FL_ARITH
        NL
%endmacro

test_main:
        mov edi, A
        mov esi, str_a
        mov ecx, 32
        rep movsb
        mov edi, B
        mov esi, str_b
        mov ecx, 32
        rep movsb
        ; repe cmpsb: first difference at index 5
        mov esi, A
        mov edi, B
        mov ecx, 32
        repe cmpsb
        STATE "repe-cmpsb"
        ; repne cmpsb: first equal at index 0
        mov esi, A
        mov edi, B
        mov ecx, 32
        repne cmpsb
        STATE "repne-cmpsb"
        ; repe cmpsd with all equal for 1 dword
        mov esi, A
        mov edi, B
        mov ecx, 1
        repe cmpsd
        STATE "repe-cmpsd"
        mov esi, A
        mov edi, B
        mov ecx, 8
        repe cmpsw
        STATE "repe-cmpsw"
        ; backward
        std
        mov esi, A + 31
        mov edi, B + 31
        mov ecx, 32
        repe cmpsb
        STATE "repe-cmpsb-back"
        cld
        ; single cmps
        mov esi, A + 5
        mov edi, B + 5
        cmpsb
        STATE "cmpsb"
        ; scas
        mov edi, B
        mov ecx, 32
        mov al, 'x'
        repne scasb
        STATE "repne-scasb"
        mov edi, B
        mov ecx, 32
        mov al, '#'
        repne scasb
        STATE "repne-scasb-miss"
        mov edi, B
        mov ecx, 4
        mov eax, 0x6C6C6548
        repe scasd
        STATE "repe-scasd"
        mov edi, B + 8
        mov ecx, 5
        mov ax, 0x2020
        repne scasw
        STATE "repne-scasw"
        std
        mov edi, B + 31
        mov ecx, 40
        mov al, 'H'
        repne scasb
        STATE "repne-scasb-back"
        cld
        ; rep with ecx = 0: flags unchanged
        SETFLAGS FL_CF | FL_OF
        xor ecx, ecx
        stc
        mov esi, A
        mov edi, B
        repe cmpsb
        STATE "ecx0"
        ret

str_a:  db "Hello, world of string ops!!!!!!"
str_b:  db "Hellox world of string ops!!!!!!"
