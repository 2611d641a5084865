; prot-call-gate.asm - far CALL through a 32-bit call gate: from ring 3 to ring 0 with a stack
; switch through the TSS and the gate's parameter count (2 dwords copied from the caller's
; stack), RETF imm16 back to ring 3 releasing the parameters on both stacks; a same-privilege
; call gate with no stack switch; a DPL-0 gate from ring 3 -> #GP(gate selector); JMP through a
; gate to more privileged code -> #GP(code selector).
; SDM Vol. 3A 5.8.3 (call gates, Figure 5-8), 5.8.5 (stack switching, Figure 5-13), 5.8.6
; (returning from a called procedure), Vol. 2A CALL/JMP pseudocode.
%include "lib/kernel.inc"

GATE3   equ SEL_SPARE0                  ; DPL 3 gate -> SEL_CODE0:gate_target, 2 params
GATE0   equ SEL_SPARE1                  ; DPL 0 gate -> SEL_CODE0:gate_target, 2 params
GATES   equ SEL_SPARE2                  ; DPL 0 gate -> SEL_CODE0:same_target, 0 params

; make_gate EDI = selector, EDX = offset, AL = attr (P DPL 0 1100), AH = param count
make_gate:
        pushad
        and edi, 0xFFF8
        add edi, gdt
        mov [edi], dx
        mov word [edi + 2], SEL_CODE0
        mov [edi + 4], ah
        mov [edi + 5], al
        shr edx, 16
        mov [edi + 6], dx
        popad
        ret

g_esp:          dd 0
g_frame:        times 6 dd 0

gate_target:
        ; ring 0: [esp] EIP, CS, param 1, param 2, ESP3, SS3
        mov [g_esp], esp
        push eax
        push ecx
        xor ecx, ecx
.c:
        mov eax, [esp + 8 + ecx * 4]
        mov [g_frame + ecx * 4], eax
        inc ecx
        cmp ecx, 6
        jb .c
        pop ecx
        pop eax
        retf 8

same_target:
        mov eax, [esp + 4]
        and eax, 0xFFFF                 ; caller CS
        retf

test_main:
        mov edi, GATE3
        mov edx, gate_target
        mov ax, 0x02EC
        call make_gate
        mov edi, GATE0
        mov ax, 0x028C
        call make_gate
        mov edi, GATES
        mov edx, same_target
        mov ax, 0x008C
        call make_gate
        mov ebp, esp
        call GATES:0
        SHOW "same-cs", eax
        mov eax, ebp
        sub eax, esp
        SHOW "depth", eax
        NL
        RING3 user, FL_IOPL3 | 2
        ret

user:
        mov esi, esp
        push dword 0x1111
        push dword 0x2222
        call (GATE3 | 3):0
.ret1:
        mov eax, esi
        sub eax, esp
        SHOW "u-depth", eax
        mov eax, [g_esp]
        sub eax, KSTACK_TOP
        SHOW "k-esp", eax
        NL
        mov eax, [g_frame]
        sub eax, .ret1
        SHOW "eip-delta", eax
        mov eax, [g_frame + 4]
        and eax, 0xFFFF
        SHOW "cs", eax
        SHOW "p1", [g_frame + 8]
        SHOW "p2", [g_frame + 12]
        mov eax, [g_frame + 16]
        sub eax, esi
        SHOW "esp3-delta", eax
        mov eax, [g_frame + 20]
        and eax, 0xFFFF
        SHOW "ss3", eax
        NL
        RESUME .r1
        call (GATE0 | 3):0
.r1:
        RESUME .r2
        jmp (GATE3 | 3):0
.r2:
        SYS_RETURN
