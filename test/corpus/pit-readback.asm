; pit-readback.asm - 8254 read-back command (0xE2: latch status of counter 0): the status byte's
; programmed fields (RW = 11, mode, BCD) for modes 0, 2 and 3, and the latch command (0x00)
; giving a count within the reload range, read LSB then MSB; in mode 3 with an even reload the
; latched count is always even. OUT and null-count bits (timing-dependent) are masked.
; Intel 8254 data sheet: read-back command, status byte format, counter latch command, mode 3.
%include "lib/kernel.inc"

status:
        mov al, 0xE2
        out PIT_CMD, al
        in al, PIT_CH0
        and eax, 0x3F
        SHOW "status", eax
        ret

latch:
        mov al, 0x00
        out PIT_CMD, al
        in al, PIT_CH0
        mov ah, al
        in al, PIT_CH0
        xchg al, ah
        movzx eax, ax
        ret

test_main:
        mov al, 0x30                    ; mode 0
        out PIT_CMD, al
        mov al, 0x00
        out PIT_CH0, al
        mov al, 0x80
        out PIT_CH0, al
        call status
        mov al, 2
        mov cx, 0x4000
        call pit_start
        call status
        call latch
        cmp eax, 0x4000
        setbe al
        movzx eax, al
        SHOW "in-range", eax
        NL
        mov al, 3
        mov cx, 0x2000
        call pit_start
        call status
        mov ecx, 8
        xor edx, edx
.l:
        call latch
        or edx, eax
        loop .l
        and edx, 1
        SHOW "odd-seen", edx
        NL
        mov al, 0x34                    ; LSB/MSB, mode 2, BCD = 0: status again
        out PIT_CMD, al
        call status
        mov al, 0x11                    ; LSB only, mode 0, BCD = 1
        out PIT_CMD, al
        call status
        NL
        call pit_stop
        ret
