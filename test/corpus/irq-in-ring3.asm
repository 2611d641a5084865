; irq-in-ring3.asm - hardware interrupts taken while ring 3 runs with IF = 1 (IOPL 0): IRQ0
; from the PIT is delivered through a DPL-0 interrupt gate (the gate DPL does not apply to
; hardware interrupts) with a stack switch to TSS.SS0:ESP0; the handler sees CS = 0x1B and the
; user SS:ESP in its frame and returns to ring 3 with IRET. The user loop waits until the handler
; has run N times (the handler masks IRQ0 at the N-th), so only exact values are printed.
; SDM Vol. 3A 6.12.1 (stack switch), 6.12.1.1 (DPL check only for software interrupts).
%include "lib/kernel.inc"

N       equ 4

irq0:
        inc dword [ticks]
        mov eax, [ebx + F_CS]
        and eax, 0xFFFF
        mov [seen_cs], eax
        mov eax, [ebx + F_USS]
        and eax, 0xFFFF
        mov [seen_ss], eax
        mov eax, ebx
        mov [seen_frame], eax
        cmp dword [ticks], N
        jb .eoi
        mov al, 0xFF
        out PIC1_DATA, al
.eoi:
        call pic_eoi_master
        ret

ticks:          dd 0
seen_cs:        dd 0
seen_ss:        dd 0
seen_frame:     dd 0

test_main:
        SET_HANDLER 0x20, irq0
        mov al, 2
        mov cx, 200                     ; ~6 kHz: a busy-waiting loop needs few instructions
        call pit_start
        mov al, 0xFE
        out PIC1_DATA, al
        RING3 user, FL_IF | 2
        call pit_stop
        SHOW "ticks", [ticks]
        SHOW "cs", [seen_cs]
        SHOW "ss", [seen_ss]
        ; the frame (pushad + segment regs + vector/error + 5 dwords) ends at KSTACK_TOP
        mov eax, KSTACK_TOP
        sub eax, [seen_frame]
        SHOW "frame-size", eax
        NL
        ret

user:
.w:
        cmp dword [ticks], N
        jb .w
        SYS_RETURN
