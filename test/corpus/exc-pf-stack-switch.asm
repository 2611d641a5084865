; exc-pf-stack-switch.asm - a page fault raised by the processor's own stack accesses: ring 3
; executes INT 0x80 while the page under TSS.ESP0 is not present, so pushing the ring-3 SS on
; the ring-0 stack faults. The access is an implicit supervisor write: error code 2 (P = 0,
; W = 1, U/S = 0) and the saved EIP is the INT instruction. The #PF gate points at a conforming
; code segment, so the handler runs at CPL 3 on the ring-3 stack; it maps the page (P from 0 to
; 1 needs no invalidation) and IRETs to the INT, which then succeeds.
; SDM Vol. 3A 4.6.1 (implicit supervisor-mode accesses), 4.7 (error code), 6.12.1, 4.10.4.3.
%include "lib/kernel.inc"

SEL_CONF        equ SEL_SPARE0
KPAGE_PTE       equ PAGE_TAB0 + ((KSTACK_TOP - 4) >> 12) * 4

pf_handler:
        ; CPL 3 here (conforming code); frame: error code, EIP, CS, EFLAGS
        push eax
        PRINT "#0E e="
        mov eax, [esp + 4]
        call hex32
        PRINT " eip="
        mov eax, [esp + 8]
        call hex32
        PRINT " cs="
        mov eax, [esp + 12]
        call hex16
        call newline
        or dword [KPAGE_PTE], PTE_P
        pop eax
        add esp, 4
        iretd

test_main:
        DESC SEL_CONF, 0, 0xFFFFF, 0x9E, 0xC0
        mov word [gate_sel], SEL_CONF
        GATE 14, pf_handler, 0x8E
        mov word [gate_sel], SEL_CODE0
        mov eax, PTE_P | PTE_RW | PTE_US
        call paging_identity
        and dword [KPAGE_PTE], ~PTE_P
        xor eax, eax
        call paging_on
        RING3 user, FL_IOPL3 | 2
        mov eax, [KPAGE_PTE]
        and eax, PTE_P | PTE_A | PTE_D
        SHOW "kstack-pte", eax
        NL
        call paging_off
        ret

user:
        SYS_PRINTLN "int 0x80 after the fault"
        SYS_RETURN
