; sys-rdtsc-tsd.asm - RDTSC: only deterministic properties are printed: the counter never goes
; backwards over a sequence of reads (64-bit compare), RDTSC works in ring 3 with CR4.TSD = 0
; and faults #GP(0) in ring 3 with CR4.TSD = 1; in ring 0 TSD does not matter.
; SDM Vol. 2B (RDTSC), Vol. 3A 17.17 (time-stamp counter). The values themselves are not printed.
%include "lib/kernel.inc"

; check_monotonic: 16 reads, print "mono=1" when each is >= the previous.
check_monotonic:
        pushad
        rdtsc
        mov esi, eax
        mov edi, edx
        mov ecx, 16
        mov ebx, 1
.l:
        rdtsc
        cmp edx, edi
        ja .ok
        jb .bad
        cmp eax, esi
        jae .ok
.bad:
        xor ebx, ebx
.ok:
        mov esi, eax
        mov edi, edx
        loop .l
        SHOW "mono", ebx
        NL
        popad
        ret

test_main:
        call check_monotonic
        RING3 user, FL_IOPL3 | 2
        mov eax, cr4
        or eax, CR4_TSD
        mov cr4, eax
        call check_monotonic
        RING3 user, FL_IOPL3 | 2
        mov eax, cr4
        and eax, ~CR4_TSD
        mov cr4, eax
        ret

user:
        RESUME .r
        rdtsc
        call check_monotonic
.r:
        SYS_RETURN
