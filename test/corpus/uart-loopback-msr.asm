; uart-loopback-msr.asm - 16550 loopback details drivers rely on for self tests: MSR mirrors
; MCR in loopback (DTR->DSR, RTS->CTS, OUT1->RI, OUT2->DCD; Linux's 8250 probe checks
; MSR & 0xF0 = 0x90 with MCR = 0x1A); the delta bits are masked: the data sheet keeps them
; working in loopback, QEMU 7.2 reports none there (see README); with FIFOs off a
; second byte received before the first is read replaces it (the overrun bit it sets is
; cleared by the LSR reads that wait for TEMT, so LSR shows only DR);
; with FIFOs on, 4 bytes queue in the receive FIFO and come out in order with LSR.DR until it is
; empty; FCR bit 1 clears the receive FIFO.
; PC16550D data sheet (MSR, MCR loopback, LSR OE/DR, FCR).
%include "lib/kernel.inc"

%macro OUTREG 2
        mov dx, COM1 + %1
        mov al, %2
        out dx, al
%endmacro
%macro INREG 1
        mov dx, COM1 + %1
        in al, dx
%endmacro

; send_wait: AL = byte to transmit in loopback; wait for LSR.TEMT
send_wait:
        mov dx, COM1
        out dx, al
        mov dx, COM1 + 5
.w:
        in al, dx
        test al, 0x40
        jz .w
        ret

wait_idle:
        mov dx, COM1 + 5
.l:
        in al, dx
        and al, 0x60
        cmp al, 0x60
        jne .l
        ret

test_main:
        mov edi, SCRATCH
        call wait_idle
        OUTREG 1, 0x00
        OUTREG 4, 0x10                  ; loopback, all modem outputs off
        INREG 6
        INREG 6
        and al, 0xF0
        stosb
        OUTREG 4, 0x11                  ; DTR -> DSR
        INREG 6
        and al, 0xF0
        stosb
        INREG 6
        and al, 0xF0
        stosb
        OUTREG 4, 0x13                  ; + RTS -> CTS
        INREG 6
        and al, 0xF0
        stosb
        OUTREG 4, 0x1F                  ; + OUT1 -> RI, OUT2 -> DCD
        INREG 6
        and al, 0xF0
        stosb
        OUTREG 4, 0x1A                  ; Linux's probe: RTS + OUT2 -> CTS + DCD = 0x90
        INREG 6
        and al, 0xF0
        stosb
        OUTREG 4, 0x1B                  ; DTR again, OUT1 off
        INREG 6
        and al, 0xF0
        stosb
        INREG 6
        and al, 0xF0
        stosb
        ; FIFOs off: overrun
        OUTREG 2, 0x00
        INREG 0
        INREG 5
        mov al, 0x41
        call send_wait
        mov al, 0x42
        call send_wait
        INREG 5
        and al, 0x03
        stosb
        INREG 0
        stosb
        INREG 5
        and al, 0x03
        stosb
        ; FIFOs on: four bytes queue
        OUTREG 2, 0x07
        mov al, 'w'
        call send_wait
        mov al, 'x'
        call send_wait
        mov al, 'y'
        call send_wait
        mov al, 'z'
        call send_wait
        mov ecx, 6
.r:
        INREG 5
        and al, 0x01
        jz .empty
        INREG 0
        stosb
        loop .r
.empty:
        INREG 5
        and al, 0x03
        stosb
        ; FCR bit 1 clears the receive FIFO
        mov al, '1'
        call send_wait
        mov al, '2'
        call send_wait
        OUTREG 2, 0x03
        INREG 5
        and al, 0x01
        stosb
        OUTREG 4, 0x0B
        OUTREG 2, 0xC7
        call wait_idle
        ; printed once loopback is off (in loopback, transmitted bytes never leave the chip)
        mov esi, SCRATCH
        PRINT "msr"
        mov ecx, 8
        call dump
        PRINT "overrun"
        mov ecx, 3
        call dump
        PRINT "fifo"
        mov ecx, 6
        call dump
        ret

; dump: print ECX bytes from ESI (advancing ESI) and a newline
dump:
        lodsb
        call space
        call hex8
        loop dump
        call newline
        ret
