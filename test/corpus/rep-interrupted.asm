; rep-interrupted.asm - long REP string instructions interrupted by IRQ0 (PIT mode 2 at ~18 kHz)
; and resumed: the interrupted instruction restarts with the updated ESI/EDI/ECX, so the final
; registers and memory do not depend on where the interrupts hit. How many interrupts occurred
; is timing-dependent and is not printed.
; SDM Vol. 2B REP/REPE/REPNE ("a repeating string operation can be suspended by an exception
; or interrupt ... the EIP register points to the string instruction"), 8254 mode 2.
%include "lib/kernel.inc"

SRC     equ 0x00400000
DST     equ 0x00500000
COUNT   equ 0x40000                     ; dwords (1 MiB)

irq0:
        inc dword [ticks]
        call pic_eoi_master
        ret
ticks:  dd 0

checksum:
        ; EAX = sum of COUNT dwords at ESI
        push ecx
        push esi
        xor eax, eax
        mov ecx, COUNT
.l:
        add eax, [esi]
        add esi, 4
        loop .l
        pop esi
        pop ecx
        ret

test_main:
        SET_HANDLER 0x20, irq0
        mov edi, SRC
        mov ecx, COUNT
        mov eax, 0x01020304
.fill:
        stosd
        add eax, 0x00010001
        loop .fill
        mov al, 2
        mov cx, 64
        call pit_start
        mov al, 0xFE
        out PIC1_DATA, al
        sti
        mov esi, SRC
        mov edi, DST
        mov ecx, COUNT
        rep movsd
        mov eax, esi
        sub eax, SRC
        SHOW "esi", eax
        mov eax, edi
        sub eax, DST
        SHOW "edi", eax
        SHOW "ecx", ecx
        mov esi, DST
        call checksum
        SHOW "sum", eax
        NL
        mov esi, SRC
        mov edi, DST
        mov ecx, COUNT
        repe cmpsd
        SHOW "cmps-ecx", ecx
        FLAGS FL_ARITH
        NL
        mov dword [DST + 0xABCD0], 0
        mov esi, SRC
        mov edi, DST
        mov ecx, COUNT
        repe cmpsd
        mov eax, edi
        sub eax, DST
        SHOW "mismatch-edi", eax
        SHOW "ecx", ecx
        NL
        mov edi, DST
        mov ecx, COUNT * 4
        mov al, 0x7B
        rep stosb
        mov edi, DST
        mov ecx, COUNT * 4
        repe scasb
        SHOW "scas-ecx", ecx
        NL
        cli
        mov al, 0xFF
        out PIC1_DATA, al
        call pit_stop
        ret
