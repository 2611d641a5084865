; rtc-cmos-irq8.asm - the MC146818 RTC/CMOS at ports 0x70/0x71 as small kernels use it: CMOS
; memory-size registers (0x15/0x16 base KiB, 0x17/0x18 and 0x30/0x31 extended KiB, 0x34/0x35 64 KiB
; blocks above 16 MiB, for -m 64), status registers A (UIP masked: timing), B and D, the index
; port reading 0xFF; the periodic interrupt (B.PIE, rate 10 = 64 Hz) on IRQ8 through the slave
; 8259A (vector 0x28, cascade on master IR2, EOI to both chips), acknowledged by reading register
; C (IRQF and PF set); exactly N interrupts are counted (the handler masks IRQ8 at the N-th); PF
; no longer set once PIE is cleared (QEMU runs the periodic timer only while PIE is set).
; Left out: the time of day and seconds changes (QEMU shows the host's clock), how many periods
; pass in a given number of instructions (host speed).
; MC146818A data sheet (registers A-D, periodic interrupt rates, register C read clears IRQF),
; Intel 8259A data sheet (cascade, EOI to slave then master).
%include "lib/kernel.inc"

N_IRQ           equ 5

%macro CMOS_READ 1
        mov al, %1
        out 0x70, al
        in al, 0x71
%endmacro
%macro CMOS_WRITE 2
        mov al, %1
        out 0x70, al
        mov al, %2
        out 0x71, al
%endmacro

irqs:           dd 0
last_c:         dd 0
read_c:         dd 1

irq8:
        inc dword [irqs]
        cmp dword [read_c], 0
        je .noread
        CMOS_READ 0x0C
        and al, 0xC0                    ; IRQF and PF (UF/AF depend on when the second turns)
        or [last_c], al
.noread:
        mov eax, [irqs]
        cmp eax, N_IRQ
        jb .eoi
        in al, PIC2_DATA
        or al, 0x01
        out PIC2_DATA, al               ; mask IRQ8 at the N-th
.eoi:
        mov al, 0x20
        out PIC2_CMD, al
        out PIC1_CMD, al
        ret

test_main:
        SET_HANDLER 0x28, irq8
        PRINT "mem "
        CMOS_READ 0x15
        HEX8 al
        CMOS_READ 0x16
        HEX8 al
        CMOS_READ 0x17
        HEX8 al
        CMOS_READ 0x18
        HEX8 al
        CMOS_READ 0x30
        HEX8 al
        CMOS_READ 0x31
        HEX8 al
        CMOS_READ 0x34
        HEX8 al
        CMOS_READ 0x35
        HEX8 al
        NL
        PRINT "status "
        CMOS_READ 0x0A
        and al, 0x7F
        HEX8 al
        CMOS_READ 0x0B
        HEX8 al
        CMOS_READ 0x0D
        HEX8 al
        CMOS_READ 0x0C                  ; clear anything pending
        in al, 0x70                     ; the index port reads 0xFF
        HEX8 al
        NL
        ; periodic interrupt at 64 Hz (rate 10), register C read in the handler
        CMOS_WRITE 0x8A, 0x2A           ; (NMI-disable bit set in the index: ignored)
        CMOS_READ 0x0A
        and al, 0x7F
        PRINT "a="
        HEX8 al
        CMOS_READ 0x0B
        or al, 0x40
        mov bl, al
        CMOS_WRITE 0x0B, bl
        CMOS_READ 0x0B
        PRINT "b="
        HEX8 al
        NL
        mov al, 0xFB
        out PIC1_DATA, al               ; master: cascade only
        mov al, 0xFE
        out PIC2_DATA, al               ; slave: IRQ8 only
.w:
        sti
        hlt
        cli
        cmp dword [irqs], N_IRQ
        jb .w
        SHOW "irqs", [irqs]
        SHOW "c", [last_c]
        NL
        mov al, 0xFF
        out PIC2_DATA, al
        out PIC1_DATA, al
        CMOS_READ 0x0B
        and al, ~0x40
        mov bl, al
        CMOS_WRITE 0x0B, bl
        CMOS_READ 0x0C                  ; drop a flag raised before PIE was cleared
        mov ecx, 1000000
.idle:
        loop .idle
        CMOS_READ 0x0C
        and al, 0x40
        HEX8 al
        NL
        ret
