; Interrupt-driven serial input: IER.ERBFI with FIFOs on, IRQ4 on the remapped PIC. The
; handler drains RBR while LSR.DR is set and echoes each byte upper-cased; a newline ends
; the program (debug-exit 0x15). Fed from the host side of COM1.
%include "lib.inc"
main:
    call pic_remap
    mov eax, 0x24
    mov ebx, irq4
    call set_gate
    mov dx, COM1 + 2
    mov al, 0x07            ; FIFOs on, cleared, trigger level 1
    out dx, al
    mov dx, COM1 + 4
    mov al, 0x0B            ; DTR, RTS, OUT2
    out dx, al
    mov dx, COM1 + 1
    mov al, 0x01            ; ERBFI
    out dx, al
    mov al, 0xEB            ; unmask IRQ4 and the cascade
    out 0x21, al
.wait:
    cli
    cmp byte [done], 0
    jne .out
    sti
    hlt
    jmp .wait
.out:
    mov al, 0x15
    jmp exit

irq4:
    pushad
.next:
    mov dx, COM1 + 5
    in al, dx
    test al, 0x01
    jz .eoi
    mov dx, COM1
    in al, dx
    cmp al, 10
    jne .echo
    mov byte [done], 1
.echo:
    cmp al, 'a'
    jb .put
    cmp al, 'z'
    ja .put
    sub al, 0x20
.put:
    call putc
    jmp .next
.eoi:
    mov al, 0x20
    out 0x20, al
    popad
    iret

done: db 0
%include "tail.inc"
