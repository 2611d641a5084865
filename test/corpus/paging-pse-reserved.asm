; paging-pse-reserved.asm - reserved bits in a 4 MiB PDE: bit 21 is always reserved, and a read
; or a write through such a PDE raises #PF with RSVD (error code bit 3) and W as for any fault,
; CR2 = the address, saved EIP = the access; a valid 4 MiB PDE next to it works.
; SDM Vol. 3A 4.3 Table 4-4 (bit 21 reserved), 4.7 (RSVD flag).
; The handler prints the error code without bit 0: the SDM sets P together with RSVD ("bit 3
; of the error code can be set only if bit 0 is also set"), QEMU 7.2 TCG leaves P clear.
%include "lib/kernel.inc"

pf_handler:
        PRINT "#0E e&~1="
        mov eax, [ebx + F_ERR]
        and eax, ~1
        call hex32
        PRINT " eip="
        mov eax, [ebx + F_EIP]
        call hex32
        PRINT " cr2="
        mov eax, cr2
        call hex32
        call newline
        mov eax, [resume_eip]
        mov [ebx + F_EIP], eax
        ret

test_main:
        SET_HANDLER 14, pf_handler
        mov dword [0x00400100], 0x4D4D4D4D
        mov eax, PTE_P | PTE_RW | PTE_US
        call paging_identity
        mov dword [PAGE_DIR + 2 * 4], 0x00400000 | PTE_PS | PTE_P | PTE_RW
        mov dword [PAGE_DIR + 3 * 4], 0x00400000 | (1 << 21) | PTE_PS | PTE_P | PTE_RW
        mov eax, cr4
        or eax, CR4_PSE
        mov cr4, eax
        xor eax, eax
        call paging_on
        mov eax, [0x00800100]
        SHOW "valid", eax
        NL
        RESUME .r1
        mov eax, [0x00C00100]
.r1:
        RESUME .r2
        mov dword [0x00C00200], 1
.r2:
        call paging_off
        mov eax, cr4
        and eax, ~CR4_PSE
        mov cr4, eax
        ret
