; io-widths.asm - IN/OUT with the imm8 and DX port forms: byte accesses to the 8259A mask
; register and the 16550 scratch register, and byte/word/dword writes to the unused diagnostic
; port 0x80. (Word reads of byte-wide devices are not compared: QEMU 7.2 answers 0 for a word
; read of port 0x21 instead of splitting it into byte cycles.)
; SDM Vol. 2A (IN, OUT), Intel 8259A data sheet (OCW1 read-back).
%include "lib/kernel.inc"

test_main:
        mov al, 0x5A
        out 0x21, al
        in al, 0x21
        HEX8 al
        mov dx, 0x21
        in al, dx
        HEX8 al
        mov al, 0x3C
        mov dx, 0x21
        out dx, al
        in al, 0x21
        HEX8 al
        mov al, 0xFF
        out dx, al
        mov dx, COM1 + 7
        mov al, 0xE7
        out dx, al
        in al, dx
        HEX8 al
        mov al, 0x7E
        out COM1 + 7 - 0x300, al        ; 0xFF: an unassigned port, ignored
        in al, dx
        HEX8 al
        NL
        mov al, 0x12
        out 0x80, al
        mov ax, 0x3456
        out 0x80, ax
        mov eax, 0x789ABCDE
        out 0x80, eax
        mov dx, 0x80
        out dx, eax
        out dx, ax
        PRINTLN "port 0x80 ok"
        ret
