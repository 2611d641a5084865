; sys-sti-hlt-shadow.asm - the STI interrupt shadow and HLT wake-up, made deterministic by
; waiting (IF = 0) until IRQ0 is already pending in the PIC's IRR: after STI exactly one more
; instruction runs before the interrupt is taken; with STI; HLT the interrupt is taken after HLT
; (saved EIP = the instruction after HLT); MOV SS likewise delays a single-step trap by one
; instruction; interrupts do not nest while IF = 0 in an interrupt-gate handler.
; SDM Vol. 2B (STI: "interrupts ... recognized after the next instruction"; HLT), Vol. 3A 6.8.3
; (masking exceptions and interrupts when switching stacks: MOV SS), 6.12.1.3.
%include "lib/kernel.inc"

irq0:
        mov eax, [counter]
        mov [seen_counter], eax
        mov eax, [ebx + F_EIP]
        mov [seen_eip], eax
        in al, PIC1_DATA
        or al, 1
        out PIC1_DATA, al               ; one interrupt per experiment
        call pic_eoi_master
        inc dword [irqs]
        ret

db1:
        mov eax, [ebx + F_EIP]
        mov edx, [ndb]
        mov [db_log + edx * 4], eax
        inc dword [ndb]
        cmp dword [ndb], 3
        jb .keep
        and dword [ebx + F_EFL], ~FL_TF
.keep:
        ret
ndb:            dd 0
db_log:         times 4 dd 0

counter:        dd 0
seen_counter:   dd 0
seen_eip:       dd 0
irqs:           dd 0

; arm: IF = 0; unmask IRQ0 in the IMR only after it is pending in IRR
arm:
        mov al, 0x0A
        out PIC1_CMD, al
.l:
        in al, PIC1_CMD
        test al, 1
        jz .l
        in al, PIC1_DATA
        and al, 0xFE
        out PIC1_DATA, al
        ret

test_main:
        SET_HANDLER 0x20, irq0
        SET_HANDLER 1, db1
        mov al, 2
        mov cx, 600
        call pit_start
        ; 1. STI shadow: the INC after STI runs, the second does not
        call arm
        mov dword [counter], 0
        sti
        inc dword [counter]
        inc dword [counter]
        inc dword [counter]
        cli
        SHOW "counter-at-irq", [seen_counter]
        NL
        ; 2. STI; HLT: taken after HLT
        call arm
        sti
        hlt
.after_hlt:
        cli
        mov eax, [seen_eip]
        sub eax, .after_hlt
        SHOW "eip-after-hlt", eax
        NL
        ; 3. an already-enabled IF: the interrupt is taken at the next boundary after unmasking
        mov dword [counter], 0
        mov al, 0x0A
        out PIC1_CMD, al
.l3:
        in al, PIC1_CMD
        test al, 1
        jz .l3
        sti
        nop
        in al, PIC1_DATA
        and al, 0xFE
        out PIC1_DATA, al               ; IRQ0 pending: taken right after this OUT...
.w3:
        cmp dword [irqs], 3
        jb .w3
        cli
        SHOW "irqs", [irqs]
        NL
        ; 4. MOV SS delays the single-step trap past the next instruction
        mov dx, ss
        pushfd
        or dword [esp], FL_TF
        popfd
        nop                             ; trap after this one
.movss:
        mov ss, dx                      ; no trap after MOV SS...
        mov eax, 1                      ; ...but after the next instruction
.after_mov:
        nop
        nop
        PRINT "db-traps"
        xor esi, esi
.p4:
        mov eax, [db_log + esi * 4]
        sub eax, .movss
        call space
        call hex32
        inc esi
        cmp esi, 3
        jb .p4
        NL
        call pit_stop
        ret
