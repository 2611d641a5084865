; string-ins-outs.asm - INS and OUTS (byte), single and REP, DF = 0 and DF = 1, against the
; 16550 scratch register (port 0x3FF, which reads back what was last written) and the COM1
; transmitter (OUTSB of a string, polling LSR before each byte like a driver); final ESI/EDI/ECX.
; SDM Vol. 2A (INS/INSB, OUTS/OUTSB, REP), PC16550D (scratch register).
%include "lib/kernel.inc"

BUF     equ SCRATCH

test_main:
        ; rep outsb to the scratch register: the last byte written stays
        mov esi, pattern
        mov dx, COM1 + 7
        mov ecx, 5
        rep outsb
        in al, dx
        HEX8 al
        mov eax, esi
        sub eax, pattern
        SHOW "esi", eax
        SHOW "ecx", ecx
        NL
        ; rep insb: every byte reads the same scratch value
        mov edi, BUF
        mov dword [edi], 0
        mov dword [edi + 4], 0
        mov al, 0x3C
        out dx, al
        mov ecx, 6
        rep insb
        HEX32 [BUF]
        HEX32 [BUF + 4]
        mov eax, edi
        sub eax, BUF
        SHOW "edi", eax
        NL
        ; backwards
        std
        mov edi, BUF + 7
        mov al, 0x99
        out dx, al
        mov ecx, 3
        rep insb
        mov esi, pattern + 4
        mov ecx, 2
        rep outsb
        cld
        in al, dx
        HEX8 al
        HEX32 [BUF + 4]
        mov eax, edi
        sub eax, BUF
        SHOW "edi", eax
        mov eax, esi
        sub eax, pattern
        SHOW "esi", eax
        NL
        ; single insb/outsb
        mov esi, pattern + 1
        outsb
        mov edi, BUF + 16
        insb
        HEX8 [BUF + 16]
        NL
        ; OUTSB to THR, polling LSR before each byte
        mov esi, text
.next:
        cmp byte [esi], 0
        je .end
        mov dx, COM1 + 5
.poll:
        in al, dx
        test al, 0x20
        jz .poll
        mov dx, COM1
        outsb
        jmp .next
.end:
        ret

pattern:        db 0x11, 0x22, 0x33, 0x44, 0x55
text:           db "printed with outsb", 10, 0
