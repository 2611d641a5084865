; control-a16-far-mem.asm - control transfers in their less common sizes: LOOP, LOOPE, LOOPNE and
; JCXZ with a 16-bit address size in 32-bit code (CX counts, the upper half of ECX is untouched,
; LOOPE/LOOPNE stopping on ZF or on CX), JECXZ vs JCXZ when CX = 0 but ECX != 0; far CALL and JMP through m16:32 memory operands in 32-bit code; from
; the 16-bit code segment a far CALL through an m16:16 operand, RETF (16-bit) with an immediate,
; a far JMP through m16:16, and ENTER with nesting levels 1..3 in 16-bit operand size.
; SDM Vol. 2A (JCC: JCXZ/JECXZ by address size; LOOP/LOOPcc: count register by address size;
; CALL/JMP far: m16:16 and m16:32 by operand size), Vol. 2B (RET far with imm16), ENTER.
%include "lib/kernel.inc"

RES     equ SCRATCH

test_main:
        ; a16 LOOP: CX counts; ECX's upper half survives
        mov ecx, 0xABCD0005
        xor eax, eax
.l1:
        inc eax
        db 0x67
        loop .l1
        SHOW "loop16", eax
        SHOW "ecx", ecx
        NL
        ; a16 LOOPE stops at ZF = 0; a16 LOOPNE stops at ZF = 1
        mov ecx, 0x12340010
        xor eax, eax
.l2:
        inc eax
        cmp eax, 3
        db 0x67
        loopne .l2
        SHOW "loopne16", eax
        SHOW "ecx", ecx
        mov ecx, 0x00010008
        xor eax, eax
.l3:
        inc eax
        cmp eax, eax
        db 0x67
        loope .l3
        SHOW "loope16", eax
        SHOW "ecx", ecx
        NL
        ; JCXZ (a16) vs JECXZ with CX = 0, ECX != 0
        mov ecx, 0x00010000
        xor eax, eax
        db 0x67
        jcxz .z1
        or eax, 1
.z1:
        jecxz .z2
        or eax, 2
.z2:
        SHOW "jcxz", eax
        NL
        ; far CALL / JMP through m16:32
        mov dword [RES], far32
        mov word [RES + 4], SEL_CODE0
        mov [esp_before], esp
        call far [RES]
        SHOW "farcall32", eax
        mov eax, [esp_before]
        sub eax, esp
        SHOW "depth", eax
        mov dword [RES + 8], .back
        mov word [RES + 12], SEL_CODE0
        jmp far [RES + 8]
        PRINTLN "not reached"
.back:
        NL
        ; into the 16-bit segment for the m16:16 forms and ENTER
        mov dword [RES + 16], code16 - IMAGE_BASE
        mov word [RES + 20], SEL_CODE16
        call far [RES + 16]
        SHOW "from16", eax
        mov eax, [esp_before]
        sub eax, esp
        SHOW "depth", eax
        NL
        mov esi, RES + 0x40
        mov ecx, 8
.p:
        lodsd
        call hex32
        call space
        loop .p
        NL
        ret

esp_before:     dd 0

far32:
        mov eax, [esp + 4]              ; the pushed CS (a dword slot)
        and eax, 0xFFFF
        retf

        bits 16
code16:
        ; far call through m16:16 within this segment: pushes CS and IP (4 bytes)
        mov word [dword RES + 0x30], sub16 - IMAGE_BASE
        mov word [dword RES + 0x32], SEL_CODE16
        mov ebx, esp
        push word 0x1111                ; an argument RETF 2 releases
        call far [dword RES + 0x30]
        mov ecx, ebx
        sub ecx, esp
        mov [dword RES + 0x40], ecx     ; 0: argument released
        mov [dword RES + 0x44], eax
        ; ENTER in 16-bit operand size, nesting levels 1..3. SS is 32-bit, so LEAVE sets ESP from
        ; all of EBP while a 16-bit ENTER/POP writes only BP: EBP starts with ESP's upper half.
        mov ebp, esp
        sub ebp, 0x40
        mov ebx, esp
        enter 4, 1
        mov ecx, ebx
        sub ecx, esp
        mov [dword RES + 0x48], ecx
        leave
        enter 2, 2
        mov ecx, ebx
        sub ecx, esp
        mov [dword RES + 0x4C], ecx
        mov ax, [ebp - 2]               ; copied frame pointer
        mov [dword RES + 0x50], eax
        leave
        enter 0, 3
        mov ecx, ebx
        sub ecx, esp
        mov [dword RES + 0x54], ecx
        leave
        sub ebp, esp
        mov [dword RES + 0x58], ebp
        ; far JMP through m16:16 to the final return
        mov word [dword RES + 0x34], out16 - IMAGE_BASE
        mov word [dword RES + 0x36], SEL_CODE16
        jmp far [dword RES + 0x34]
        mov dword [dword RES + 0x5C], 0xBAD
out16:
        mov eax, 0x16161616
        db 0x66
        retf                            ; 32-bit far return to the 32-bit caller

sub16:
        mov eax, 0x5151
        mov si, sp
        mov ax, [esp + 4]               ; the argument above CS:IP
        retf 2
        bits 32
