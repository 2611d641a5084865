; paging-4m-pse.asm - 4 MiB pages with CR4.PSE = 1: a PDE with PS = 1 maps a 4 MiB region
; directly (bits 31:22 = frame); accessed and dirty bits are set in that PDE; 4 KiB and 4 MiB
; mappings coexist; the identity of the first 4 MiB replaced by one large page while running.
; SDM Vol. 3A 4.3 (Table 4-4: PDE that maps a 4-MByte page), 4.8 (A/D flags), 2.5 (CR4.PSE).
%include "lib/kernel.inc"

test_main:
        mov dword [0x00400010], 0x40404040      ; physical 4 MiB + 0x10
        mov dword [0x00400020], 0
        mov eax, PTE_P | PTE_RW | PTE_US
        call paging_identity
        mov dword [PAGE_DIR + 2 * 4], 0x00400000 | PTE_PS | PTE_P | PTE_RW      ; 8M -> 4M
        mov dword [PAGE_DIR + 3 * 4], 0x00000000 | PTE_PS | PTE_P | PTE_RW      ; 12M -> 0
        mov eax, cr4
        or eax, CR4_PSE
        mov cr4, eax
        xor eax, eax
        call paging_on
        mov eax, [PAGE_DIR + 8]
        and eax, 0xFFF
        SHOW "pde2", eax
        mov eax, [0x00800010]
        SHOW "read", eax
        mov eax, [PAGE_DIR + 8]
        and eax, 0xFFF
        SHOW "pde2-read", eax
        NL
        mov dword [0x00800020], 0x80808080
        mov eax, [PAGE_DIR + 8]
        and eax, 0xFFF
        SHOW "pde2-write", eax
        SHOW "via-4k", [0x00400020]
        ; the image seen through the 12M alias
        mov eax, [0x00C00000 + test_main]
        cmp eax, [test_main]
        sete al
        movzx eax, al
        SHOW "alias-code", eax
        mov eax, [PAGE_DIR + 12]
        and eax, 0xFFF
        SHOW "pde3", eax
        NL
        ; run code through the alias: call the print routine at its 12M address
        mov eax, 0x12345678
        mov ebx, 0x00C00000 + hex32
        call ebx
        NL
        ; replace the 4 KiB identity of 0-4M by a single 4 MiB page, flush with a CR3 reload
        mov dword [PAGE_DIR], 0x00000000 | PTE_PS | PTE_P | PTE_RW | PTE_US
        mov eax, cr3
        mov cr3, eax
        mov dword [SCRATCH], 0x5CA77E4D
        mov eax, [PAGE_DIR]
        and eax, PTE_PS | PTE_A | PTE_D | PTE_P
        SHOW "pde0", eax
        SHOW "scratch", [SCRATCH]
        call paging_off
        mov eax, cr4
        and eax, ~CR4_PSE
        mov cr4, eax
        NL
        ret
