; exc-bp-of-br.asm - #BP (INT3 = CC and INT 3 = CD 03), #OF (INTO with OF = 1; nothing with
; OF = 0), #BR (BOUND out of range, 16- and 32-bit; nothing in range), also from ring 3 through
; DPL-3 gates. INT3/INT n/INTO are traps (saved EIP = next instruction), BOUND is a fault
; (saved EIP = the BOUND).
; SDM Vol. 3A 6.15 (interrupt 3, 4, 5), Vol. 2A (BOUND, INT n/INTO/INT3).
%include "lib/kernel.inc"

test_main:
        RESUME .r1
        int3
.r1:
        SHOW "next1", .r1
        NL
        RESUME .r2
        int 3
.r2:
        SHOW "next2", .r2
        NL
        mov al, 0x7F
        add al, 1                       ; OF = 1
        RESUME .r3
        into
.r3:
        SHOW "next3", .r3
        NL
        xor eax, eax                    ; OF = 0
        into
        PRINTLN "into no trap"
        ; bound: [lower, upper] signed, inclusive
        mov dword [SCRATCH], -10
        mov dword [SCRATCH + 4], 20
        mov eax, 20
        bound eax, [SCRATCH]
        mov eax, -10
        bound eax, [SCRATCH]
        PRINTLN "bound in range"
        RESUME .r4
        mov eax, 21
.f4:    bound eax, [SCRATCH]
.r4:
        SHOW "bound-at", .f4
        NL
        RESUME .r5
        mov eax, -11
        bound eax, [SCRATCH]
.r5:
        mov word [SCRATCH + 8], 0x0010
        mov word [SCRATCH + 10], 0x0020
        RESUME .r6
        mov ax, 0x000F
        bound ax, [SCRATCH + 8]
.r6:
        mov ax, 0x0020
        bound ax, [SCRATCH + 8]
        PRINTLN "bound16 in range"
        RING3 user, FL_IOPL3 | 2
        ret

user:
        RESUME .r1
        int3
.r1:
        mov al, 0x80
        sub al, 1
        RESUME .r2
        into
.r2:
        RESUME .r3
        mov eax, 100
        bound eax, [SCRATCH]
.r3:
        SYS_RETURN
