; misc-forms.asm - instruction forms compiled code and small kernels use that the other programs
; touch lightly: multi-byte NOPs (0F 1F /0 with 66 and SIB forms, as assemblers pad with), REP/REPZ
; RET, CMPXCHG8B (equal and not equal), XLATB, PUSH/POP with an ESP-based memory operand (POP
; computes the address after the increment), PUSH imm8 sign extension, LGDT/LIDT with 16-bit
; operand size (24-bit base), STR/SLDT/MOV from Sreg to a 32-bit register (zero-extended), ARPL,
; LEA with every addressing shape, A16 REP MOVSB wrapping SI/DI at 64 KiB, BSWAP, MOVSX/MOVZX.
; SDM Vol. 2A/2B: NOP (0F 1F /0), CMPXCHG8B (ZF; EDX:EAX loaded when unequal), XLAT, POP ("if the
; destination uses ESP as a base register, the address is computed after the increment"), PUSH,
; LGDT/LIDT (16-bit operand size: 24-bit base, high byte zero), STR/SLDT/MOV (32-bit register:
; upper bits cleared), ARPL (ZF), LEA, MOVS (address size 16: SI/DI wrap).
%include "lib/kernel.inc"

test_main:
        ; multi-byte NOPs, the GNU as padding forms
        mov eax, 0x11111111
        db 0x0F, 0x1F, 0x00                     ; nopl (%eax)
        db 0x0F, 0x1F, 0x40, 0x00               ; nopl 0(%eax)
        db 0x0F, 0x1F, 0x44, 0x00, 0x00         ; nopl 0(%eax,%eax,1)
        db 0x66, 0x0F, 0x1F, 0x44, 0x00, 0x00   ; nopw 0(%eax,%eax,1)
        db 0x0F, 0x1F, 0x80, 0, 0, 0, 0         ; nopl 0L(%eax)
        db 0x0F, 0x1F, 0x84, 0x00, 0, 0, 0, 0   ; nopl 0L(%eax,%eax,1)
        db 0x66, 0x0F, 0x1F, 0x84, 0x00, 0, 0, 0, 0
        db 0x66, 0x2E, 0x0F, 0x1F, 0x84, 0x00, 0, 0, 0, 0 ; nopw %cs:0L(%eax,%eax,1)
        db 0x66, 0x90                           ; xchg ax, ax
        db 0x8D, 0x76, 0x00                     ; lea esi, [esi+0]
        db 0x8D, 0xB4, 0x26, 0, 0, 0, 0         ; lea esi, [esi+0] (SIB, disp32)
        SHOW "nops", eax
        NL
        ; rep ret / repz ret
        call reprets
        SHOW "repret", eax
        NL
        ; cmpxchg8b
        mov dword [SCRATCH], 0x11223344
        mov dword [SCRATCH + 4], 0x55667788
        mov eax, 0x11223344
        mov edx, 0x55667788
        mov ebx, 0xAAAAAAAA
        mov ecx, 0xBBBBBBBB
        cmpxchg8b [SCRATCH]
        FLAGS FL_ZF
        HEX32 edx
        HEX32 eax
        HEX32 [SCRATCH + 4]
        HEX32 [SCRATCH]
        NL
        mov eax, 0
        mov edx, 1
        cmpxchg8b [SCRATCH]
        FLAGS FL_ZF
        HEX32 edx
        HEX32 eax
        HEX32 [SCRATCH + 4]
        HEX32 [SCRATCH]
        NL
        ; xlatb
        mov ebx, xlat_table
        mov eax, 0x12345603
        xlatb
        SHOW "xlat", eax
        mov eax, 0xFF
        xlatb
        SHOW "xlat", eax
        NL
        ; push/pop with ESP-based memory operands
        mov ebp, esp
        push dword 0xAAAA0001
        push dword 0xBBBB0002
        push dword 0xCCCC0003
        pop dword [esp]                 ; address after the increment: overwrites 0xBBBB0002
        mov eax, [esp]
        mov edx, [esp + 4]
        HEX32 eax
        HEX32 edx
        push dword [esp + 4]            ; address before the decrement
        mov eax, [esp]
        HEX32 eax
        pop dword [esp + 4]
        mov eax, [esp]
        mov edx, [esp + 4]
        HEX32 eax
        HEX32 edx
        mov esp, ebp
        push byte -2
        pop eax
        HEX32 eax
        push word 0x8001
        pop ax
        HEX32 eax
        db 0x66, 0x6A, 0x80             ; push word -128 (imm8 sign-extended to 16 bits)
        pop bx
        HEX32 ebx
        NL
        ; lgdt/lidt with operand size 16: 24-bit base
        sgdt [SCRATCH + 0x20]
        mov eax, [SCRATCH + 0x22]
        or eax, 0xAB000000
        mov [SCRATCH + 0x42], eax
        mov ax, [SCRATCH + 0x20]
        mov [SCRATCH + 0x40], ax
        db 0x66
        lgdt [SCRATCH + 0x40]
        sgdt [SCRATCH + 0x50]
        HEX16 [SCRATCH + 0x50]
        mov eax, [SCRATCH + 0x52]
        sub eax, [SCRATCH + 0x22]
        HEX32 eax
        lgdt [SCRATCH + 0x20]
        sidt [SCRATCH + 0x60]
        mov eax, [SCRATCH + 0x62]
        or eax, 0xCD000000
        mov [SCRATCH + 0x72], eax
        mov ax, [SCRATCH + 0x60]
        mov [SCRATCH + 0x70], ax
        db 0x66
        lidt [SCRATCH + 0x70]
        sidt [SCRATCH + 0x80]
        mov eax, [SCRATCH + 0x82]
        sub eax, [SCRATCH + 0x62]
        HEX32 eax
        lidt [SCRATCH + 0x60]
        NL
        ; str/sldt/mov sreg to r32
        mov eax, 0xFFFFFFFF
        str eax
        HEX32 eax
        mov eax, 0xFFFFFFFF
        sldt eax
        HEX32 eax
        mov eax, 0xFFFFFFFF
        mov eax, ds
        HEX32 eax
        mov eax, 0xFFFFFFFF
        mov eax, cs
        HEX32 eax
        mov eax, 0x12340000
        mov ax, ss
        HEX32 eax
        NL
        ; arpl
        mov ax, 0x0010
        mov bx, 0x0023
        arpl ax, bx
        FLAGS FL_ZF
        HEX16 ax
        arpl ax, bx
        FLAGS FL_ZF
        HEX16 ax
        mov word [SCRATCH], 0x0019
        mov cx, 0x0002
        arpl [SCRATCH], cx
        FLAGS FL_ZF
        HEX16 [SCRATCH]
        NL
        ; lea shapes
        mov eax, 0x1000
        mov ebx, 0x20
        mov ecx, 0x3
        mov ebp, 0x500
        mov esi, 0x70000
        lea edx, [eax + ebx * 8 + 0x12345678]
        HEX32 edx
        lea edx, [ecx * 4]
        HEX32 edx
        lea edx, [ebp]
        HEX32 edx
        lea edx, [ebp + ecx * 2 - 1]
        HEX32 edx
        lea edx, [esp + 0x10]
        sub edx, esp
        HEX32 edx
        lea edx, [eax + eax * 4]
        HEX32 edx
        lea dx, [esi + 0xFFFF]
        HEX32 edx
        db 0x67, 0x8D, 0x12             ; lea edx, [bp+si] (16-bit address: 0x0500 + 0x0000)
        HEX32 edx
        db 0x67, 0x8D, 0x97, 0xFF, 0xFF ; lea edx, [bx-1] (16-bit: wraps to 0x001F)
        HEX32 edx
        NL
        ; a16 rep movsb wrapping SI and DI at 64 KiB (DS/ES flat: linear = 16-bit offset)
        mov edi, 0xFFF0
        mov ecx, 0x20
        mov al, 0
.fill:
        mov [edi], al
        inc al
        inc edi
        loop .fill
        mov dword [0x0000], 0x33221100  ; the wrapped copy lands here
        mov dword [0x0004], 0x77665544
        mov esi, 0x1234FFFE
        mov edi, 0x5678FFFC
        mov ecx, 0xABCD0006
        db 0x67
        rep movsb
        HEX32 esi
        HEX32 edi
        HEX32 ecx
        HEX32 [0xFFFC]
        HEX32 [0x0000]
        NL
        ret

reprets:
        mov eax, 0x5A
        call .r1
        call .r2
        ret
.r1:    add eax, 1
        db 0xF3, 0xC3                   ; rep ret
.r2:    add eax, 0x100
        db 0xF2, 0xC3                   ; repnz ret
xlat_table:
%assign i 0
%rep 256
        db (i * 7 + 3) & 0xFF
%assign i i + 1
%endrep
