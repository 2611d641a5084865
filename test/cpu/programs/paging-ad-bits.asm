; Accessed/dirty flags and #PF error codes of 32-bit paging, compared with QEMU: the PDE's A set
; on a walk that reaches a not-present PTE, the PTE's A not set when the access is refused, D set
; only by writes, A/D of a 4-MiB PDE, a supervisor write to a read-only page with CR0.WP = 0 and
; = 1, a stale TLB entry until INVLPG.
; Not probed: whether a global entry survives a MOV to CR3 (the SDM only says MOV CR3 does not
; invalidate it; QEMU 7.2 TCG flushes its whole TLB, vtlab keeps it: test/cpu/paging.test.ts).
; SDM Vol. 3A 4.3, 4.6, 4.7, 4.8, 4.10.4.
%include "frame.inc"

PD      equ 0x200000
PT      equ 0x201000

main:
        mov eax, pf_handler                    ; #PF: print, then continue at [handler_next]
        mov [idt + 14*8], ax
        shr eax, 16
        mov [idt + 14*8 + 6], ax
        ; PD[0] -> PT (identity 4 MiB, supervisor, RW); PD[1] -> PT2 for 0x400000..; PD[2] = 4-MiB page at 0x800000
        mov edi, PT
        mov eax, 0x3
        mov ecx, 1024
.f:     mov [edi], eax
        add eax, 0x1000
        add edi, 4
        loop .f
        mov dword [PD], PT | 0x3
        mov dword [PD + 4], (PT + 0x1000) | 0x7
        mov dword [PD + 8], 0x800000 | 0x83
        mov dword [PT + 0x1000 + 0], 0x000000  ; 0x400000 not present
        mov dword [PT + 0x1000 + 4], 0x180005  ; 0x401000 -> 0x180000 user, read-only
        mov dword [PT + 0x1000 + 8], 0x181007  ; 0x402000 -> 0x181000 user, RW
        mov eax, PD
        mov cr3, eax
        mov eax, cr4
        or eax, 0x90                           ; PSE | PGE
        mov cr4, eax
        mov eax, cr0
        or eax, 0x80000000
        mov cr0, eax

        mov dword [handler_next], .a1
        mov eax, [0x400000]                    ; not-present PTE: #PF(0), PDE[1].A set
.a1:    SHOW "pde1", [PD + 4]
        mov eax, [0x401000]                    ; read: PTE A
        SHOW "pte-ro-after-read", [PT + 0x1000 + 4]
        mov dword [handler_next], .a2
        mov eax, cr0
        and eax, ~0x10000
        mov cr0, eax                           ; WP = 0: supervisor write allowed
        mov dword [0x401000], 1
        SHOW "pte-ro-after-write-wp0", [PT + 0x1000 + 4]
        mov eax, cr0
        or eax, 0x10000
        mov cr0, eax                           ; WP = 1: the same write faults (P|W = 3)
        mov dword [0x401004], 2
.a2:    mov dword [handler_next], unexpected  ; no further #PF is expected
        mov eax, [0x402000]
        SHOW "pte-rw-after-read", [PT + 0x1000 + 8]
        mov dword [0x402000], 3
        SHOW "pte-rw-after-write", [PT + 0x1000 + 8]
        mov eax, [0x800010]
        SHOW "pde-4m-after-read", [PD + 8]
        mov byte [0x9ffff0], 1
        SHOW "pde-4m-after-write", [PD + 8]
        ; TLB: change the PTE of 0x402000 without INVLPG, then with it
        mov dword [0x181000], 0xaaaa
        mov dword [0x182000], 0xbbbb
        mov dword [PT + 0x1000 + 8], 0x182007
        SHOW "stale", [0x402000]
        invlpg [0x402000]
        SHOW "after-invlpg", [0x402000]
        ret

unexpected:
        SHOW "unexpected-pf-at", [esp]
        jmp exit

pf_handler:
        SHOW "pf-err", [esp]
        mov eax, cr2
        SHOW "pf-cr2", eax
        add esp, 4
        mov eax, [handler_next]
        mov [esp], eax
        iretd
handler_next: dd 0

end_of_image:
idt:    times 32 dq 0
