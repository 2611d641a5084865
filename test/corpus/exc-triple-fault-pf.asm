; exc-triple-fault-pf.asm - a triple fault through page faults on the ring-0 stack: ring 3 runs
; INT 0x80 while the page under TSS.ESP0 is not present. Pushing the frame faults (#PF), the #PF
; cannot be delivered on that stack either (#PF during #PF -> #DF), and the #DF cannot be
; delivered -> shutdown. QEMU with -no-reboot exits with status 0; the output before it is
; compared.
; SDM Vol. 3A 6.15 (interrupt 8, Table 6-5), 4.6.1 (implicit supervisor accesses).
; expect: shutdown
%include "lib/kernel.inc"

test_main:
        mov eax, PTE_P | PTE_RW | PTE_US
        call paging_identity
        and dword [PAGE_TAB0 + ((KSTACK_TOP - 4) >> 12) * 4], ~PTE_P
        xor eax, eax
        call paging_on
        PRINTLN "entering ring 3"
        RING3 user, FL_IOPL3 | 2
        PRINTLN "not reached"
        ret

user:
        PRINTLN "ring 3: int 0x80 with the ring-0 stack unmapped"
        int 0x80
        PRINTLN "not reached"
        jmp user
