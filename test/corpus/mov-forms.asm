; mov-forms.asm - MOV in all forms (r/m<->r, imm to r and r/m, moffs, segment registers),
; MOVZX/MOVSX, LEA with every ModRM/SIB shape, in 8/16/32-bit.
; SDM Vol. 2A/2B (MOV, MOVZX, MOVSX, LEA): no flags affected (flags printed must survive).
%include "lib/kernel.inc"

test_main:
        FMASK FL_ARITH
        SETFLAGS FL_CF | FL_ZF | FL_OF
        mov eax, 0x11223344
        mov ecx, 0x99999999
        mov ebx, eax
        mov bl, 0x55
        mov bh, al
        mov cx, bx
        mov ecx, ecx
        PRINT "regs "
        call show_result
        HEX32 ebx
        HEX32 ecx
        NL
        ; moffs forms (A0-A3)
        mov [SCRATCH], eax
        mov al, [SCRATCH + 3]
        mov [SCRATCH + 8], al
        mov ax, [SCRATCH + 1]
        mov [SCRATCH + 10], ax
        mov eax, [SCRATCH + 8]
        PRINT "moffs "
        call show_result
        ; r/m with immediates and every addressing shape
        mov edi, SCRATCH + 0x100
        mov esi, 4
        mov dword [edi], 0xA0A0A0A0
        mov word [edi + 4], 0xB1B1
        mov byte [edi + esi*2 + 1], 0xC2
        mov dword [edi + esi*4 + 0x10], 0xD3D3D3D3
        mov dword [esi*8 + SCRATCH + 0x100 + 0x20], 0xE4E4E4E4
        mov ebp, edi
        mov dword [ebp + 0x30], 0xF5F5F5F5
        mov byte [edi + esi + 0x7F], 0x66
        mov dword [SCRATCH + 0x200], 0x77777777
        PRINT "mem "
        HEX32 [edi]
        HEX32 [edi + 4]
        HEX32 [edi + 8]
        HEX32 [edi + 0x20]
        HEX32 [edi + 0x40]
        HEX32 [edi + 0x30]
        HEX32 [edi + 0x80]
        HEX32 [SCRATCH + 0x200]
        NL
        ; stack-relative with ESP base (SIB with no index)
        push dword 0x99887766
        mov eax, [esp]
        mov byte [esp + 1], 0x00
        mov ebx, [esp]
        add esp, 4
        PRINT "esp "
        HEX32 eax
        HEX32 ebx
        NL
        ; movzx / movsx
        mov eax, 0xFFFFFF80
        movzx ebx, al
        movsx ecx, al
        movzx edx, ax
        movsx esi, ax
        PRINT "mzx "
        HEX32 ebx
        HEX32 ecx
        HEX32 edx
        HEX32 esi
        mov byte [SCRATCH], 0x7F
        mov word [SCRATCH + 2], 0x8001
        movsx ebx, byte [SCRATCH]
        movzx ecx, word [SCRATCH + 2]
        movsx edx, word [SCRATCH + 2]
        mov eax, 0x12345678
        movsx ax, byte [SCRATCH + 3]
        HEX32 ebx
        HEX32 ecx
        HEX32 edx
        HEX32 eax
        movzx ax, bl
        HEX32 eax
        NL
        ; lea
        mov ebx, 0x1000
        mov esi, 0x20
        lea eax, [ebx + esi*4 + 0x10]
        lea ecx, [esi*8]
        lea edx, [ebx + ebx*2]
        lea edi, [eax - 0x200]
        PRINT "lea "
        HEX32 eax
        HEX32 ecx
        HEX32 edx
        HEX32 edi
        lea ax, [ebx + 0xFFFF]
        HEX32 eax
        mov ebp, 0x40
        lea eax, [ebp + esi + 1]
        HEX32 eax
        NL
        ; segment registers
        mov ax, SEL_DATA3 | 3
        mov fs, ax
        mov bx, fs
        mov word [SCRATCH], 0xFFFF
        mov [SCRATCH], gs
        mov eax, 0xAAAAAAAA
        mov ax, ss
        mov gs, [SCRATCH]
        mov ecx, 0xBBBBBBBB
        mov cx, gs
        PRINT "seg "
        HEX32 ebx
        HEX16 [SCRATCH]
        HEX32 eax
        HEX32 ecx
        mov edx, 0xCCCCCCCC
        mov edx, cs
        and edx, 0xFFFF
        HEX32 edx
        mov ax, SEL_DATA0
        mov fs, ax
        mov gs, ax
        NL
        PRINT "flags "
        call show_result
        ret
