; pic-modes.asm - 8259A modes a driver may use: automatic EOI (ICW4 bit 1: the in-service bit is
; cleared at the acknowledge, so ISR reads 0 inside the handler and no EOI is sent), the poll
; command (OCW3 0x0C: the next read returns 0x80 | highest pending level and acknowledges it,
; with IF = 0), ISR/IRR selection persisting across reads, and reinitialisation back to normal
; EOI mode.
; Intel 8259A data sheet (ICW4 AEOI, OCW3 poll command and RR/RIS bits).
%include "lib/kernel.inc"

N       equ 5

irq0:
        inc dword [ticks]
        mov al, 0x0B
        out PIC1_CMD, al
        in al, PIC1_CMD
        or [isr_or], al                 ; stays 0 in AEOI mode
        cmp dword [ticks], N
        jb .ret
        mov al, 0xFF
        out PIC1_DATA, al
.ret:
        ret

ticks:  dd 0
isr_or: db 0

; pending0: wait (IF = 0) until IRR bit 0 is set
pending0:
        mov al, 0x0A
        out PIC1_CMD, al
.l:
        in al, PIC1_CMD
        test al, 1
        jz .l
        ret

test_main:
        SET_HANDLER 0x20, irq0
        ; AEOI initialisation
        mov al, 0x11
        out PIC1_CMD, al
        mov al, 0x20
        out PIC1_DATA, al
        mov al, 0x04
        out PIC1_DATA, al
        mov al, 0x03                    ; 8086 mode, automatic EOI
        out PIC1_DATA, al
        mov al, 0xFE
        out PIC1_DATA, al
        mov al, 2
        mov cx, 1000
        call pit_start
        sti
.w:
        hlt
        cmp dword [ticks], N
        jb .w
        cli
        SHOW "aeoi-ticks", [ticks]
        HEX8 [isr_or]
        NL
        ; back to normal EOI, everything masked; poll for IRQ0
        call pic_init
        call pending0
        mov al, 0xFE                    ; unmask IRQ0 (IF stays 0)
        out PIC1_DATA, al
        mov al, 0x0C                    ; OCW3: poll
        out PIC1_CMD, al
        in al, PIC1_CMD
        HEX8 al                         ; 0x80 | 0
        mov al, 0x0B
        out PIC1_CMD, al
        in al, PIC1_CMD
        HEX8 al                         ; the poll acknowledged IRQ0: in service
        in al, PIC1_CMD
        HEX8 al                         ; RIS still selected: same register again
        call pic_eoi_master
        in al, PIC1_CMD
        HEX8 al
        mov al, 0xFF
        out PIC1_DATA, al
        NL
        call pit_stop
        ret
