; selfmod-code.asm - self-modifying code: patching an immediate of an instruction that runs
; next (with and without a jump in between), rewriting a loop body between iterations, and
; generating code into a data buffer, calling it, rewriting it and calling it again.
; SDM Vol. 3A 8.1.3 (handling self- and cross-modifying code): on P6 and later a write to a
; code location is detected and the new instruction executes.
%include "lib/kernel.inc"

BUF     equ SCRATCH + 0x800

test_main:
        ; 1. patch the immediate of the very next instruction
        mov ecx, 3
        mov bl, 0x40
.loop1:
        mov [.imm1 + 1], bl
.imm1:  mov al, 0x00
        HEX8 al
        inc bl
        loop .loop1
        NL
        ; 2. patch after a jump (the classic serialising form)
        mov byte [.imm2 + 1], 0x77
        jmp .imm2
.imm2:  mov al, 0x11
        HEX8 al
        NL
        ; 3. change the opcode: turn "inc eax" (40) into "dec eax" (48) inside a loop
        xor eax, eax
        mov ecx, 6
.loop3:
.op3:   inc eax
        cmp ecx, 4
        jne .keep
        mov byte [.op3], 0x48
.keep:
        loop .loop3
        HEX32 eax
        mov byte [.op3], 0x40
        NL
        ; 4. generated code: mov eax, imm32 ; ret
        mov edi, BUF
        mov byte [edi], 0xB8
        mov dword [edi + 1], 0x12345678
        mov byte [edi + 5], 0xC3
        call BUF
        HEX32 eax
        mov dword [BUF + 1], 0x9ABCDEF0
        call BUF
        HEX32 eax
        ; replace the whole function: xor eax, eax ; not eax ; ret
        mov dword [BUF], 0xD0F7C031
        mov byte [BUF + 4], 0xC3
        call BUF
        HEX32 eax
        NL
        ; 5. a function that rewrites its own return value each call
        mov ecx, 4
.loop5:
        call counter_fn
        HEX32 eax
        loop .loop5
        NL
        ; 6. string store over code ahead (rep stosb of NOPs over a mov)
        mov edi, .patch6
        mov ecx, 5
        mov al, 0x90
        rep stosb
        mov eax, 0xAAAAAAAA
.patch6:
        mov eax, 0xBBBBBBBB
        HEX32 eax
        NL
        ret

counter_fn:
.imm:   mov eax, 0x00000001
        shl dword [.imm + 1], 1
        ret
