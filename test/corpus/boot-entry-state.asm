; boot-entry-state.asm - the Multiboot v1 entry state (spec 3.2) and the corpus frame itself.
; Prints only what the spec defines: EAX magic, EFLAGS.IF and VM clear, CR0.PE set, CR0.PG clear.
%include "lib/kernel.inc"

test_main:
        SHOW "eax", [boot_eax]
        NL
        pushfd
        pop eax
        and eax, FL_IF | 0x20000
        SHOW "if_vm", eax
        NL
        mov eax, cr0
        and eax, CR0_PE | CR0_PG
        SHOW "cr0_pe_pg", eax
        NL
        PRINTLN "hello from the corpus"
        ret
