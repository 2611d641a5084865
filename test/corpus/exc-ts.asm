; exc-ts.asm - #TS (vector 10) raised while delivering an interrupt from ring 3 that needs a
; stack switch and finds a bad SS0 in the TSS: null SS0, SS0 with RPL != 0, SS0 naming a code
; segment. The #TS gate points at a conforming code segment, so the #TS handler itself runs at
; CPL 3 on the ring-3 stack (no stack switch); it prints, repairs TSS.SS0 and IRETs to the
; faulting INT, which then succeeds.
; SDM Vol. 3A 6.15 (interrupt 10: "invalid stack segment selector ... in the TSS"), 6.12.1
; (conforming code: no privilege change), 5.8.1.
%include "lib/kernel.inc"

SEL_CONF        equ SEL_SPARE0                  ; conforming code, DPL 0

ts_handler:
        ; CPL 3 here; frame on the ring-3 stack: error code, EIP, CS, EFLAGS
        push eax
        mov eax, [esp + 4]
        PRINT "#0A e="
        call hex32
        PRINT " eip="
        mov eax, [esp + 8]
        call hex32
        PRINT " cs="
        mov eax, [esp + 12]
        call hex16
        PRINT " handler-cs="
        mov eax, cs
        call hex16
        call newline
        mov dword [tss + 8], SEL_DATA0          ; repair SS0
        pop eax
        add esp, 4                              ; drop the error code
        iretd

test_main:
        DESC SEL_CONF, 0, 0xFFFFF, 0x9E, 0xC0
        mov word [gate_sel], SEL_CONF
        GATE 10, ts_handler, 0x8E
        mov word [gate_sel], SEL_CODE0
        RING3 user, FL_IOPL3 | 2
        ret

user:
        mov dword [tss + 8], 0                  ; null SS0
        SYS_PRINTLN "int after null ss0"
        mov dword [tss + 8], SEL_DATA0 | 3      ; RPL 3
        SYS_PRINTLN "int after rpl3 ss0"
        mov dword [tss + 8], SEL_CODE0          ; not a writable data segment
        SYS_PRINTLN "int after code ss0"
        mov dword [tss + 8], SEL_DATA3          ; DPL 3 data as SS0: DPL != 0
        SYS_PRINTLN "int after dpl3 ss0"
        SYS_RETURN
