; seg-override.asm - segment override prefixes (ES CS SS DS FS GS) on loads, stores and string
; sources, segments with non-zero bases, default segments (DS; SS for ESP/EBP bases), MOVS with
; an overridden source (the destination is always ES).
; SDM Vol. 3A 3.4.4 and 3.7.4, Vol. 2A 2.1.1 (segment override prefixes), Vol. 2B MOVS.
%include "lib/kernel.inc"

test_main:
        ; FS base SCRATCH+0x1000, GS base SCRATCH+0x2000, both 4 GiB limit
        DESC SEL_SPARE0, SCRATCH + 0x1000, 0xFFFFF, 0x92, 0xC0
        DESC SEL_SPARE1, SCRATCH + 0x2000, 0xFFFFF, 0x92, 0xC0
        mov ax, SEL_SPARE0
        mov fs, ax
        mov ax, SEL_SPARE1
        mov gs, ax
        mov dword [SCRATCH + 0x1000], 0xF5F5F5F5
        mov dword [SCRATCH + 0x2000], 0x65656565
        mov dword [SCRATCH + 0x1010], 0xF5F51010
        mov dword [SCRATCH + 0x2010], 0x65651010
        mov eax, [fs:0]
        mov ebx, [gs:0]
        mov esi, 0x10
        mov ecx, [fs:esi]
        mov edx, [gs:esi]
        HEX32 eax
        HEX32 ebx
        HEX32 ecx
        HEX32 edx
        NL
        mov dword [fs:0x20], 0x11112222
        mov word [gs:0x22], 0x3333
        mov byte [gs:esi + 0x13], 0x44
        HEX32 [SCRATCH + 0x1020]
        HEX32 [SCRATCH + 0x2020]
        NL
        ; cs: and ss: and ds: and es: overrides on flat segments
        mov eax, [cs:cs_data]
        HEX32 eax
        mov eax, [ss:cs_data]
        HEX32 eax
        mov eax, [es:cs_data]
        HEX32 eax
        mov eax, [ds:cs_data]
        HEX32 eax
        NL
        ; movs with fs source, es destination
        mov esi, 0x10
        mov edi, SCRATCH + 0x3000
        mov ecx, 2
        rep fs movsd
        HEX32 [SCRATCH + 0x3000]
        HEX32 [SCRATCH + 0x3004]
        ; lods with gs override
        mov esi, 0x10
        gs lodsd
        HEX32 eax
        ; cmps with fs override of the source
        mov esi, 0
        mov edi, SCRATCH + 0x1000
        fs cmpsd
        FLAGS FL_ARITH
        NL
        ; default SS for EBP base and ESP base: SS here is flat, DS replaced by a based segment
        mov dword [SCRATCH + 0x40], 0xBA5E0040
        mov dword [SCRATCH + 0x1040], 0xF5000040
        mov ax, SEL_SPARE0
        mov ds, ax
        mov ebp, SCRATCH + 0x40
        mov ebx, 0x40
        mov ecx, [ebp]                  ; SS: flat
        mov edx, [ebx]                  ; DS: based
        mov esi, [ds:ebp - SCRATCH]     ; DS override on EBP base
        mov edi, [ss:ebx + SCRATCH]     ; SS override
        mov ax, SEL_DATA0
        mov ds, ax
        HEX32 ecx
        HEX32 edx
        HEX32 esi
        HEX32 edi
        NL
        ; xlat with override
        mov dword [SCRATCH + 0x1100], 0x13121110
        mov dword [SCRATCH + 0x1104], 0x17161514
        mov ebx, 0x100
        mov eax, 6
        fs xlatb
        HEX32 eax
        NL
        mov ax, SEL_DATA0
        mov fs, ax
        mov gs, ax
        ret

cs_data:        dd 0xC0DEC0DE
