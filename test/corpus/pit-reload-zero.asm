; pit-reload-zero.asm - an 8254 reload value of 0 means 65536 (binary counting): channel 0 in
; mode 2 with count 0 still produces periodic IRQ0s; exactly N are counted (the handler masks
; IRQ0 at the N-th), then mode 3 with count 0 the same way.
; Intel 8254 data sheet ("a count of 0 ... 2^16 for binary counting"), modes 2 and 3.
%include "lib/kernel.inc"

N       equ 3

irq0:
        inc dword [ticks]
        cmp dword [ticks], N
        jb .eoi
        mov al, 0xFF
        out PIC1_DATA, al
.eoi:
        call pic_eoi_master
        ret
ticks:  dd 0

run:
        mov dword [ticks], 0
        xor cx, cx
        call pit_start
        mov al, 0xFE
        out PIC1_DATA, al
        sti
.w:
        hlt
        cmp dword [ticks], N
        jb .w
        cli
        SHOW "ticks", [ticks]
        ret

test_main:
        SET_HANDLER 0x20, irq0
        mov al, 2
        call run
        mov al, 3
        call run
        NL
        call pit_stop
        ret
