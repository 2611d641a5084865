; Interrupt-driven serial output: IER.ETBEI with MCR.OUT2, IRQ4 unmasked on the remapped
; PIC; the handler reads IIR (which clears the THRE interrupt) and writes the next byte.
%include "lib.inc"
main:
    call pic_remap
    mov eax, 0x24
    mov ebx, irq4
    call set_gate
    mov dx, COM1 + 3
    mov al, 0x03            ; 8N1
    out dx, al
    mov dx, COM1 + 2
    mov al, 0x07            ; FIFOs on, cleared
    out dx, al
    mov dx, COM1 + 4
    mov al, 0x0B            ; DTR, RTS, OUT2
    out dx, al
    mov al, 0xEB            ; unmask IRQ4 and the cascade
    out 0x21, al
    sti
    mov dx, COM1 + 1
    mov al, 0x02            ; ETBEI: THR is empty, so IRQ4 fires at once
    out dx, al
.wait:                      ; STI's interrupt shadow makes "sti; hlt" race-free
    cli
    cmp byte [done], 0
    jne .out
    sti
    hlt
    jmp .wait
.out:
    mov dx, COM1 + 2
    in al, dx
    call hex8               ; no interrupt pending, FIFOs enabled: C1
    mov al, 10
    call putc
    mov al, 0x12
    jmp exit

irq4:
    pushad
    mov dx, COM1 + 2
    in al, dx
    and al, 0x0F
    cmp al, 0x02            ; THRE?
    jne .eoi
    mov esi, [cursor]
    mov al, [esi]
    test al, al
    jz .finish
    mov dx, COM1
    out dx, al
    inc dword [cursor]
    jmp .eoi
.finish:
    mov dx, COM1 + 1
    xor al, al              ; stop THRE interrupts
    out dx, al
    mov byte [done], 1
.eoi:
    mov al, 0x20
    out 0x20, al
    popad
    iret

message: db "interrupt-driven hello", 10, 0
cursor: dd message
done: db 0
%include "tail.inc"
