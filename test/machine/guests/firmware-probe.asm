; Prints what a Multiboot kernel finds at entry that the machine (not the CPU) decides:
; the magic, the info structure's fields, memory map and command line, the entry CR0 and
; selectors, and the firmware's device state read through the ports (PIC masks, PIT
; counter 0 status, UART registers, ELCR, port 0x80, debug-exit and unclaimed port reads).
%include "lib.inc"
main:
    PRINT "magic "
    mov eax, [boot_eax]
    call hex32
    mov ebx, [boot_ebx]
    PRINT 10, "flags "
    mov eax, [ebx]
    call hex32
    PRINT "mem_lower "
    mov eax, [ebx + 4]
    call hex32
    PRINT "mem_upper "
    mov eax, [ebx + 8]
    call hex32
    PRINT "boot_device "
    mov eax, [ebx + 12]
    call hex32
    PRINT "mods_count "
    mov eax, [ebx + 20]
    call hex32
    PRINT 10, "cmdline '"
    mov esi, [ebx + 16]
    call puts
    PRINT "'", 10, "mmap", 10
    mov ecx, [ebx + 44]
    mov edi, [ebx + 48]
.map:
    mov eax, [edi + 8]
    call hex32
    mov eax, [edi + 4]
    call hex32
    mov eax, [edi + 16]
    call hex32
    mov eax, [edi + 12]
    call hex32
    mov eax, [edi + 20]
    call hex32
    mov al, 10
    call putc
    mov eax, [edi]
    add eax, 4
    add edi, eax
    sub ecx, eax
    ja .map
    PRINT "cr0 "
    mov eax, cr0
    call hex32
    PRINT 10, "imr "
    in al, 0x21
    call hex8
    in al, 0xA1
    call hex8
    PRINT 10, "isr "
    mov al, 0x0B
    out 0x20, al
    in al, 0x20
    call hex8
    PRINT 10, "pit0 status "
    mov al, 0xE2            ; read-back: status of counter 0
    out 0x43, al
    in al, 0x40
    and al, 0x7F            ; OUT depends on when we look
    call hex8
    PRINT 10, "uart "
    mov dx, COM1 + 1
.uart:
    in al, dx
    call hex8
    inc dx
    cmp dx, COM1 + 7
    jb .uart
    PRINT 10, "elcr "
    mov dx, 0x4D0
    in al, dx
    call hex8
    inc dx
    in al, dx
    call hex8
    PRINT 10, "ports 80:"
    in al, 0x80
    call hex8
    PRINT "f4:"
    in al, 0xF4
    call hex8
    PRINT "1234:"
    mov dx, 0x1234
    in eax, dx
    call hex32
    PRINT "61(gate,spk):"
    in al, 0x61
    and al, 0x03
    call hex8
    mov al, 10
    call putc
    mov al, 0x21
    jmp exit
%include "tail.inc"
