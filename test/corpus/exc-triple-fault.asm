; exc-triple-fault.asm - triple fault: with an IDT limit of 0, INT3 cannot be delivered (#GP),
; the #GP cannot be delivered (#DF), the #DF cannot be delivered -> shutdown. QEMU with
; -no-reboot exits with status 0 and no debug-exit; the output before the shutdown is compared.
; SDM Vol. 3A 6.15 (interrupt 8: "the processor enters shutdown mode"), Table 6-5.
; expect: shutdown
%include "lib/kernel.inc"

test_main:
        PRINTLN "before the triple fault"
        mov word [SCRATCH], 0
        mov dword [SCRATCH + 2], idt
        lidt [SCRATCH]
        int3
        PRINTLN "not reached"
        ret
