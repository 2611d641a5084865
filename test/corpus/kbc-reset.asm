; kbc-reset.asm - resetting the PC through the 8042 (command 0xFE pulses the reset line), the
; way many small kernels reboot: with -no-reboot QEMU ends as it does on a triple fault, vtlab
; with its shutdown status. The output before the reset is compared.
; IBM PC/AT Technical Reference (8042 command 0xFE: pulse output port bit 0, system reset).
; expect: shutdown
%include "lib/kernel.inc"

test_main:
        PRINTLN "resetting"
.wait:
        in al, 0x64
        test al, 2                      ; input buffer empty?
        jnz .wait
        mov al, 0xFE
        out 0x64, al
.hang:
        hlt
        jmp .hang
