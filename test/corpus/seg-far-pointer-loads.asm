; seg-far-pointer-loads.asm - LDS, LES, LFS, LGS, LSS with 32-bit (m16:32) and 16-bit (m16:16)
; far pointers; MOV Sreg from memory; a far-pointer load with a bad selector faults with the
; selector's error code and leaves the destination register unchanged.
; SDM Vol. 2A (LDS/LES/LFS/LGS/LSS: load far pointer), Vol. 2B MOV (segment registers).
%include "lib/kernel.inc"

FARP     equ SCRATCH

test_main:
        mov dword [FARP], 0x11223344
        mov word [FARP + 4], SEL_DATA3 | 3
        mov word [FARP + 8], 0x5566
        mov word [FARP + 10], SEL_DATA0
        lfs eax, [FARP]
        mov ebx, fs
        and ebx, 0xFFFF
        HEX32 eax
        HEX32 ebx
        mov ecx, 0xAAAAAAAA
        lgs cx, [FARP + 8]
        mov edx, gs
        and edx, 0xFFFF
        HEX32 ecx
        HEX32 edx
        les esi, [FARP]
        mov eax, es
        and eax, 0xFFFF
        HEX32 esi
        HEX32 eax
        NL
        ; lds: DS itself changes (to another flat selector) and back
        mov dword [FARP + 16], 0x0BADF00D
        mov word [FARP + 20], SEL_DATA3 | 3
        lds edi, [FARP + 16]
        mov eax, ds
        mov bx, SEL_DATA0
        mov ds, bx
        and eax, 0xFFFF
        HEX32 edi
        HEX32 eax
        ; lss: stack switch in one instruction
        mov [saved_esp], esp
        mov dword [FARP + 24], STACK0_TOP - 0x8000
        mov word [FARP + 28], SEL_DATA0
        lss esp, [FARP + 24]
        mov eax, esp
        lss esp, [saved_esp_ptr]
        sub eax, STACK0_TOP
        HEX32 eax
        NL
        ; mov sreg from memory
        mov word [FARP + 32], SEL_DATA3 | 3
        mov fs, [FARP + 32]
        mov eax, fs
        and eax, 0xFFFF
        HEX32 eax
        NL
        ; faults: destination register unchanged
        mov word [FARP + 4], 0x0800
        mov eax, 0xCAFECAFE
        RESUME .r1
        lgs eax, [FARP]
.r1:
        HEX32 eax
        mov word [FARP + 4], SEL_TSS
        RESUME .r2
        lss eax, [FARP]
.r2:
        HEX32 eax
        mov word [FARP + 4], 0
        RESUME .r3
        lss eax, [FARP]
.r3:
        HEX32 eax
        NL
        mov ax, SEL_DATA0
        mov es, ax
        mov fs, ax
        mov gs, ax
        ret

saved_esp:      dd 0
saved_ss:       dw SEL_DATA0
saved_esp_ptr   equ saved_esp
