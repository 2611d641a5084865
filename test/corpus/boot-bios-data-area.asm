; boot-bios-data-area.asm - the BIOS data area words small kernels read instead of hard-coding
; them: the serial and parallel port bases (the program finds COM1 there and prints through the
; port it found), the EBDA segment, the equipment word, base memory in KiB, the video mode,
; columns, CRTC base and rows - 1 of the text screen. (The tick count at 0x46C follows the host's
; clock under QEMU and is not printed.)
; IBM PC/AT Technical Reference, BIOS data area (segment 0x40).
%include "lib/kernel.inc"

test_main:
        PRINT "com "
        HEX16 [0x400]
        HEX16 [0x402]
        HEX16 [0x404]
        HEX16 [0x406]
        PRINT "lpt "
        HEX16 [0x408]
        HEX16 [0x40A]
        NL
        PRINT "ebda "
        HEX16 [0x40E]
        PRINT "equip "
        HEX16 [0x410]
        PRINT "basemem "
        HEX16 [0x413]
        NL
        PRINT "video "
        HEX8 [0x449]
        HEX16 [0x44A]
        HEX16 [0x463]
        HEX8 [0x484]
        NL
        ; print through the port the BDA names (the THR of the COM1 it reports)
        movzx edx, word [0x400]
        mov esi, msg
.p:
        lodsb
        test al, al
        jz .e
        push edx
        add edx, 5
.w:     push eax
        in al, dx
        test al, 0x20
        pop eax
        jz .w
        pop edx
        out dx, al
        jmp .p
.e:
        ret
msg:    db "printed through the BDA's COM1", 10, 0
