; stack-push-pop.asm - PUSH/POP of registers, r/m, imm8/imm32, segment registers; PUSHAD/POPAD,
; PUSHFD/POPFD, PUSH ESP (old value), POP ESP, POP [ESP+d] (address after increment), 16-bit
; PUSH/POP with the 0x66 prefix.
; SDM Vol. 2B (PUSH, POP, PUSHA, POPA, PUSHF, POPF). A segment register pushed with 32-bit
; operand size may be written as 16 bits (upper half of the slot not defined): only the low
; word is printed.
%include "lib/kernel.inc"

test_main:
        mov ebp, esp
        push dword 0x12345678
        push byte -2
        push word 0x7777
        mov eax, ebp
        sub eax, esp
        SHOW "depth", eax
        pop ax
        pop ebx
        pop ecx
        HEX32 eax
        HEX32 ebx
        HEX32 ecx
        NL
        ; push esp pushes the value before the push
        mov eax, esp
        push esp
        pop ebx
        sub eax, ebx
        SHOW "pushesp", eax
        ; pop esp: ESP = popped value
        mov dword [SCRATCH], 0
        push esp
        pop esp
        mov ecx, esp
        sub ecx, ebp
        SHOW "popesp", ecx
        NL
        ; pop [esp+4] computes the address after ESP is incremented
        push dword 0xAAAAAAAA
        push dword 0xBBBBBBBB
        push dword 0xCCCCCCCC
        pop dword [esp + 4]
        pop eax
        pop ebx
        SHOW "popm", eax
        HEX32 ebx
        NL
        ; push/pop r/m
        mov dword [SCRATCH], 0x01020304
        push dword [SCRATCH]
        pop dword [SCRATCH + 4]
        push word [SCRATCH + 2]
        pop word [SCRATCH + 8]
        HEX32 [SCRATCH + 4]
        HEX16 [SCRATCH + 8]
        NL
        ; segment registers
        mov dword [esp - 4], 0xFFFFFFFF
        push ds
        mov eax, ebp
        sub eax, esp
        SHOW "pushds", eax
        mov ecx, [esp]
        HEX16 cx
        pop es
        mov ax, es
        HEX16 ax
        mov ax, SEL_DATA3 | 3
        mov fs, ax
        push fs
        pop gs
        mov ax, gs
        HEX16 ax
        push ss
        pop eax
        HEX16 ax
        push cs
        pop eax
        HEX16 ax
        db 0x66                         ; 16-bit operand size
        push ds
        mov eax, ebp
        sub eax, esp
        SHOW "push16ds", eax
        db 0x66
        pop fs
        mov ax, SEL_DATA0
        mov fs, ax
        mov gs, ax
        NL
        ; pushad/popad
        mov eax, 0xA0
        mov ecx, 0xC1
        mov edx, 0xD2
        mov ebx, 0xB3
        mov esi, 0x51
        mov edi, 0xD1
        push ebp
        mov ebp, 0xB5
        pushad
        mov eax, [esp + 12]
        sub eax, esp
        SHOW "pushad-esp", eax
        mov dword [esp + 12], 0x12345678
        mov dword [esp + 28], 0xEEEE
        xor eax, eax
        xor ecx, ecx
        popad
        pop ebp
        HEX32 eax
        HEX32 ecx
        HEX32 edx
        HEX32 ebx
        HEX32 esi
        HEX32 edi
        NL
        ; 16-bit pusha/popa
        mov eax, 0x11110001
        mov ebx, 0x22220002
        pushaw
        mov eax, ebp
        sub eax, esp
        SHOW "pusha16", eax
        mov word [esp + 14], 0x7E57
        popaw
        HEX32 eax
        HEX32 ebx
        NL
        ; pushfd/popfd
        SETFLAGS FL_CF | FL_OF | FL_DF
        pushfd
        pop eax
        and eax, 0x00FF7FD7
        SHOW "pushfd", eax
        push dword 0xFFFFFCFF
        popfd
        pushfd
        pop eax
        and eax, 0x003F7FD7
        SHOW "popfd-all", eax
        SETFLAGS 0
        pushfw
        pop ax
        SHOW "pushf16", eax
        NL
        cld
        ret
