; code16-segment.asm - executing in a 16-bit code segment (descriptor D = 0) in protected mode:
; default operand and address size 16, the 0x66/0x67 prefixes selecting 32-bit, near CALL/RET
; pushing IP (2 bytes) on the 32-bit stack (SS.B = 1, so ESP is used), LOOP on CX, far JMP/CALL
; between 16- and 32-bit code (ptr16:16 and ptr16:32 forms).
; SDM Vol. 3A 3.4.5 (D flag), 21.1 (mixing 16-bit and 32-bit code), Vol. 2A CALL/JMP.
%include "lib/kernel.inc"

RES     equ SCRATCH                     ; results written by the 16-bit code

test_main:
        mov [esp_before], esp
        jmp SEL_CODE16:(code16 - IMAGE_BASE)
back32:
        mov eax, [esp_before]
        sub eax, esp
        SHOW "depth", eax
        NL
        mov esi, RES
        mov ecx, 12
.p:
        lodsd
        call hex32
        call space
        loop .p
        NL
        ; far call from 32-bit code into 16-bit code and a 16-bit far return (RETF with 0x66)
        call SEL_CODE16:(far16 - IMAGE_BASE)
        SHOW "far16", eax
        mov eax, [esp_before]
        sub eax, esp
        SHOW "depth", eax
        NL
        ret

esp_before:     dd 0

        bits 16
code16:
        mov eax, 0x11111111             ; 66 prefix: 32-bit immediate
        mov ax, 0x2222                  ; 16-bit by default
        mov [dword RES], eax            ; 67 prefix: 32-bit address
        mov ebx, esp
        push ax                         ; 2 bytes
        mov ecx, ebx
        sub ecx, esp
        mov [dword RES + 4], ecx
        pop ax
        push eax                        ; 4 bytes (66)
        mov ecx, ebx
        sub ecx, esp
        mov [dword RES + 8], ecx
        pop eax
        call near sub16                 ; pushes IP only
        mov [dword RES + 12], ecx
        mov cx, 5
        xor dx, dx
.l:     inc dx
        loop .l
        mov [dword RES + 16], edx
        mov [dword RES + 20], ecx
        ; 16-bit arithmetic flags and a conditional branch with a 16-bit displacement
        mov ax, 0x7FFF
        add ax, 1
        pushfd
        pop eax
        and eax, FL_ARITH
        mov [dword RES + 24], eax
        ; 16-bit addressing is the default here: [bx+si] with DS flat base 0 -> low memory
        mov bx, 0x0500
        mov si, 0x0010
        mov dword [bx+si], 0xCAFEF00D
        mov eax, [dword 0x510]
        mov [dword RES + 28], eax
        ; movzx/lea/shift with 16-bit defaults
        mov eax, 0xFFFFFFFF
        lea ax, [bx+si+2]
        mov [dword RES + 32], eax
        mov ecx, 0xFFFFFFFF
        movzx cx, byte [dword RES + 3]
        mov [dword RES + 36], ecx
        mov eax, 0x12345678
        shl ax, 4
        mov [dword RES + 40], eax
        xchg ax, bx
        mov [dword RES + 44], eax
        jmp dword SEL_CODE0:back32      ; 66 EA ptr16:32

sub16:
        mov bp, sp
        mov ecx, ebx
        sub ecx, esp                    ; 2: only IP was pushed
        ret

far16:
        mov eax, [esp + 4]              ; CS pushed by the 32-bit far call (4+4 bytes)
        and eax, 0xFFFF
        db 0x66                         ; 32-bit RETF from 16-bit code
        retf

        bits 32
