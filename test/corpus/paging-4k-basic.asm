; paging-4k-basic.asm - 32-bit paging with 4 KiB pages: identity map, remapping a linear page to
; another frame, aliases (two linear pages on one frame), accessed and dirty bits set by the
; processor in the PTE (A on any access, D on a write) and the PDE accessed bit, re-arming A/D
; after clearing them with INVLPG, paging off again.
; SDM Vol. 3A 4.3 (32-bit paging, Figure 4-4, Table 4-6 PTE), 4.8 (accessed and dirty flags).
; Bit 6 of a PDE that points to a page table is ignored and is masked.
%include "lib/kernel.inc"

LIN     equ 0x00600000                  ; linear page under test (PDE 1, PTE 0x200)
FRAME   equ 0x00310000                  ; physical frame it is mapped to
LIN2    equ 0x00601000                  ; alias of FRAME
PTE_LIN equ PAGE_TAB0 + (LIN >> 12) * 4
PTE_LIN2 equ PAGE_TAB0 + (LIN2 >> 12) * 4

%macro PTEFLAGS 2
        mov eax, [%2]
        and eax, 0xFFF
        SHOW %1, eax
%endmacro

test_main:
        mov dword [FRAME], 0xF00DF00D
        mov dword [FRAME + 4], 0
        mov dword [LIN], 0x1D1D1D1D     ; identity content, paging off
        mov eax, PTE_P | PTE_RW | PTE_US
        call paging_identity
        mov dword [PTE_LIN], FRAME | PTE_P | PTE_RW
        mov dword [PTE_LIN2], FRAME | PTE_P | PTE_RW
        xor eax, eax
        call paging_on
        PTEFLAGS "pte-before", PTE_LIN
        mov eax, [LIN]
        SHOW "read", eax
        PTEFLAGS "pte-read", PTE_LIN
        NL
        mov dword [LIN + 4], 0xABCDEF01
        PTEFLAGS "pte-write", PTE_LIN
        SHOW "phys", [FRAME + 4]
        mov eax, [LIN2 + 4]
        SHOW "alias", eax
        PTEFLAGS "pte-alias", PTE_LIN2
        mov eax, [PAGE_DIR + 4]
        and eax, 0x3F
        SHOW "pde1", eax
        NL
        ; clear A/D, invalidate, access again (read only): A comes back, D does not
        and dword [PTE_LIN], ~(PTE_A | PTE_D)
        invlpg [LIN]
        mov eax, [LIN + 8]
        PTEFLAGS "pte-reread", PTE_LIN
        mov byte [LIN + 9], 0x77
        PTEFLAGS "pte-rewrite", PTE_LIN
        NL
        ; remap to a different frame with INVLPG
        mov dword [PTE_LIN], (FRAME + 0x1000) | PTE_P | PTE_RW
        invlpg [LIN]
        mov dword [LIN], 0x2B2B2B2B
        mov eax, [LIN]
        SHOW "remapped", eax
        call paging_off
        SHOW "phys-frame2", [FRAME + 0x1000]
        SHOW "phys-frame1", [FRAME]
        SHOW "identity", [LIN]
        NL
        ret
