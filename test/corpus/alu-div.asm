; alu-div.asm - DIV and IDIV, 8/16/32-bit, and #DE (vector 0, a fault: saved EIP = the DIV).
; SDM Vol. 2A (DIV, IDIV): all flags undefined (not printed); quotient truncates toward zero,
; remainder has the dividend's sign; divide by zero or quotient overflow raises #DE.
%include "lib/kernel.inc"

%macro DIV1 6  ; name, op, operand, edx, eax, ebx
        PRINT %1
        call space
        mov edx, %4
        mov eax, %5
        mov ebx, %6
        %2 %3
        mov [SCRATCH + 8], eax
        mov eax, edx
        call hex32
        PRINT ":"
        mov eax, [SCRATCH + 8]
        call hex32
        call newline
%endmacro

test_main:
        DIV1 "div8", div, bl, 0xEEEEEEEE, 0x12340064, 7
        DIV1 "div8", div, bl, 0, 0xFEFF, 0xFF
        DIV1 "div16", div, bx, 0x00001234, 0x5678, 0x4321
        DIV1 "div16", div, bx, 0xAAAA0000, 0xFFFF, 2
        DIV1 "div32", div, ebx, 0, 100, 7
        DIV1 "div32", div, ebx, 1, 0, 2
        DIV1 "div32", div, ebx, 0xFFFFFFFE, 0xFFFFFFFF, 0xFFFFFFFF
        DIV1 "idiv8", idiv, bl, 0, 0xFF9C, 7
        DIV1 "idiv8", idiv, bl, 0, 0x0064, 0xF9
        DIV1 "idiv8", idiv, bl, 0, 0xFF81, 0xFF
        DIV1 "idiv16", idiv, bx, 0xFFFFFFFF, 0xFFFF8001, 0xFFFF
        DIV1 "idiv16", idiv, bx, 0x0000FFFF, 0xFFFFFFF9, 2
        DIV1 "idiv32", idiv, ebx, 0xFFFFFFFF, 0xFFFFFF9C, 7
        DIV1 "idiv32", idiv, ebx, 0, 100, -7
        DIV1 "idiv32", idiv, ebx, 0xFFFFFFFF, 0x80000001, 0xFFFFFFFF
        mov dword [SCRATCH], 10
        DIV1 "divm32", div, dword [SCRATCH], 0, 12345, 0
        ; #DE cases: saved EIP is the faulting instruction, registers unchanged.
        RESUME .r1
        mov edx, 0
        mov eax, 1
        xor ebx, ebx
.f1:    div ebx
.r1:
        SHOW "f1", .f1
        NL
        RESUME .r2
        mov ax, 0x1000
        mov bl, 0x10
.f2:    div bl
.r2:
        SHOW "f2", .f2
        SHOW "ax", eax
        NL
        RESUME .r3
        mov edx, 0xFFFFFFFF
        mov eax, 0x80000000
        mov ebx, -1
.f3:    idiv ebx
.r3:
        SHOW "f3", .f3
        NL
        RESUME .r4
        mov ax, 0x8000
        mov bl, 0xFF
.f4:    idiv bl
.r4:
        RESUME .r5
        mov dx, 0x0001
        mov ax, 0x0000
        mov bx, 0x0001
.f5:    div bx
.r5:
        RESUME .r6
        mov dword [SCRATCH], 0
.f6:    idiv dword [SCRATCH]
.r6:
        ret
