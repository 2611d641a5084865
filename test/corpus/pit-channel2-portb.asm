; pit-channel2-portb.asm - 8254 counter 2 driven through system control port B (0x61) the way
; kernels time short delays: bit 0 gates counter 2, bit 1 (speaker data) reads back, bit 5 is
; counter 2's OUT. Mode 0: OUT low right after the count is written, high at terminal count
; (polled), and it stays high; the read-back status then shows OUT = 1, RW = 3, mode 0. Mode 1
; (hardware one-shot): OUT high before the trigger, high again at terminal count after the gate's
; rising edge (the one-tick low phase right after the trigger is timing-dependent: not printed).
; Mode 2 restarted by a gate rising edge: the latched count is back near the reload value.
; Printed are only facts that do not depend on the host's speed (the bit-4 refresh toggle and
; exact counts are masked). QEMU's mode 0 keeps counting with the gate low (the 8254 data
; sheet pauses it): not compared.
; Intel 8254 data sheet (modes 0, 1, 2; GATE; read-back status byte), IBM PC/AT Technical
; Reference (port 0x61).
%include "lib/kernel.inc"

PIT_CH2 equ 0x42

; poll_out2: wait until port 0x61 bit 5 is set; EAX = 1 when it was, 0 after a long time
poll_out2:
        push ecx
        mov ecx, 50000000
.l:
        in al, 0x61
        test al, 0x20
        jnz .yes
        dec ecx
        jnz .l
        xor eax, eax
        pop ecx
        ret
.yes:
        mov eax, 1
        pop ecx
        ret

status2:
        mov al, 0xE8                    ; read-back: status of counter 2 only
        out PIT_CMD, al
        in al, PIT_CH2
        ret

test_main:
        ; port B bits 0-1 read back (bit 4 toggles with refresh, bit 5 is OUT2: masked)
        mov al, 0x03
        out 0x61, al
        in al, 0x61
        and al, 0x0F
        PRINT "portb "
        HEX8 al
        mov al, 0x00
        out 0x61, al
        in al, 0x61
        and al, 0x0F
        HEX8 al
        NL
        ; mode 0 one-shot of 0x2000 ticks (~6.9 ms), gate on, speaker off
        mov al, 0x01
        out 0x61, al
        mov al, 0xB0                    ; counter 2, LSB then MSB, mode 0, binary
        out PIT_CMD, al
        mov al, 0x00
        out PIT_CH2, al
        mov al, 0x20
        out PIT_CH2, al
        in al, 0x61
        and al, 0x20
        PRINT "mode0 out-after-load "
        HEX8 al
        call poll_out2
        PRINT "expired "
        HEX8 al
        call status2
        PRINT "status "
        HEX8 al
        in al, 0x61
        and al, 0x20
        PRINT "still-high "
        HEX8 al
        NL
        ; mode 1: triggered by the gate's rising edge
        mov al, 0x00
        out 0x61, al
        mov al, 0xB2                    ; counter 2, lo/hi, mode 1
        out PIT_CMD, al
        mov al, 0x00
        out PIT_CH2, al
        mov al, 0x20
        out PIT_CH2, al
        in al, 0x61
        and al, 0x20
        PRINT "mode1 out-before-trigger "
        HEX8 al
        mov al, 0x01
        out 0x61, al                    ; rising edge: OUT low a tick later, counting starts
        call poll_out2
        PRINT "expired "
        HEX8 al
        call status2
        and al, 0xBF                    ; null-count bit aside
        PRINT "status "
        HEX8 al
        NL
        ; mode 2 restarted by the gate
        mov al, 0xB4                    ; counter 2, lo/hi, mode 2
        out PIT_CMD, al
        mov al, 0xFF
        out PIT_CH2, al
        out PIT_CH2, al                 ; reload 0xFFFF
        mov al, 0x00
        out 0x61, al
        mov al, 0x01
        out 0x61, al                    ; restart from the reload value
        mov al, 0x80                    ; latch counter 2
        out PIT_CMD, al
        in al, PIT_CH2
        mov ah, al
        in al, PIT_CH2
        xchg al, ah
        cmp ax, 0x8000
        seta al
        PRINT "mode2 restarted-high "
        HEX8 al
        NL
        mov al, 0x00
        out 0x61, al
        ret
