; pic-priority-irr.asm - 8259A behaviour that does not depend on timing: ICW initialisation
; and IMR read-back on both chips; a masked line still latches its request in IRR (OCW3 0x0A)
; and is delivered as soon as it is unmasked with IF = 1; with IRQ0 (PIT) and IRQ4 (COM1 THR
; empty, IER bit 1) both pending while IF = 0, STI delivers IRQ0 first (fixed priority), and
; IRQ4 only after IRQ0's EOI; specific EOI (OCW2 0x60 | level) clears the in-service bit.
; Intel 8259A data sheet (IRR, ISR, IMR, fully nested mode, OCW2, OCW3), PC16550D (IER, IIR).
%include "lib/kernel.inc"

irq0:
        mov al, 0x20
        call log_event
        in al, PIC1_DATA
        or al, 0x01                     ; one tick is enough: mask IRQ0
        out PIC1_DATA, al
        mov al, 0x0B
        out PIC1_CMD, al
        in al, PIC1_CMD
        mov [isr0], al
        mov al, 0x60                    ; specific EOI, level 0
        out PIC1_CMD, al
        in al, PIC1_CMD
        mov [isr0_after], al
        ret

irq4:
        mov al, 0x24
        call log_event
        mov dx, COM1 + 2
        in al, dx                       ; IIR: THR empty (reading it clears the interrupt)
        mov [iir], al
        mov dx, COM1 + 1
        xor al, al
        out dx, al                      ; IER = 0
        mov al, 0x0B
        out PIC1_CMD, al
        in al, PIC1_CMD
        mov [isr4], al
        call pic_eoi_master
        ret

log_event:
        mov edx, [nlog]
        mov [log + edx], al
        inc dword [nlog]
        ret

nlog:           dd 0
log:            times 8 db 0
iir:            db 0
isr0:           db 0
isr0_after:     db 0
isr4:           db 0

; wait_irr: wait until (IRR & AL) == AL, IF = 0
wait_irr:
        push eax
        mov ah, al
.l:
        mov al, 0x0A
        out PIC1_CMD, al
        in al, PIC1_CMD
        and al, ah
        cmp al, ah
        jne .l
        pop eax
        ret

test_main:
        SET_HANDLER 0x20, irq0
        SET_HANDLER 0x24, irq4
        call pic_init
        mov al, 0xA5
        out PIC1_DATA, al
        mov al, 0x5A
        out PIC2_DATA, al
        in al, PIC1_DATA
        HEX8 al
        in al, PIC2_DATA
        HEX8 al
        NL
        mov al, 0xFF
        out PIC1_DATA, al
        out PIC2_DATA, al
        ; masked IRQ0 still sets IRR
        mov al, 2
        mov cx, 2000
        call pit_start
        mov al, 0x01
        call wait_irr
        PRINTLN "irq0 latched while masked"
        ; enable THR-empty interrupt on COM1 and wait for IRQ4 in IRR too
        mov dx, COM1 + 1
        mov al, 0x02
        out dx, al
        mov al, 0x11
        call wait_irr
        PRINTLN "irq0 and irq4 pending"
        mov al, 0xEE                    ; unmask IRQ0 and IRQ4
        out PIC1_DATA, al
        sti
.w:
        cmp dword [nlog], 2
        jb .w
        cli
        call pit_stop
        mov al, 0xFF
        out PIC1_DATA, al
        PRINT "order"
        mov ecx, [nlog]
        xor esi, esi
.p:
        call space
        mov al, [log + esi]
        call hex8
        inc esi
        loop .p
        NL
        HEX8 [iir]
        HEX8 [isr0]
        HEX8 [isr0_after]
        HEX8 [isr4]
        NL
        ret
