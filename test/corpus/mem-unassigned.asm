; mem-unassigned.asm - physical addresses with neither RAM nor a device behind them (above the
; 64 MiB of RAM, in the PCI hole): reads give 0 in every width and writes vanish, as under QEMU;
; a memory-sizing loop that writes a pattern per MiB and reads it back finds where RAM ends.
; QEMU 7.2 unassigned memory (reads 0, writes ignored); Multiboot mem_upper agrees with the probe.
%include "lib/kernel.inc"

test_main:
        HEX32 [0x4000000]
        HEX32 [0x7FFFFFC]
        HEX32 [0x10000000]
        HEX32 [0xE0000000]
        mov dword [0x4000000], 0x12345678
        HEX32 [0x4000000]
        HEX8 [0x4000001]
        HEX16 [0x4000002]
        NL
        ; size RAM in 1 MiB steps from 2 MiB (pattern written, read back)
        mov esi, 0x200000
.probe:
        mov eax, esi
        xor eax, 0x5A5A5A5A
        mov [esi + 0xFFC], eax
        cmp [esi + 0xFFC], eax
        jne .end
        add esi, 0x100000
        cmp esi, 0x10000000
        jb .probe
.end:
        SHOW "ram-end", esi
        mov ebx, [boot_ebx]
        mov eax, [ebx + 8]              ; mem_upper (KiB above 1 MiB)
        shl eax, 10
        add eax, 0x100000
        add eax, 0x20000                ; SeaBIOS keeps the top 128 KiB
        SHOW "mb-end", eax
        NL
        ret
