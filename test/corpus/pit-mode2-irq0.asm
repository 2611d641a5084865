; pit-mode2-irq0.asm - 8254 channel 0 in mode 2 (rate generator) driving IRQ0 through the
; remapped master 8259A (vector 0x20): IMR read back, ISR bit 0 set inside the handler before the
; EOI and clear after it, the vector number, and exactly N ticks counted: the CPU waits with HLT
; and the handler masks IRQ0 itself at the N-th tick, so the count never depends on host speed.
; Intel 8254 data sheet (mode 2, control word 0x34), Intel 8259A data sheet (OCW1, OCW2
; non-specific EOI, OCW3 read ISR = 0x0B).
%include "lib/kernel.inc"

N       equ 10

irq0:
        inc dword [ticks]
        mov eax, [ebx + F_VEC]
        mov [vec_seen], eax
        mov al, 0x0B
        out PIC1_CMD, al
        in al, PIC1_CMD
        mov [isr_before], al
        cmp dword [ticks], N
        jb .eoi
        mov al, 0xFF
        out PIC1_DATA, al               ; N-th tick: mask IRQ0
.eoi:
        call pic_eoi_master
        in al, PIC1_CMD                 ; OCW3 still selects ISR
        mov [isr_after], al
        ret

ticks:          dd 0
vec_seen:       dd 0
isr_before:     db 0
isr_after:      db 0

test_main:
        SET_HANDLER 0x20, irq0
        mov al, 2
        mov cx, 11932                   ; 1193182 Hz / 11932 ~ 100 Hz
        call pit_start
        mov al, 0xFE
        out PIC1_DATA, al
        in al, PIC1_DATA
        HEX8 al
        in al, PIC2_DATA
        HEX8 al
        NL
        sti
.wait:
        hlt
        cmp dword [ticks], N
        jb .wait
        cli
        SHOW "ticks", [ticks]
        SHOW "vector", [vec_seen]
        HEX8 [isr_before]
        HEX8 [isr_after]
        NL
        call pit_stop
        ret
