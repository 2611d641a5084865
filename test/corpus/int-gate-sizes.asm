; int-gate-sizes.asm - interrupt gate sizes against code segment sizes: from 16-bit code (a D = 0
; code segment) a 32-bit interrupt gate pushes a 12-byte frame (EFLAGS, CS, EIP as dwords) and
; IRETD returns into the 16-bit code; a 16-bit interrupt gate (type 6) pushes a 6-byte frame
; (FLAGS, CS, IP) and a 16-bit IRET returns; both clear IF and TF in the handler.
; SDM Vol. 3A 6.11 (IDT descriptors: D bit = size of gate), 6.12.1 (stack usage with no
; privilege change, Figure 6-4), Vol. 2A IRET (operand size 16).
%include "lib/kernel.inc"

RES     equ SCRATCH

test_main:
        GATE 0x40, h32, 0x8E                    ; 32-bit interrupt gate -> 32-bit handler
        mov word [gate_sel], SEL_CODE16
        GATE 0x41, h16 - IMAGE_BASE, 0x86       ; 16-bit interrupt gate -> 16-bit handler
        mov word [gate_sel], SEL_CODE0
        mov [esp_before], esp
        sti                                     ; IF = 1 (PICs masked): the gates must clear it
        jmp SEL_CODE16:(code16 - IMAGE_BASE)
back32:
        cli
        mov eax, [esp_before]
        sub eax, esp
        SHOW "depth", eax
        NL
        PRINT "gate32: esp-delta eip-delta cs eflags-in-frame if-in-handler: "
        mov eax, [RES + 0]
        sub eax, [RES + 4]
        HEX32 eax
        mov eax, [RES + 8]
        sub eax, ret40 - IMAGE_BASE
        HEX32 eax
        HEX16 [RES + 12]
        mov eax, [RES + 16]
        and eax, FL_IF | 2
        HEX32 eax
        HEX32 [RES + 20]
        NL
        PRINT "gate16: sp-delta ip-delta cs flags-in-frame if-in-handler: "
        mov eax, [RES + 32]
        sub eax, [RES + 36]
        HEX32 eax
        movzx eax, word [RES + 40]
        sub eax, ret41 - IMAGE_BASE
        HEX32 eax
        HEX16 [RES + 42]
        movzx eax, word [RES + 44]
        and eax, FL_IF | 2
        HEX32 eax
        HEX32 [RES + 48]
        NL
        ret

esp_before:     dd 0

h32:
        mov [RES + 4], esp
        push eax
        mov eax, [esp + 4]
        mov [RES + 8], eax
        mov eax, [esp + 8]
        mov [RES + 12], eax
        mov eax, [esp + 12]
        mov [RES + 16], eax
        pushfd
        pop eax
        and eax, FL_IF
        mov [RES + 20], eax
        pop eax
        iretd

        bits 16
code16:
        mov [dword RES + 0], esp
        int 0x40
ret40:
        mov [dword RES + 32], esp
        int 0x41
ret41:
        jmp dword SEL_CODE0:back32

h16:
        mov [dword RES + 36], esp
        push ax
        mov ax, [esp + 2]
        mov [dword RES + 40], ax
        mov ax, [esp + 4]
        mov [dword RES + 42], ax
        mov ax, [esp + 6]
        mov [dword RES + 44], ax
        pushfd
        pop eax
        and eax, FL_IF
        mov [dword RES + 48], eax
        pop ax
        iret
        bits 32
