; 16-bit interrupt and trap gates, compared with QEMU: a 16-bit gate pushes FLAGS, CS, IP (and a
; 16-bit error code) as words, an interrupt gate clears IF and a trap gate keeps it, and IRET with
; a 16-bit operand size (66 CF) pops them back. The code using them lives below 64 KiB (copied
; there at run time) because a 16-bit frame holds only IP.
; Also: a 16-bit stack segment (B = 0): pushes of an interrupt frame wrap SP at 64 KiB and leave
; the upper half of ESP alone.
; SDM Vol. 3A 6.11 (IDT descriptors, D = 0), 6.12.1 (Figure 6-4), Vol. 2A IRET (operand size 16),
; Vol. 3A 3.4.5 (D/B flag of stack segments).
%include "frame.inc"

LOW     equ 0x6000

main:
        ; copy the low blob to LOW
        mov esi, section..low.start
        mov edi, LOW
        mov ecx, low_end - low_start
        cld
        rep movsb
        ; vector 0x41: 16-bit interrupt gate to LOW:h_int; 0x42: 16-bit trap gate to h_trap
        mov word [idt + 0x41*8], h_int
        mov word [idt + 0x41*8 + 2], 0x08
        mov word [idt + 0x41*8 + 4], 0x8600
        mov word [idt + 0x41*8 + 6], 0
        mov word [idt + 0x42*8], h_trap
        mov word [idt + 0x42*8 + 2], 0x08
        mov word [idt + 0x42*8 + 4], 0x8700
        mov word [idt + 0x42*8 + 6], 0
        mov word [idtr], 0x43*8 - 1
        lidt [idtr]
        ; 16-bit stack segment 0x30: base 0x20000, limit 0xFFFF, B = 0
        mov dword [gdt + 0x30], 0x0000ffff
        mov dword [gdt + 0x34], 0x00009202
        mov al, 0xff                             ; mask the PICs: IF = 1 below must not let IRQs in
        out 0x21, al
        out 0xa1, al
        call 0x08:LOW                            ; the blob returns with RETF
        SHOW "int-ip", [rec + 0]
        SHOW "int-cs", [rec + 4]
        SHOW "int-flags", [rec + 8]
        SHOW "int-if-inside", [rec + 12]
        SHOW "trap-if-inside", [rec + 16]
        SHOW "after-iret-if", [rec + 20]
        SHOW "esp-before-int16", [rec + 24]
        SHOW "sp16-frame-ip", [rec + 28]
        SHOW "esp-after-iret16", [rec + 32]
        ret

saved_esp: dd 0

[section .low follows=.text vstart=LOW]
low_start:
        mov [saved_esp], esp
        sti
        int 0x41
.after: mov eax, [0x5000]
        pushfd
        pop eax
        and eax, 0x200
        mov [rec + 20], eax
        int 0x42
        ; 16-bit stack: SS = 0x30 (base 0x20000, B = 0), ESP = 0xABCD0004: the frame wraps below 0
        cli
        mov ax, 0x30
        mov ss, ax
        mov esp, 0xabcd0004
        mov [rec + 24], esp
        int 0x41
        mov [rec + 32], esp
        mov ax, 0x10
        mov ss, ax
        mov esp, [saved_esp]
        retf

h_int:  ; 16-bit interrupt gate: [sp] IP, [sp+2] CS, [sp+4] FLAGS (words)
        pushfd
        pop eax
        and eax, 0x200
        mov [rec + 12], eax
        mov ax, ss
        cmp ax, 0x30
        je .s16
        movzx eax, word [esp]
        sub eax, LOW
        mov [rec + 0], eax
        movzx eax, word [esp + 2]
        mov [rec + 4], eax
        movzx eax, word [esp + 4]
        and eax, ~0x8d5
        mov [rec + 8], eax
        o16 iret
.s16:   ; 16-bit stack: SP = 0x0004 - 6 wraps to 0xFFFE (the frame spans the wrap)
        movzx eax, sp                            ; 0x0004 - 6 wrapped: 0xFFFE
        mov [rec + 28], eax
        o16 iret

h_trap:
        pushfd
        pop eax
        and eax, 0x200
        mov [rec + 16], eax
        o16 iret
low_end:

[section .tail follows=.low]
rec:    times 12 dd 0xeeeeeeee
end_of_image:
idt:    times 0x43 dq 0
