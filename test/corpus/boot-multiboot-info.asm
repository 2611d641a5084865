; boot-multiboot-info.asm - the Multiboot information structure the loader passes in EBX, with
; the same machine configuration in QEMU and vtlab (64 MiB): flags bits 0 (mem_*), 2 (cmdline),
; 6 (mmap); mem_lower/mem_upper in KiB; the command line ("<image name> <append text>"); and
; that the memory map has a type-1 (available) entry covering the kernel image at 1 MiB.
; Multiboot Specification 0.6.96, 3.3 (boot information format).
%include "lib/kernel.inc"

test_main:
        mov ebx, [boot_ebx]
        mov eax, [ebx]
        and eax, 0x45
        SHOW "flags", eax
        SHOW "mem_lower", [ebx + 4]
        SHOW "mem_upper", [ebx + 8]
        NL
        PRINT "cmdline=["
        mov esi, [ebx + 16]
        call puts
        PRINTLN "]"
        ; mmap: entries of (size, base_lo, base_hi, len_lo, len_hi, type); size excludes itself
        mov esi, [ebx + 48]             ; mmap_addr
        mov ecx, [ebx + 44]             ; mmap_length
        add ecx, esi
        xor edx, edx
.l:
        cmp esi, ecx
        jae .done
        cmp dword [esi + 20], 1
        jne .next
        cmp dword [esi + 8], 0
        jne .next
        mov eax, [esi + 4]
        cmp eax, IMAGE_BASE
        ja .next
        add eax, [esi + 12]
        cmp eax, IMAGE_BASE + 0x10000
        jb .next
        mov edx, 1
.next:
        add esi, [esi]
        add esi, 4
        jmp .l
.done:
        SHOW "image-in-available-ram", edx
        NL
        ret
