; addr16-forms.asm - 16-bit address size (0x67) in 32-bit code: every ModRM form [bx+si],
; [bx+di], [bp+si], [bp+di], [si], [di], [disp16], [bx] with disp8/disp16, 16-bit wraparound of
; the effective address, default SS for BP-based forms, LEA with 16-bit addresses, string ops
; with SI/DI/CX, and 16-bit operand size arithmetic through such operands.
; SDM Vol. 2A 2.1.5 Table 2-1 (16-bit addressing forms with the ModR/M byte) and 3.3.7.
%include "lib/kernel.inc"

SEG16   equ SEL_SPARE0                  ; data, base SCRATCH, limit 0xFFFF

test_main:
        DESC SEG16, SCRATCH, 0xFFFF, 0x92, 0x00
        mov edi, SCRATCH
        mov ecx, 0x4000
        xor eax, eax
.fill:
        mov [edi], eax
        add edi, 4
        add eax, 0x04040404
        loop .fill
        mov ax, SEG16
        mov fs, ax
        mov ebx, 0xAAAA0100
        mov esi, 0xBBBB0020
        mov edi, 0xCCCC0040
        mov ebp, 0xDDDD0200
        mov eax, [fs:bx+si]
        HEX32 eax
        mov eax, [fs:bx+di]
        HEX32 eax
        mov eax, [fs:bp+si]
        HEX32 eax
        mov eax, [fs:bp+di]
        HEX32 eax
        mov eax, [fs:si]
        HEX32 eax
        mov eax, [fs:di]
        HEX32 eax
        mov eax, [fs:word 0x0300]
        HEX32 eax
        mov eax, [fs:bx]
        HEX32 eax
        NL
        mov eax, [fs:bx+si+0x10]
        HEX32 eax
        mov eax, [fs:bx+di-0x10]
        HEX32 eax
        mov eax, [fs:bp+si+0x7F]
        HEX32 eax
        mov eax, [fs:bp+di+0x1234]
        HEX32 eax
        mov eax, [fs:si+0x1000]
        HEX32 eax
        mov eax, [fs:di-0x40]
        HEX32 eax
        mov eax, [fs:bp+0x08]
        HEX32 eax
        mov eax, [fs:bx+0x8000]
        HEX32 eax
        NL
        ; wraparound: 0xFFFF + 3 = 0x0002
        mov bx, 0xFFFF
        mov si, 0x0003
        mov eax, [fs:bx+si]
        HEX32 eax
        mov di, 0xFFF0
        mov eax, [fs:di+0x20]
        HEX32 eax
        NL
        ; lea with 16-bit addressing
        mov ebx, 0x1234FFF0
        mov esi, 0x00000020
        mov eax, 0x99999999
        lea ax, [bx+si+4]
        HEX32 eax
        lea eax, [bx+si-0x100]
        HEX32 eax
        NL
        ; 16-bit operand arithmetic through 16-bit addresses
        mov bx, 0x0100
        mov di, 0x0004
        mov word [fs:bx+di], 0x7FFF
        add word [fs:bx+di], 1
        FLAGS FL_ARITH
        mov ax, [fs:bx+di]
        HEX16 ax
        NL
        ; default segment: BP-based forms use SS (flat), others DS (here SEG16)
        mov dword [0x0410], 0x51515151  ; flat linear 0x410 (SS view)
        mov dword [SCRATCH + 0x410], 0xD5D5D5D5  ; SEG16 view
        mov ax, SEG16
        mov ds, ax
        mov bx, 0x0400
        mov bp, 0x0400
        mov si, 0x0010
        mov ecx, [bx+si]
        mov edx, [bp+si]
        mov ax, SEL_DATA0
        mov ds, ax
        HEX32 ecx
        HEX32 edx
        NL
        ; string op with 16-bit addresses: SI, DI, CX only; upper halves preserved
        mov ax, SEG16
        mov es, ax
        mov esi, 0x55550100
        mov edi, 0x66660800
        mov ecx, 0x77770004
        db 0x67
        rep fs movsd
        mov ax, SEL_DATA0
        mov es, ax
        HEX32 esi
        HEX32 edi
        HEX32 ecx
        HEX32 [SCRATCH + 0x800]
        HEX32 [SCRATCH + 0x80C]
        NL
        mov ax, SEL_DATA0
        mov fs, ax
        ret
