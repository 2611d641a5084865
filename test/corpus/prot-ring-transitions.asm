; prot-ring-transitions.asm - ring 0 -> 3 with IRET (CS/SS/ESP from the frame; DS/ES/FS/GS
; holding selectors with DPL < 3 are nulled), ring 3 -> 0 through a DPL-3 interrupt gate with
; the stack switch to TSS.SS0:ESP0 (the handler finds SS3, ESP3, EFLAGS, CS3, EIP on the new
; stack), INT n through a DPL-0 gate from ring 3 -> #GP(n*8+2), a not-present gate ->
; #NP(n*8+2), INT n beyond the IDT limit -> #GP(n*8+2); interrupt gates clear IF, trap gates
; keep it.
; SDM Vol. 3A 6.12.1 (exception- and interrupt-handler procedures, stack switching),
; 6.12.1.3 (flag usage), 6.13 (error code with the IDT bit), Vol. 2A IRET (return to an outer
; privilege level: data segment registers invalid for the new CPL are loaded with null).
%include "lib/kernel.inc"

test_main:
        GATE 0x81, gate81, 0xEE                 ; DPL 3 interrupt gate
        GATE 0x82, gate81, 0x8E                 ; DPL 0 interrupt gate
        GATE 0x83, gate81, 0x6E                 ; DPL 3, not present
        GATE 0x84, gate_if, 0x8E                ; interrupt gate (ring 0 test)
        GATE 0x85, gate_if, 0x8F                ; trap gate
        call go_user
        PRINTLN "ring 0 again"
        ; interrupt gate vs trap gate
        sti
        int 0x84
        SHOW "intgate-if", [if_seen]
        int 0x85
        SHOW "trapgate-if", [if_seen]
        cli
        NL
        ; INT n beyond the IDT limit
        mov word [SCRATCH], 0x7F * 8 + 7
        mov dword [SCRATCH + 2], idt
        lidt [SCRATCH]
        RESUME .r1
        int 0x90
.r1:
        lidt [idtr]
        ret

; go_user: IRET to ring 3 with DS = 0x10 (DPL 0), ES = 0x23, FS = 0x10, GS = 0x1B (readable
; DPL-3 code); returns when ring 3 does SYS_RETURN.
go_user:
        pushad
        mov [ring0_esp], esp
        mov ax, SEL_DATA0
        mov fs, ax
        mov ax, SEL_DATA3 | 3
        mov es, ax
        mov ax, SEL_CODE3 | 3
        mov gs, ax
        push dword SEL_DATA3 | 3
        push dword STACK3_TOP - 0x40
        push dword FL_IOPL3 | 2
        push dword SEL_CODE3 | 3
        push dword user
        iretd

if_seen:        dd 0
h_esp:          dd 0
h_ss:           dd 0
h_frame:        times 5 dd 0

gate_if:
        pushfd
        pop dword [if_seen]
        and dword [if_seen], FL_IF
        iretd

gate81:
        ; record the frame pushed on the ring-0 stack: EIP CS EFLAGS ESP SS
        mov [h_esp], esp
        push eax
        mov eax, ss
        mov [h_ss], eax
        mov eax, [esp + 4]
        mov [h_frame], eax
        mov eax, [esp + 8]
        mov [h_frame + 4], eax
        mov eax, [esp + 12]
        mov [h_frame + 8], eax
        mov eax, [esp + 16]
        mov [h_frame + 12], eax
        mov eax, [esp + 20]
        mov [h_frame + 16], eax
        pop eax
        iretd

user:
        ; ring 3 now: print what the IRET loaded (DS is null: reload before printing)
        mov ebx, ds
        mov ax, SEL_DATA3 | 3
        mov ds, ax
        and ebx, 0xFFFF
        mov eax, cs
        and eax, 0xFFFF
        SHOW "cs", eax
        mov eax, ss
        and eax, 0xFFFF
        SHOW "ss", eax
        mov eax, esp
        sub eax, STACK3_TOP
        SHOW "esp", eax
        SHOW "ds", ebx
        mov eax, es
        and eax, 0xFFFF
        SHOW "es", eax
        mov eax, fs
        and eax, 0xFFFF
        SHOW "fs", eax
        mov eax, gs
        and eax, 0xFFFF
        SHOW "gs", eax
        NL
        mov ax, SEL_DATA3 | 3
        mov es, ax
        mov fs, ax
        mov gs, ax
        ; DPL 3 gate: stack switch to SS0:ESP0
        mov esi, esp
        int 0x81
.after81:
        mov eax, [h_esp]
        sub eax, KSTACK_TOP
        SHOW "h-esp", eax
        mov eax, [h_ss]
        and eax, 0xFFFF
        SHOW "h-ss", eax
        mov eax, [h_frame]
        sub eax, .after81
        SHOW "eip-delta", eax
        mov eax, [h_frame + 4]
        and eax, 0xFFFF
        SHOW "cs", eax
        mov eax, [h_frame + 8]
        and eax, FL_IOPL3 | FL_IF | 2
        SHOW "efl", eax
        mov eax, [h_frame + 12]
        sub eax, esi
        SHOW "esp-delta", eax
        mov eax, [h_frame + 16]
        and eax, 0xFFFF
        SHOW "ss", eax
        NL
        ; DPL 0 gate, not-present gate, default DPL-0 gate
        RESUME .r1
        int 0x82
.r1:
        RESUME .r2
        int 0x83
.r2:
        RESUME .r3
        int 0xFF
.r3:
        ; a far jump to ring-0 code from ring 3 is refused: #GP(selector)
        RESUME .r4
        jmp SEL_CODE0:.r4
.r4:
        SYS_RETURN
