; int-soft-vectors.asm - software INT n aimed at exception vectors that normally push an error
; code (8, 13, 14, 17) pushes no error code: the handler finds EIP on top of the stack; INT3 and
; INTO are subject to the gate DPL check like INT n (#GP(vector*8+2) from ring 3 through DPL-0
; gates), while a processor-detected exception (#UD) is delivered through a DPL-0 gate from
; ring 3.
; SDM Vol. 3A 6.4.2 (software-generated exceptions: "no error code is pushed"), 6.12.1.1
; (protection of exception- and interrupt-handler procedures: DPL checked only for INT n, INT3,
; INTO), Vol. 2A INT n/INTO/INT3.
%include "lib/kernel.inc"

raw_seen:       dd 0

raw_handler:
        push eax
        mov eax, [esp + 4]              ; EIP if no error code was pushed
        mov [raw_seen], eax
        pop eax
        iretd

%macro SOFT 1
        GATE %1, raw_handler, 0x8E
        int %1
%%next:
        mov eax, [raw_seen]
        sub eax, %%next
        SHOW "top-of-stack-minus-next", eax
        NL
%endmacro

test_main:
        mov ebp, esp
        SOFT 8
        SOFT 13
        SOFT 14
        SOFT 17
        mov eax, ebp
        sub eax, esp
        SHOW "depth", eax
        NL
        ; restore the normal stubs
        mov eax, 8
        mov cl, 0x8E
        call stub_gate
        mov eax, 13
        call stub_gate
        mov eax, 14
        call stub_gate
        mov eax, 17
        call stub_gate
        ; INT3/INTO through DPL-0 gates from ring 3
        mov eax, 3
        call stub_gate
        mov eax, 4
        call stub_gate
        RING3 user, FL_IOPL3 | 2
        ret

user:
        RESUME .r1
        int3
.r1:
        RESUME .r2
        int 3
.r2:
        mov al, 0x7F
        add al, 1
        RESUME .r3
        into
.r3:
        RESUME .r4
        ud2
.r4:
        SYS_RETURN
