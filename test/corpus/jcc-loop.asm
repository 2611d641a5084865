; jcc-loop.asm - Jcc (rel8 and rel32, taken and not taken, all 16 conditions), JMP rel/r/m,
; JECXZ, JCXZ (address-size prefix), LOOP, LOOPE, LOOPNE (ECX and, with 0x67, CX).
; SDM Vol. 2A (Jcc, JMP, LOOP/LOOPcc): no flags affected; LOOP decrements without changing flags.
%include "lib/kernel.inc"

; JT cond, flags: print 1 if the short form is taken, then 1 if the near form is taken.
%macro JT 2
        SETFLAGS %2
        %1 short %%t1
        mov al, '0'
        jmp %%p1
%%t1:   mov al, '1'
%%p1:   call putc
        SETFLAGS %2
        %1 near %%t2
        mov al, '0'
        jmp %%p2
%%t2:   mov al, '1'
%%p2:   call putc
%endmacro

%macro ALLJ 1
        JT jo, %1
        JT jno, %1
        JT jb, %1
        JT jae, %1
        JT je, %1
        JT jne, %1
        JT jbe, %1
        JT ja, %1
        JT js, %1
        JT jns, %1
        JT jp, %1
        JT jnp, %1
        JT jl, %1
        JT jge, %1
        JT jle, %1
        JT jg, %1
        call newline
%endmacro

test_main:
        ALLJ 0
        ALLJ FL_CF | FL_ZF
        ALLJ FL_SF | FL_PF
        ALLJ FL_OF
        ALLJ FL_SF | FL_OF | FL_ZF
        ; indirect jumps
        mov eax, .ind1
        jmp eax
        PRINTLN "not reached"
.ind1:
        mov dword [SCRATCH], .ind2
        jmp [SCRATCH]
        PRINTLN "not reached"
.ind2:
        mov ebx, SCRATCH - 8
        mov dword [SCRATCH + 4], .ind3
        jmp [ebx + 12]
        PRINTLN "not reached"
.ind3:
        PRINTLN "indirect ok"
        ; jecxz / jcxz
        mov ecx, 0x00010000
        jecxz .bad1
        PRINT "jecxz-nz "
        db 0x67
        jecxz .cxz
        PRINTLN "jcxz not taken"
        jmp .after
.bad1:  PRINTLN "jecxz wrongly taken"
        jmp .after
.cxz:   PRINTLN "jcxz taken"
.after:
        ; loop counts
        mov ecx, 10
        xor eax, eax
.l1:    inc eax
        loop .l1
        SHOW "loop", eax
        SHOW "ecx", ecx
        NL
        ; loope stops when ZF becomes 0
        mov ecx, 10
        xor ebx, ebx
.l2:    inc ebx
        cmp ebx, 4
        loopne .l2
        SHOW "loopne", ebx
        SHOW "ecx", ecx
        NL
        mov ecx, 10
        xor ebx, ebx
.l3:    inc ebx
        test ebx, 0
        loope .l3
        SHOW "loope", ebx
        SHOW "ecx", ecx
        NL
        ; 16-bit counter: CX only, upper ECX untouched
        mov ecx, 0xABCD0003
        xor edx, edx
.l4:    inc edx
        db 0x67
        loop .l4
        SHOW "loop16", edx
        SHOW "ecx", ecx
        NL
        ; LOOP does not change flags
        mov ecx, 2
        SETFLAGS FL_ZF | FL_CF
.l5:    loop .l5
        FLAGS FL_ARITH
        NL
        ret
