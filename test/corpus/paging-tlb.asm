; paging-tlb.asm - TLB invalidation semantics that are architecturally defined: after a PTE
; change, INVLPG of that page makes the new translation visible; a MOV to CR3 flushes non-global
; translations; a global translation (PTE.G with CR4.PGE = 1) is flushed by INVLPG and by
; toggling CR4.PGE; a not-present PTE made present needs no invalidation. What a stale entry
; would return without invalidation is not defined and is never printed.
; SDM Vol. 3A 4.10.2 (TLBs), 4.10.4.1 (operations that invalidate TLBs), 4.10.4.3 (optional
; invalidation: P from 0 to 1), 4.10.2.4 (global pages).
%include "lib/kernel.inc"

LIN     equ 0x00600000
FA      equ 0x00310000
FB      equ 0x00311000
PTE     equ PAGE_TAB0 + (LIN >> 12) * 4

test_main:
        mov dword [FA], 0xAAAAAAAA
        mov dword [FB], 0xBBBBBBBB
        mov eax, PTE_P | PTE_RW | PTE_US
        call paging_identity
        mov dword [PTE], FA | PTE_P | PTE_RW
        xor eax, eax
        call paging_on
        SHOW "a", [LIN]
        mov dword [PTE], FB | PTE_P | PTE_RW
        invlpg [LIN]
        SHOW "invlpg->b", [LIN]
        mov dword [PTE], FA | PTE_P | PTE_RW
        mov eax, cr3
        mov cr3, eax
        SHOW "cr3->a", [LIN]
        NL
        ; global page
        mov eax, cr4
        or eax, CR4_PGE
        mov cr4, eax
        mov dword [PTE], FB | PTE_P | PTE_RW | PTE_G
        invlpg [LIN]
        SHOW "g-b", [LIN]
        mov dword [PTE], FA | PTE_P | PTE_RW | PTE_G
        invlpg [LIN]
        SHOW "g-invlpg->a", [LIN]
        mov dword [PTE], FB | PTE_P | PTE_RW | PTE_G
        mov eax, cr4
        and eax, ~CR4_PGE
        mov cr4, eax
        or eax, CR4_PGE
        mov cr4, eax
        SHOW "g-pge->b", [LIN]
        NL
        ; not present -> present without invalidation
        mov dword [PTE], 0
        invlpg [LIN]
        RESUME .r1
        mov eax, [LIN]
.r1:
        mov dword [PTE], FA | PTE_P | PTE_RW
        SHOW "np->p", [LIN]
        NL
        ; switching address spaces: a second page directory mapping LIN to FB
        mov esi, PAGE_DIR
        mov edi, SCRATCH + 0x20000
        mov ecx, 1024
        rep movsd
        mov esi, PAGE_TAB1
        mov edi, SCRATCH + 0x21000
        mov ecx, 1024
        rep movsd
        mov dword [SCRATCH + 0x20000 + 4], (SCRATCH + 0x21000) | PTE_P | PTE_RW | PTE_US
        mov dword [SCRATCH + 0x21000 + ((LIN >> 12) & 0x3FF) * 4], FB | PTE_P | PTE_RW
        mov eax, SCRATCH + 0x20000
        mov cr3, eax
        SHOW "as2", [LIN]
        mov eax, PAGE_DIR
        mov cr3, eax
        SHOW "as1", [LIN]
        NL
        call paging_off
        mov eax, cr4
        and eax, ~CR4_PGE
        mov cr4, eax
        ret
