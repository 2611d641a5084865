; The 8259A and 8254 through their registers, in sequences whose results do not depend on
; timing: PIT counter 0 in mode 0 raises IRQ0 once (seen in the IRR while masked), the poll
; command, ISR/IRR read-back around EOI, specific EOI, priority rotation seen through the
; poll command, the IMR, and PIT read-back status/latch sequences.
%include "lib.inc"
%macro IRR 0
    mov al, 0x0A
    out 0x20, al
    in al, 0x20
%endmacro
%macro ISR 0
    mov al, 0x0B
    out 0x20, al
    in al, 0x20
%endmacro
main:
    call pic_remap              ; IRQs masked except the cascade; IF stays 0 throughout
    mov al, 0xFF
    out 0x21, al
    PRINT "imr "
    in al, 0x21
    call hex8
    ; PIT counter 0, mode 0, count 100: OUT0 rises once -> IRQ0 latched in the IRR
    mov al, 0x30
    out 0x43, al
    mov al, 100
    out 0x40, al
    xor al, al
    out 0x40, al
.wait_irr:
    IRR
    test al, 1
    jz .wait_irr
    PRINT 10, "irr "
    call hex8
    PRINT "status "
    mov al, 0xE2                ; read-back status of counter 0
    out 0x43, al
    in al, 0x40
    call hex8                   ; OUT high, lo/hi, mode 0
    ; poll: acknowledges IRQ0 even though it is masked? (the IMR masks it: poll returns 0)
    mov al, 0x0C
    out 0x20, al
    in al, 0x20
    PRINT 10, "poll-masked "
    call hex8
    mov al, 0xFE                ; unmask IRQ0
    out 0x21, al
    mov al, 0x0C
    out 0x20, al
    in al, 0x20
    PRINT "poll "
    call hex8
    ISR
    PRINT "isr "
    call hex8
    IRR
    PRINT "irr "
    call hex8
    mov al, 0x60                ; specific EOI, level 0
    out 0x20, al
    ISR
    PRINT "isr-after-eoi "
    call hex8
    ; the master's IR2 (cascade) with nothing pending on the slave
    PRINT 10, "slave-imr "
    in al, 0xA1
    call hex8
    ; second round: mode 2 rate generator, count 50, two edges -> IRR again
    mov al, 0x34
    out 0x43, al
    mov al, 50
    out 0x40, al
    xor al, al
    out 0x40, al
.wait2:
    IRR
    test al, 1
    jz .wait2
    ; set priority: IR0 lowest. Poll still returns it (only request).
    mov al, 0xC0
    out 0x20, al
    mov al, 0x0C
    out 0x20, al
    in al, 0x20
    PRINT "poll2 "
    call hex8
    mov al, 0x20                ; non-specific EOI
    out 0x20, al
    ISR
    PRINT "isr "
    call hex8
    ; latch then read-back status of counter 0 (both latched, status first)
    mov al, 0x00
    out 0x43, al
    mov al, 0xE2
    out 0x43, al
    in al, 0x40
    and al, 0x7F                ; OUT depends on how many ticks passed since the edge
    PRINT 10, "status2 "
    call hex8
    ; counter 2 with LSB-only access, mode 3, read-back status
    mov al, 0x96
    out 0x43, al
    mov al, 0x20
    out 0x42, al
    mov al, 0xE8
    out 0x43, al
    in al, 0x42
    and al, 0x7F
    PRINT "status-c2 "
    call hex8
    mov al, 10
    call putc
    mov al, 0x2A
    jmp exit
%include "tail.inc"
