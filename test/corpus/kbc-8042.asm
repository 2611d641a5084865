; kbc-8042.asm - the 8042 keyboard controller and PS/2 devices as a kernel's keyboard driver
; initialisation sees them (no key is ever pressed): status and last data byte at entry, the
; command byte (0x20/0x60), output port (0xD0/0xD1, bit 0 kept 1 and A20 kept on: QEMU
; really masks A20), controller self test 0xAA -> 0x55, port tests 0xAB/0xA9 -> 0x00, keyboard
; echo/identify/reset/enable replies, 0xD2/0xD3 echoes, mouse commands through 0xD4, the
; status OBF / mouse-OBF bits before each byte, IRQ1 and IRQ12 latched in the (masked) PICs'
; IRR while a reply waits with the command byte's interrupt bits set, and port 0x92 (A20 on).
; IBM PC/AT Technical Reference (8042 status register and commands), PS/2 keyboard and mouse
; command sets; reply bytes as QEMU's i8042/ps2 devices give them.
%include "lib/kernel.inc"

wait_in:
        in al, 0x64
        test al, 2
        jnz wait_in
        ret
; read up to 4 bytes of output with status before each
drain:
        push ecx
        mov ecx, 4
.l:     in al, 0x64
        HEX8 al
        test al, 1
        jz .e
        in al, 0x60
        PRINT "d"
        HEX8 al
        loop .l
.e:     pop ecx
        NL
        ret
%macro CMD 1
        PRINT %1
        call wait_in
%endmacro
test_main:
        in al, 0x64
        HEX8 al
        in al, 0x60
        HEX8 al
        in al, 0x64
        HEX8 al
        NL
        PRINT "20 "
        mov al, 0x20
        out 0x64, al
        call drain
        PRINT "d0 "
        mov al, 0xD0
        out 0x64, al
        call drain
        PRINT "aa "
        mov al, 0xAA
        out 0x64, al
        call drain
        PRINT "ab "
        mov al, 0xAB
        out 0x64, al
        call drain
        PRINT "a9 "
        mov al, 0xA9
        out 0x64, al
        call drain
        PRINT "kbd-ee "
        mov al, 0xEE
        out 0x60, al
        call drain
        PRINT "kbd-f2 "
        mov al, 0xF2
        out 0x60, al
        call drain
        PRINT "kbd-ff "
        mov al, 0xFF
        out 0x60, al
        call drain
        PRINT "kbd-f4 "
        mov al, 0xF4
        out 0x60, al
        call drain
        PRINT "60-write "
        mov al, 0x60
        out 0x64, al
        mov al, 0x45
        out 0x60, al
        mov al, 0x20
        out 0x64, al
        call drain
        PRINT "d1 "
        mov al, 0xD1
        out 0x64, al
        mov al, 0xDF
        out 0x60, al
        mov al, 0xD0
        out 0x64, al
        call drain
        in al, 0x92
        HEX8 al
        mov al, 0xDF
        out 0x64, al
        mov al, 0xD0
        out 0x64, al
        call drain
        PRINT "d2 "
        mov al, 0xD2
        out 0x64, al
        mov al, 0x5A
        out 0x60, al
        call drain
        PRINT "92 "
        in al, 0x92
        HEX8 al
        NL
        ; IRQ1 / IRQ12 lines: a waiting reply raises its line when the command byte enables it
        mov al, 0x60
        out 0x64, al
        mov al, 0x47                    ; keyboard and mouse interrupts on, translation
        out 0x60, al
        mov al, 0xEE
        out 0x60, al                    ; keyboard echo -> IRQ1
        PRINT "irr1 "
        call irrs
        in al, 0x60
        HEX8 al
        mov al, 0xD4
        out 0x64, al
        mov al, 0xF2
        out 0x60, al                    ; mouse identify -> IRQ12
        PRINT "irr12 "
        call irrs
        call drain
        mov al, 0xD4
        out 0x64, al
        mov al, 0xFF
        out 0x60, al                    ; mouse reset: FA AA 00
        call drain
        mov al, 0x60
        out 0x64, al
        mov al, 0x61
        out 0x60, al
        ret

; irrs: print the master and slave IRR (all lines masked by pic_init; edges latch anyway)
irrs:
        mov al, 0x0A
        out PIC1_CMD, al
        out PIC2_CMD, al
        in al, PIC1_CMD
        and al, 0x12                    ; IRQ1, IRQ4 aside (COM1 THRE may be pending)
        and al, 0x02
        HEX8 al
        in al, PIC2_CMD
        and al, 0x10
        HEX8 al
        ret
