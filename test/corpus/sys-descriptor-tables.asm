; sys-descriptor-tables.asm - LGDT/SGDT, LIDT/SIDT, LLDT/SLDT (and loading segments from the
; LDT), LTR/STR (the busy bit set by LTR, LTR of a busy TSS -> #GP), error cases.
; SDM Vol. 2A/2B (LGDT, SGDT, LLDT, SLDT, LTR, STR), Vol. 3A 3.5.1, 7.2.2 (TSS busy flag).
%include "lib/kernel.inc"

ldt_table:
        dq 0x00CF92000000FFFF           ; 0x04: data DPL0 (base patched below)
        dq 0x00CF9A000000FFFF           ; 0x0C: code DPL0 flat
        dq 0x00CFF2000000FFFF           ; 0x14: data DPL3
ldt_end:

test_main:
        ; sgdt / sidt
        sgdt [SCRATCH]
        HEX16 [SCRATCH]
        mov eax, [SCRATCH + 2]
        sub eax, gdt
        SHOW "gdt-base-delta", eax
        sidt [SCRATCH]
        HEX16 [SCRATCH]
        mov eax, [SCRATCH + 2]
        sub eax, idt
        SHOW "idt-base-delta", eax
        NL
        ; lgdt a copy at another address, read back, switch back
        mov esi, gdt
        mov edi, SCRATCH + 0x1000
        mov ecx, GDT_ENTRIES * 2
        rep movsd
        mov word [SCRATCH + 0x100], GDT_ENTRIES * 8 - 1
        mov dword [SCRATCH + 0x102], SCRATCH + 0x1000
        lgdt [SCRATCH + 0x100]
        mov ax, SEL_DATA0
        mov ds, ax
        sgdt [SCRATCH + 0x200]
        HEX16 [SCRATCH + 0x200]
        HEX32 [SCRATCH + 0x202]
        lgdt [gdtr]
        ; lidt copy
        mov word [SCRATCH + 0x100], 0x7FF
        mov dword [SCRATCH + 0x102], idt
        lidt [SCRATCH + 0x100]
        sidt [SCRATCH + 0x200]
        HEX16 [SCRATCH + 0x200]
        mov eax, [SCRATCH + 0x202]
        sub eax, idt
        HEX32 eax
        lidt [idtr]
        NL
        ; TSS busy bit after LTR (done at boot), STR
        movzx eax, byte [gdt + SEL_TSS + 5]
        SHOW "tss-access", eax
        mov eax, 0xFFFFFFFF
        str eax
        SHOW "str", eax
        mov word [SCRATCH], 0xFFFF
        str [SCRATCH]
        HEX16 [SCRATCH]
        NL
        ; LTR of a busy TSS -> #GP(selector)
        RESUME .r1
        mov ax, SEL_TSS
        ltr ax
.r1:
        ; LTR of a non-TSS descriptor -> #GP(selector)
        RESUME .r2
        mov ax, SEL_DATA0
        ltr ax
.r2:
        ; (LTR with a null selector is #GP(0) in the SDM but QEMU 7.2 accepts it: not compared)
        ; LDT: descriptor in the GDT, LLDT, SLDT, segment loads with TI = 1
        mov eax, ldt_table
        mov [SCRATCH], eax
        mov dword [SCRATCH + 4], SCRATCH + 0x4000
        mov eax, [SCRATCH + 4]
        mov [ldt_table + 2], ax
        shr eax, 16
        mov [ldt_table + 4], al
        mov [ldt_table + 7], ah
        DESC SEL_LDT, ldt_table, ldt_end - ldt_table - 1, 0x82, 0x00
        mov ax, SEL_LDT
        lldt ax
        sldt eax
        SHOW "sldt", eax
        mov dword [SCRATCH + 0x4010], 0x1D71D7AA
        mov ax, 0x04                    ; LDT index 0, RPL 0
        mov fs, ax
        mov eax, [fs:0x10]
        SHOW "ldt-data", eax
        jmp 0x0C:.in_ldt_code
.in_ldt_code:
        mov eax, cs
        and eax, 0xFFFF
        SHOW "cs", eax
        jmp SEL_CODE0:.back
.back:
        NL
        ; LDT selector beyond the LDT limit -> #GP(selector & ~3... with TI)
        RESUME .r4
        mov ax, 0x1C
        mov gs, ax
.r4:
        ; LLDT with a non-LDT descriptor -> #GP(selector)
        RESUME .r5
        mov ax, SEL_DATA0
        lldt ax
.r5:
        ; LLDT null makes LDTR unusable: an LDT selector then faults with #GP(selector)
        xor ax, ax
        lldt ax
        sldt eax
        SHOW "sldt-null", eax
        NL
        RESUME .r6
        mov ax, 0x04
        mov gs, ax
.r6:
        mov ax, SEL_DATA0
        mov fs, ax
        mov gs, ax
        ret
