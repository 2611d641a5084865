; exc-seg-load.asm - descriptor checks on segment register loads and far transfers, with their
; error codes: #GP(selector) for a selector beyond the GDT limit, a system or execute-only
; descriptor in DS, RPL or CPL above DPL, bad SS types and privilege; #NP(selector) for a
; not-present data or code segment; #SS(selector) for a not-present stack segment; #GP(0) for a
; null SS and a far jump to a null selector; null DS/ES/FS/GS loads succeed.
; (The #GP(0) on a memory access through a null selector, and segment limit and write
; protection checks on data accesses, are not compared: QEMU 7.2 TCG does not perform them.)
; SDM Vol. 2B MOV (segment registers) and POP pseudocode, Vol. 2A JMP (far), Vol. 3A 5.5-5.8,
; 6.13 (error code: index, TI, EXT).
%include "lib/kernel.inc"

; SEGLOAD sreg, selector: load through AX, resume after it if it faults.
%macro SEGLOAD 2
        RESUME %%r
        mov ax, %2
        mov %1, ax
%%r:
%endmacro

test_main:
        xor ax, ax
        lldt ax                                 ; LDTR is undefined at Multiboot entry
        DESC SEL_SPARE0, 0, 0xFFFFF, 0x12, 0xC0          ; data, not present
        DESC SEL_SPARE1, 0, 0xFFFFF, 0x98, 0xC0          ; execute-only code
        DESC SEL_SPARE2, 0, 0xFFFFF, 0x90, 0xC0          ; read-only data DPL0
        DESC SEL_SPARE3, 0, 0xFFFFF, 0x1A, 0xC0          ; code, not present
        DESC SEL_SPARE4, 0, 0xFFFFF, 0xB2, 0xC0          ; data DPL1
        DESC SEL_SPARE5, 0, 0xFFFFF, 0x9A, 0xC0          ; readable code DPL0
        PRINTLN "data segment loads"
        SEGLOAD ds, 0x0800                      ; beyond the GDT limit
        SEGLOAD ds, 0x0806                      ; same, RPL bits not in the error code
        SEGLOAD ds, SEL_SPARE0                  ; not present -> #NP
        SEGLOAD es, SEL_SPARE1                  ; execute-only code
        SEGLOAD fs, SEL_TSS                     ; system descriptor
        SEGLOAD gs, SEL_SPARE4 | 2              ; RPL 2 > DPL 1
        SEGLOAD gs, SEL_SPARE5                  ; readable code: allowed
        SEGLOAD gs, SEL_SPARE4 | 1              ; RPL 1 = DPL 1: allowed
        SEGLOAD es, 0x0003                      ; null (any RPL): allowed
        mov ax, SEL_DATA0
        mov es, ax
        mov gs, ax
        PRINTLN "stack segment loads"
        SEGLOAD ss, 0x0000                      ; null -> #GP(0)
        SEGLOAD ss, SEL_DATA0 | 1               ; RPL != CPL
        SEGLOAD ss, SEL_DATA3                   ; DPL != CPL
        SEGLOAD ss, SEL_SPARE2                  ; not writable
        SEGLOAD ss, SEL_SPARE5                  ; code
        SEGLOAD ss, SEL_SPARE0                  ; not present -> #SS
        SEGLOAD ss, 0x1000                      ; beyond the GDT limit
        PRINTLN "pop into segment registers"
        RESUME .r2
        push dword SEL_SPARE0
        pop ds
.r2:
        add esp, 4
        RESUME .r3
        push dword SEL_TSS
        pop ss
.r3:
        add esp, 4
        PRINTLN "far jumps"
        RESUME .r4
        jmp 0x0000:.r4
.r4:
        RESUME .r5
        jmp SEL_DATA0:.r5                       ; not code
.r5:
        RESUME .r6
        jmp SEL_SPARE3:.r6                      ; code, not present -> #NP
.r6:
        RESUME .r7
        jmp (SEL_CODE3 | 3):.r7                 ; non-conforming DPL 3 from CPL 0
.r7:
        jmp SEL_SPARE1:.r8                      ; execute-only code is fine for CS
.r8:
        mov eax, cs
        and eax, 0xFFFF
        SHOW "cs", eax
        NL
        jmp SEL_CODE0:.r8b
.r8b:
        RESUME .r9
        jmp 0x0804:.r9                          ; LDT selector with no LDT loaded
.r9:
        ret
