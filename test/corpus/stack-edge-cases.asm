; stack-edge-cases.asm - stack instructions whose memory operand uses ESP: PUSH [ESP] (address
; computed before the decrement), CALL [ESP] (target read before the return address is pushed),
; JMP [ESP+4], PUSH SP with operand size 16 (the value before the decrement), POP [ESP] (address
; after the increment), XCHG [ESP], reg, and BT/BTS with an immediate bit offset above 31 on a
; memory operand (masked to the operand size, no address displacement).
; SDM Vol. 2B PUSH ("if the source operand is a memory location that uses ESP as a base, the
; address is computed before the decrement"), POP, Vol. 2A CALL, BT (immediate offset masking).
%include "lib/kernel.inc"

test_main:
        mov ebp, esp
        push dword 0x11112222
        push dword [esp]
        pop eax
        pop ebx
        SHOW "push[esp]", eax
        HEX32 ebx
        NL
        push dword target
        call [esp]
        add esp, 4
        SHOW "call[esp]", eax
        NL
        push dword .j
        push dword 0
        jmp [esp + 4]
.j:
        add esp, 8
        PRINTLN "jmp[esp+4] ok"
        push sp                         ; 66 54
        mov ecx, esp
        pop ax
        movzx eax, ax
        lea edx, [ecx + 2]
        and edx, 0xFFFF
        sub eax, edx
        SHOW "push-sp16-minus-old", eax
        NL
        push dword 0xAAAAAAAA
        push dword 0xBBBBBBBB
        pop dword [esp]
        pop eax
        SHOW "pop[esp]", eax
        NL
        push dword 0x12345678
        mov eax, 0x9ABCDEF0
        xchg [esp], eax
        pop ebx
        SHOW "xchg[esp]", eax
        HEX32 ebx
        NL
        mov dword [SCRATCH], 0x00000008
        mov dword [SCRATCH + 4], 0xFFFFFFFF
        SETFLAGS 0
        bt dword [SCRATCH], 35          ; imm masked to 3: bit 3 of the first dword
        FLAGS FL_CF
        bts word [SCRATCH], 17          ; imm masked to 1 (16-bit operand)
        HEX32 [SCRATCH]
        HEX32 [SCRATCH + 4]
        NL
        mov eax, ebp
        sub eax, esp
        SHOW "depth", eax
        NL
        ret

target:
        mov eax, [esp + 4]
        sub eax, target
        ret
