; paging-protection.asm - page-level protection and #PF (vector 14, fault: saved EIP = the
; faulting instruction, CR2 = the linear address, error code P/W/U bits): not-present read and
; write, supervisor write to a read-only page with CR0.WP = 0 (allowed) and 1 (fault), user
; access to supervisor pages, user write to read-only pages, U/S and R/W combined from PDE and
; PTE, a user instruction fetch from a supervisor page.
; SDM Vol. 3A 4.6 (access rights), 4.7 (page-fault exceptions, Figure 4-12 error code).
%include "lib/kernel.inc"

NP      equ 0x00600000                  ; not present
RO      equ 0x00601000                  ; read-only, user
SUP     equ 0x00602000                  ; supervisor, writable
PDE2    equ 0x00800000                  ; PDE 2: supervisor-only page table with user PTEs

%macro SETPTE 2
        mov dword [PAGE_TAB0 + ((%1) >> 12) * 4], (%1) | (%2)
        invlpg [%1]
%endmacro

test_main:
        mov eax, PTE_P | PTE_RW | PTE_US
        call paging_identity
        ; PDE 2 -> PAGE_TAB2 with the PDE's U/S = 0 and R/W = 0; its PTEs are user + writable
        mov edi, PAGE_TAB2
        mov ecx, 1024
        mov eax, 0x00800000 | PTE_P | PTE_RW | PTE_US
.pt2:
        stosd
        add eax, 0x1000
        loop .pt2
        mov dword [PAGE_DIR + 8], PAGE_TAB2 | PTE_P
        SETPTE NP, 0
        SETPTE RO, PTE_P | PTE_US
        SETPTE SUP, PTE_P | PTE_RW
        mov byte [SUP], 0xC3            ; a RET for the fetch test
        xor eax, eax
        call paging_on
        PRINTLN "supervisor, WP = 0"
        RESUME .r1
        mov eax, [NP + 0x10]
.r1:
        RESUME .r2
        mov byte [NP + 0x20], 1
.r2:
        mov dword [RO], 0x5A5A5A5A      ; allowed with WP = 0
        SHOW "ro-written", [RO]
        mov dword [PDE2 + 0x100], 0x77  ; PDE R/W = 0 does not stop ring 0 with WP = 0
        SHOW "pde2-written", [PDE2 + 0x100]
        NL
        PRINTLN "supervisor, WP = 1"
        mov eax, cr0
        or eax, CR0_WP
        mov cr0, eax
        RESUME .r3
        mov dword [RO + 4], 1
.r3:
        RESUME .r4
        mov dword [PDE2 + 0x104], 1
.r4:
        mov eax, [RO]
        SHOW "ro-read", eax
        NL
        PRINTLN "user"
        RING3 user, FL_IOPL3 | 2
        call paging_off
        mov eax, cr0
        and eax, ~CR0_WP
        mov cr0, eax
        ret

user:
        RESUME .r1
        mov eax, [SUP]
.r1:
        RESUME .r2
        mov dword [SUP + 8], 2
.r2:
        RESUME .r3
        mov dword [RO + 12], 3
.r3:
        mov eax, [RO]
        SHOW "u-ro-read", eax
        NL
        RESUME .r4
        mov eax, [NP + 0x30]
.r4:
        RESUME .r5
        mov dword [NP + 0x34], 0
.r5:
        RESUME .r6
        mov eax, [PDE2 + 0x200]         ; PTE user, PDE supervisor
.r6:
        RESUME .r7
        mov eax, SUP
        call eax                        ; fetch from a supervisor page
.r7:
        SYS_RETURN
