; sys-io-iopl-bitmap.asm - IN/OUT/INS/OUTS protection in ring 3: with CPL > IOPL and no I/O
; bitmap in the TSS limit every port faults #GP(0); with the bitmap, ports whose bits are 0 are
; allowed (here COM1 0x3F8-0x3FF and the scratch port 0x80), others fault, and a multi-byte
; access needs every bit clear (a word at 0x3FF also needs port 0x400, whose bit lies in the
; terminating 0xFF byte); with IOPL = 3 the bitmap is not consulted.
; SDM Vol. 1 19.5.1 (I/O privilege level), 19.5.2 (I/O permission bit map).
%include "lib/kernel.inc"

test_main:
        PRINTLN "iopl0 no bitmap"
        RING3 user_nobitmap, 2
        ; allow COM1 and port 0x80
        mov byte [tss_iomap + (0x3F8 / 8)], 0x00
        and byte [tss_iomap + (0x80 / 8)], 0xFE
        call tss_use_iomap
        PRINTLN "iopl0 bitmap"
        RING3 user_bitmap, 2
        PRINTLN "iopl3"
        RING3 user_iopl3, FL_IOPL3 | 2
        ret

user_nobitmap:
        RESUME .r1
        mov dx, COM1 + 7
        in al, dx
.r1:
        RESUME .r2
        out 0x80, al
.r2:
        RESUME .r3
        mov esi, SCRATCH
        mov dx, 0x80
        outsb
.r3:
        SYS_RETURN

user_bitmap:
        ; the ring-3 code can now drive COM1 itself (print.inc polls LSR and writes THR)
        PRINTLN "ring 3 prints directly"
        mov dx, COM1 + 7                ; scratch register
        mov al, 0x5A
        out dx, al
        in al, dx
        HEX8 al
        mov al, 0x33
        out 0x80, al
        mov edi, SCRATCH
        mov byte [edi], 0
        insb
        mov esi, SCRATCH
        mov byte [esi], 0xA7
        outsb
        in al, dx
        HEX8 al
        NL
        RESUME .r1
        in al, 0x21                     ; PIC mask register: not allowed
.r1:
        RESUME .r2
        mov dx, 0x3FF
        in ax, dx                       ; 0x3FF allowed, 0x400 not
.r2:
        RESUME .r3
        mov dx, 0x3FC
        out dx, eax                     ; 0x3FC..0x3FF all allowed
        PRINTLN "dword ok"
.r3:
        RESUME .r4
        mov dx, 0x81
        out dx, al
.r4:
        SYS_RETURN

user_iopl3:
        in al, 0x21
        HEX8 al
        mov dx, 0x3FF
        mov al, 0x42
        out dx, al
        in al, dx
        HEX8 al
        NL
        SYS_RETURN
