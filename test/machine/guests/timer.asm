; PIT counter 0 in mode 2 at 100 Hz through the remapped master PIC (IRQ0 -> vector 0x20),
; waited for with STI; HLT. Counts 20 ticks, checks that the counter reads back within
; range after a latch command, then switches to mode 3 and counts 5 more.
%include "lib.inc"
main:
    call pic_remap
    mov eax, 0x20
    mov ebx, irq0
    call set_gate
    mov al, 0x34            ; counter 0, lo/hi, mode 2
    out 0x43, al
    mov ax, 11932           ; 1193182 / 100
    out 0x40, al
    mov al, ah
    out 0x40, al
    mov al, 0xFA            ; unmask IRQ0 (and the cascade)
    out 0x21, al
    sti
.wait1:
    hlt
    cmp dword [ticks], 20
    jb .wait1
    PRINT "20 ticks", 10
    cli
    mov al, 0x00            ; latch counter 0
    out 0x43, al
    in al, 0x40
    mov ah, al
    in al, 0x40
    xchg al, ah
    cmp ax, 11932
    ja .bad
    PRINT "latch in range", 10
    mov dword [ticks], 0
    mov al, 0x36            ; mode 3, square wave
    out 0x43, al
    mov ax, 5966
    out 0x40, al
    mov al, ah
    out 0x40, al
    sti
.wait2:
    hlt
    cmp dword [ticks], 5
    jb .wait2
    cli
    PRINT "5 square-wave ticks", 10
    mov al, 0x3B
    jmp exit
.bad:
    PRINT "latch out of range", 10
    mov al, 0x3C
    jmp exit

irq0:
    push eax
    inc dword [ticks]
    mov al, 0x20
    out 0x20, al
    pop eax
    iret

ticks: dd 0
%include "tail.inc"
