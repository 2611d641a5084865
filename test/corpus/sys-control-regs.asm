; sys-control-regs.asm - MOV to/from CR0, CR2, CR3, CR4; SMSW, LMSW, CLTS; invalid writes.
; SDM Vol. 3A 2.5 (control registers), Vol. 2B MOV (control registers), LMSW (only PE MP EM TS,
; cannot clear PE), SMSW (32-bit register form: upper half undefined, masked), CLTS, WBINVD and
; INVD at CPL 0 (a value written back by WBINVD survives the INVD that follows).
; Only bits the program set are printed (CD/NW come from firmware and are masked).
%include "lib/kernel.inc"

CR0_MASK        equ CR0_PE | CR0_MP | CR0_EM | CR0_TS | CR0_ET | CR0_NE | CR0_WP | CR0_AM | CR0_PG

%macro SHOWCR0 1
        mov eax, cr0
        and eax, CR0_MASK
        SHOW %1, eax
%endmacro

test_main:
        mov eax, cr0
        and eax, ~(CR0_MP | CR0_EM | CR0_TS | CR0_NE | CR0_WP | CR0_AM)
        mov cr0, eax
        SHOWCR0 "cr0"
        or eax, CR0_MP | CR0_TS | CR0_NE | CR0_WP | CR0_AM
        mov cr0, eax
        SHOWCR0 "set"
        clts
        SHOWCR0 "clts"
        NL
        ; ET is hardwired to 1 (P6 and later)
        mov eax, cr0
        and eax, ~CR0_ET
        mov cr0, eax
        SHOWCR0 "et"
        ; smsw
        mov eax, 0xFFFFFFFF
        smsw eax
        and eax, 0xFFFF
        SHOW "smsw", eax
        mov word [SCRATCH], 0xAAAA
        mov word [SCRATCH + 2], 0xBBBB
        smsw [SCRATCH]
        HEX32 [SCRATCH]
        NL
        ; lmsw: loads PE MP EM TS only, cannot clear PE
        mov ax, 0xFFFF
        lmsw ax
        SHOWCR0 "lmsw-ffff"
        mov ax, 0
        lmsw ax
        SHOWCR0 "lmsw-0"
        mov word [SCRATCH], 0x0008
        lmsw [SCRATCH]
        SHOWCR0 "lmsw-m"
        clts
        NL
        ; cr2 and cr3 are plain read/write with paging off
        mov eax, 0xDEADBEEF
        mov cr2, eax
        mov eax, cr2
        SHOW "cr2", eax
        mov eax, PAGE_DIR | 0x18
        mov cr3, eax
        mov eax, cr3
        SHOW "cr3", eax
        NL
        ; cr4
        xor eax, eax
        mov cr4, eax
        mov eax, cr4
        SHOW "cr4", eax
        mov eax, CR4_PSE | CR4_PGE | CR4_DE | CR4_TSD
        mov cr4, eax
        mov eax, cr4
        SHOW "cr4", eax
        xor eax, eax
        mov cr4, eax
        NL
        ; invalid: CR1/CR5 -> #UD
        ; (PG without PE and NW without CD are #GP(0) in the SDM, but QEMU 7.2 TCG does not
        ; check them, so they are not compared here.)
        RESUME .r3
        db 0x0F, 0x22, 0xC8             ; mov cr1, eax
.r3:
        RESUME .r4
        db 0x0F, 0x20, 0xE8             ; mov eax, cr5
.r4:
        SHOWCR0 "after"
        NL
        ; cache control instructions at CPL 0: no architectural effect visible here
        mov dword [SCRATCH], 0x0C0FFEE0
        wbinvd
        invd
        SHOW "after-invd", [SCRATCH]
        NL
        ret
