; uart-irq-driver.asm - an interrupt-driven 16550 driver as small kernels write one: transmit a
; string from a buffer in the IRQ4 handler (IER = THRE, the handler loops on IIR until bit 0 says
; nothing is pending, writes the next byte per THR-empty interrupt, disables THRE at the end and
; sends a non-specific EOI), first with FIFOs off, then with FIFOs on (up to 16 bytes per
; interrupt); then loopback mode (MCR bit 4) with received-data interrupts: every byte written to
; THR comes back through RBR and an IIR = 0x04 (FIFOs off) interrupt, where the handler reads it.
; The number of interrupts depends on how fast the host drains the FIFO and is not printed.
; PC16550D data sheet (IER, IIR priorities: RX data before THR empty; THRE interrupt cleared by
; reading IIR or writing THR; loopback), Intel 8259A data sheet (OCW1, OCW2 EOI).
%include "lib/kernel.inc"

tx_ptr:         dd 0
tx_burst:       dd 1
tx_done:        dd 0
rx_buf:         times 32 db 0
rx_len:         dd 0
iir_bad:        dd 0

irq4:
        push ebx
.again:
        mov dx, COM1 + 2
        in al, dx
        test al, 1
        jnz .out
        and al, 0x0E
        cmp al, 0x02
        je .thre
        cmp al, 0x04
        je .rx
        inc dword [iir_bad]
        jmp .out
.thre:
        mov ecx, [tx_burst]
        mov esi, [tx_ptr]
.tx:
        mov al, [esi]
        test al, al
        jz .end
        mov dx, COM1
        out dx, al
        inc esi
        loop .tx
        mov [tx_ptr], esi
        jmp .again
.end:
        mov [tx_ptr], esi
        mov dx, COM1 + 1
        in al, dx
        and al, ~0x02
        out dx, al                      ; no more THR-empty interrupts
        mov dword [tx_done], 1
        jmp .again
.rx:
        mov dx, COM1
        in al, dx
        mov ebx, [rx_len]
        mov [rx_buf + ebx], al
        inc dword [rx_len]
        jmp .again
.out:
        call pic_eoi_master
        pop ebx
        ret

wait_idle:
        mov dx, COM1 + 5
.l:
        in al, dx
        and al, 0x60
        cmp al, 0x60
        jne .l
        ret

; send: ESI = string, ECX = bytes per interrupt. Waits with HLT until the handler is done.
send:
        call wait_idle
        mov [tx_ptr], esi
        mov [tx_burst], ecx
        mov dword [tx_done], 0
        mov dx, COM1 + 1
        mov al, 0x02
        out dx, al                      ; THR is empty: IRQ4 right away
.w:
        sti
        hlt
        cli
        cmp dword [tx_done], 0
        je .w
        ret

msg1:   db "interrupt-driven TX, FIFOs off", 10, 0
msg2:   db "interrupt-driven TX with FIFOs on: 0123456789abcdefghijklmnopqrstuvwxyz", 10, 0

test_main:
        SET_HANDLER 0x24, irq4
        mov al, 0xEF
        out PIC1_DATA, al               ; IRQ4 only
        mov dx, COM1 + 2
        mov al, 0x00
        out dx, al                      ; FIFOs off
        mov esi, msg1
        mov ecx, 1
        call send
        call wait_idle
        mov dx, COM1 + 2
        mov al, 0x07
        out dx, al                      ; FIFOs on, both cleared
        mov esi, msg2
        mov ecx, 16
        call send
        call wait_idle
        PRINT "iir-after "
        mov dx, COM1 + 2
        in al, dx
        HEX8 al
        mov dx, COM1 + 1
        in al, dx
        HEX8 al
        NL
        ; loopback with RX interrupts, FIFOs off
        mov dx, COM1 + 2
        mov al, 0x00
        out dx, al
        mov dx, COM1 + 4
        mov al, 0x1B                    ; loopback, OUT2, RTS, DTR
        out dx, al
        mov dx, COM1 + 1
        mov al, 0x01
        out dx, al
        mov esi, rx_msg
.lb:
        lodsb
        test al, al
        jz .lbdone
        mov dx, COM1
        out dx, al
.lw:
        sti
        nop
        cli
        mov eax, esi
        sub eax, rx_msg
        cmp [rx_len], eax
        jb .lw
        jmp .lb
.lbdone:
        mov dx, COM1 + 1
        mov al, 0x00
        out dx, al
        mov dx, COM1 + 4
        mov al, 0x0B
        out dx, al
        mov dx, COM1 + 2
        mov al, 0xC7
        out dx, al
        mov al, 0xFF
        out PIC1_DATA, al
        call wait_idle
        PRINT "rx "
        SHOW "n", [rx_len]
        mov esi, rx_buf
        call puts
        NL
        SHOW "bad", [iir_bad]
        NL
        ret
rx_msg: db "loop!", 0
