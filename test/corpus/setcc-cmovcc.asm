; setcc-cmovcc.asm - all 16 SETcc and CMOVcc conditions over a set of flag patterns, and
; CMOVcc with a memory source (the load happens even when the condition is false).
; SDM Vol. 2A/2B (SETcc, CMOVcc, Table B-1 condition codes): no flags affected.
%include "lib/kernel.inc"

%macro SETALL 0
        seto al
        setno ah
        setb bl
        setae bh
        sete cl
        setne ch
        setbe dl
        seta dh
        mov [SCRATCH], al
        mov [SCRATCH + 1], ah
        mov [SCRATCH + 2], bl
        mov [SCRATCH + 3], bh
        mov [SCRATCH + 4], cl
        mov [SCRATCH + 5], ch
        mov [SCRATCH + 6], dl
        mov [SCRATCH + 7], dh
        sets al
        setns ah
        setp bl
        setnp bh
        setl cl
        setge ch
        setle dl
        setg dh
        mov [SCRATCH + 8], al
        mov [SCRATCH + 9], ah
        mov [SCRATCH + 10], bl
        mov [SCRATCH + 11], bh
        mov [SCRATCH + 12], cl
        mov [SCRATCH + 13], ch
        mov [SCRATCH + 14], dl
        mov [SCRATCH + 15], dh
%endmacro

; CMOVALL: bit i of EDI set when condition i moves (EAX=1 src), using every CMOVcc.
%macro CM 1
        mov eax, 0
        %1 eax, esi
        lea edi, [edi * 2 + eax]
%endmacro

pattern:
        dd 0, FL_CF, FL_ZF, FL_SF, FL_OF, FL_PF, FL_SF | FL_OF, FL_ZF | FL_CF, FL_SF | FL_ZF
        dd FL_OF | FL_ZF, FL_ARITH
        dd -1

test_main:
        mov ebp, pattern
.next:
        mov eax, [ebp]
        cmp eax, -1
        je .mem
        PRINT "p="
        call hex16
        or eax, 2
        push eax
        popfd
        SETALL
        mov esi, SCRATCH
        mov ecx, 16
        PRINT " set="
.l:
        lodsb
        add al, '0'
        call putc
        loop .l
        mov esi, 1
        xor edi, edi
        push dword [ebp]
        or dword [esp], 2
        popfd
        CM cmovo
        CM cmovno
        CM cmovb
        CM cmovae
        CM cmove
        CM cmovne
        CM cmovbe
        CM cmova
        CM cmovs
        CM cmovns
        CM cmovp
        CM cmovnp
        CM cmovl
        CM cmovge
        CM cmovle
        CM cmovg
        PRINT " cmov="
        mov eax, edi
        call hex16
        call space
        FLAGS FL_ARITH
        NL
        add ebp, 4
        jmp .next
.mem:
        mov dword [SCRATCH], 0x5A5A5A5A
        mov eax, 0x11111111
        SETFLAGS FL_ZF
        cmove eax, [SCRATCH]
        mov ebx, 0x22222222
        cmovne ebx, [SCRATCH]
        mov ecx, 0x33333333
        cmovz cx, [SCRATCH]
        PRINT "mem "
        HEX32 eax
        HEX32 ebx
        HEX32 ecx
        NL
        mov dword [SCRATCH], 0xFFFFFFFF
        sete byte [SCRATCH + 1]
        setc byte [SCRATCH + 2]
        HEX32 [SCRATCH]
        NL
        ret
