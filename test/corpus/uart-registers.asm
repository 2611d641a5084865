; uart-registers.asm - the 16550 registers as a driver uses them: LCR, MCR, IER and scratch
; read-back, the divisor latch behind DLAB, IIR with FIFOs enabled (0xC1 no interrupt, 0xC2 THR
; empty after IER bit 1 is set, cleared by reading IIR), LSR THRE/TEMT once idle, and IRQ4 (via
; the PIC, vector 0x24) raised by the THR-empty interrupt; loopback mode (MCR bit 4) returning a
; transmitted byte in RBR with LSR.DR set, and received-data-available IIR = 0x04 with FIFOs off.
; PC16550D data sheet (register map, IIR priorities, loopback), Intel 8259A data sheet.
%include "lib/kernel.inc"

irq4:
        inc dword [irq4s]
        mov dx, COM1 + 2
        in al, dx
        mov [irq4_iir], al
        mov dx, COM1 + 1
        xor al, al
        out dx, al
        call pic_eoi_master
        ret
irq4s:          dd 0
irq4_iir:       db 0

%macro INREG 1
        mov dx, COM1 + %1
        in al, dx
        HEX8 al
%endmacro

%macro OUTREG 2
        mov dx, COM1 + %1
        mov al, %2
        out dx, al
%endmacro

wait_idle:
        mov dx, COM1 + 5
.l:
        in al, dx
        and al, 0x60
        cmp al, 0x60
        jne .l
        ret

test_main:
        SET_HANDLER 0x24, irq4
        ; IRQ4 from THR empty: wait (IF = 1) until the handler has run once
        call wait_idle
        mov al, 0xEF
        out PIC1_DATA, al
        sti
        OUTREG 1, 0x02
.w4:
        cmp dword [irq4s], 1
        jb .w4
        cli
        mov al, 0xFF
        out PIC1_DATA, al
        SHOW "irq4", [irq4s]
        HEX8 [irq4_iir]
        NL
        ; registers (values collected first, printed afterwards)
        call wait_idle
        mov edi, SCRATCH
        mov dx, COM1 + 3
        in al, dx
        stosb
        mov dx, COM1 + 4
        in al, dx
        stosb
        mov dx, COM1 + 1
        in al, dx
        stosb
        OUTREG 7, 0xA5
        mov dx, COM1 + 7
        in al, dx
        stosb
        OUTREG 3, 0x83                  ; DLAB = 1: ports 0/1 are the divisor latch
        mov dx, COM1 + 0
        in al, dx
        stosb
        mov dx, COM1 + 1
        in al, dx
        stosb
        OUTREG 0, 0x0C
        mov dx, COM1 + 0
        in al, dx
        stosb
        OUTREG 0, 0x01
        OUTREG 3, 0x03
        ; IIR: none pending, THR empty after enabling it, cleared by the read
        mov dx, COM1 + 2
        in al, dx
        stosb
        OUTREG 1, 0x02
        mov dx, COM1 + 2
        in al, dx
        stosb
        in al, dx
        stosb
        OUTREG 1, 0x00
        mov dx, COM1 + 5
        in al, dx
        and al, 0x60
        stosb
        PRINT "lcr mcr ier scr dll dlm dll2 iir iir-thre iir-again lsr:"
        mov esi, SCRATCH
        mov ecx, 11
.p:
        call space
        lodsb
        call hex8
        loop .p
        NL
        ; loopback with FIFOs off: RX data available
        call wait_idle
        OUTREG 2, 0x00                  ; FIFOs off
        OUTREG 4, 0x10 | 0x0B           ; loopback
        OUTREG 1, 0x01                  ; IER: received data available
        OUTREG 0, 0x5C
.rx:
        mov dx, COM1 + 5
        in al, dx
        test al, 1
        jz .rx
        mov dx, COM1 + 2
        in al, dx
        mov bl, al
        mov dx, COM1 + 0
        in al, dx
        mov bh, al
        mov dx, COM1 + 5
        in al, dx
        and al, 0x01
        mov cl, al
        OUTREG 1, 0x00
        OUTREG 4, 0x0B
        OUTREG 2, 0xC7
        call wait_idle
        PRINT "loopback: "
        HEX8 bl
        HEX8 bh
        HEX8 cl
        NL
        ret
