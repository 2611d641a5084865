; Ways a run ends, chosen by -DMODE: 1 = triple fault (IDT limit 0, then INT3),
; 2 = CLI; HLT (nothing can wake the CPU), 3 = endless loop (for instruction limits),
; 4 = STI; HLT with every IRQ masked. Prints "stops MODE" first.
bits 32
org 0x100000
header:
    dd 0x1BADB002, 0x00010000, -(0x1BADB002 + 0x00010000)
    dd header, header, end, end, start
start:
    mov esi, msg
.p: lodsb
    test al, al
    jz .go
    mov dx, 0x3F8
    out dx, al
    jmp .p
.go:
%if MODE == 1
    lidt [null_idt]
    int3
%elif MODE == 2
    cli
    hlt
%elif MODE == 3
.spin:
    inc eax
    jmp .spin
%else
    mov al, 0xFF
    out 0x21, al
    out 0xA1, al
    sti
.idle:
    hlt
    jmp .idle
%endif
null_idt: dw 0
    dd 0
msg: db "stops ", MODE + '0', 10, 0
end:
