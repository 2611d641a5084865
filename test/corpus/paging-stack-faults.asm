; paging-stack-faults.asm - page faults on implicit stack writes in ring 3 (the handler runs on
; the TSS ring-0 stack): PUSH into a missing page (error code 6 = user write not present,
; CR2 = the slot, saved EIP = the PUSH, user ESP unchanged), CALL whose return-address push
; faults (saved EIP = the CALL, ESP unchanged), PUSHAD straddling into a missing page (the
; whole instruction restarts: ESP unchanged; only CR2's page is printed, as the order of the
; eight writes is not defined). The handler maps the page and the instruction is restarted.
; SDM Vol. 3A 4.7 (#PF error code), 6.15 (interrupt 14, fault: restart), Vol. 2B PUSH/PUSHA.
%include "lib/kernel.inc"

P0      equ 0x00600000                  ; initially missing
P1      equ 0x00601000                  ; present
FR      equ 0x00340000

pf_handler:
        PRINT "#PF e="
        mov eax, [ebx + F_ERR]
        call hex8
        PRINT " cr2-page="
        mov eax, cr2
        and eax, 0xFFFFF000
        call hex32
        PRINT " eip="
        mov eax, [ebx + F_EIP]
        call hex32
        PRINT " user-esp="
        mov eax, [ebx + F_USP]
        call hex32
        call newline
        mov dword [PAGE_TAB0 + (P0 >> 12) * 4], FR | PTE_P | PTE_RW | PTE_US
        ret

; unmap P0 (ring 0 service through INT 0x81)
unmap_p0:
        mov dword [PAGE_TAB0 + (P0 >> 12) * 4], 0
        invlpg [P0]
        ret

test_main:
        SET_HANDLER 14, pf_handler
        SET_HANDLER 0x81, unmap_p0
        GATE 0x81, exc_stubs + 0x81 * STUB_SIZE, 0xEE
        mov eax, PTE_P | PTE_RW | PTE_US
        call paging_identity
        mov dword [PAGE_TAB0 + (P1 >> 12) * 4], (FR + 0x1000) | PTE_P | PTE_RW | PTE_US
        xor eax, eax
        call paging_on
        RING3 user, FL_IOPL3 | 2
        call paging_off
        ret

user:
        int 0x81
        mov esp, P1 + 4
        mov eax, 0xAAAA0001
        push eax                        ; P1: fine
.push2: push eax                        ; P0: fault, restart
        mov ebx, esp
        mov esp, STACK3_TOP
        SHOW "push2", .push2
        SHOW "esp", ebx
        NL
        int 0x81
        mov esp, P1
.call:  call .target                    ; the return address goes to P0
        jmp .after
.target:
        mov ebx, esp
        ret
.after:
        mov esp, STACK3_TOP
        SHOW "call", .call
        SHOW "esp-in-callee", ebx
        NL
        int 0x81
        mov esp, P1 + 0x10
.pushad:
        pushad
        mov ebx, esp
        mov esp, STACK3_TOP
        SHOW "pushad", .pushad
        SHOW "esp", ebx
        NL
        SYS_RETURN
