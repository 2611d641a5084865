; workload-ring3-paged.asm - an integration workload: user code in ring 3 under paging (user
; pages, a user stack, kernel services through INT 0x80) computing a bitwise CRC-32 of 4 KiB, an
; insertion sort of 64 pseudo-random dwords (xorshift32), recursive Fibonacci (deep CALL/RET),
; and a string reverse with LODSB; results are printed through the kernel.
; Exercises the integer families together with the MMU and privilege transitions; every value
; is a pure function of the program. SDM Vol. 3A 4.3 (paging), 6.12.1 (INT 0x80 stack switch).
%include "lib/kernel.inc"

DATA    equ 0x00610000                  ; user data (identity-mapped, user pages)

test_main:
        mov eax, PTE_P | PTE_RW | PTE_US
        call paging_identity
        xor eax, eax
        call paging_on
        RING3 user, 2
        call paging_off
        ret

user:
        ; fill 4 KiB with xorshift32 output
        mov edi, DATA
        mov ecx, 1024
        mov eax, 0x12345678
.fill:
        mov edx, eax
        shl edx, 13
        xor eax, edx
        mov edx, eax
        shr edx, 17
        xor eax, edx
        mov edx, eax
        shl edx, 5
        xor eax, edx
        stosd
        loop .fill
        ; crc-32 (reflected, polynomial 0xEDB88320), bit by bit
        mov esi, DATA
        mov ecx, 4096
        mov eax, 0xFFFFFFFF
.byte:
        xor al, [esi]
        inc esi
        mov edx, 8
.bit:
        shr eax, 1
        jnc .nox
        xor eax, 0xEDB88320
.nox:
        dec edx
        jnz .bit
        loop .byte
        not eax
        SYS_PRINT "crc32 "
        SYS_HEX eax
        ; insertion sort of the first 64 dwords (unsigned)
        mov esi, DATA
        mov ecx, 1
.outer:
        cmp ecx, 64
        jae .sorted
        mov eax, [esi + ecx * 4]
        mov edx, ecx
.inner:
        test edx, edx
        jz .place
        mov ebx, [esi + edx * 4 - 4]
        cmp ebx, eax
        jbe .place
        mov [esi + edx * 4], ebx
        dec edx
        jmp .inner
.place:
        mov [esi + edx * 4], eax
        inc ecx
        jmp .outer
.sorted:
        ; check order and print min, median, max
        mov ecx, 63
        xor edx, edx
.chk:
        mov eax, [esi + ecx * 4 - 4]
        cmp eax, [esi + ecx * 4]
        jbe .ok
        inc edx
.ok:
        loop .chk
        SYS_PRINT "sort-errors "
        SYS_HEX edx
        SYS_PRINT "min "
        SYS_HEX [esi]
        SYS_PRINT "median "
        SYS_HEX [esi + 32 * 4]
        SYS_PRINT "max "
        SYS_HEX [esi + 63 * 4]
        ; recursive fibonacci(20)
        mov eax, 20
        call fib
        SYS_PRINT "fib20 "
        SYS_HEX eax
        ; reverse a string
        mov esi, text
        mov edi, DATA + 0x2000 + text_len - 1
.rev:
        lodsb
        test al, al
        jz .revd
        mov [edi], al
        dec edi
        jmp .rev
.revd:
        mov byte [DATA + 0x2000 + text_len], 10
        mov byte [DATA + 0x2000 + text_len + 1], 0
        mov esi, DATA + 0x2000
        mov eax, 1
        int 0x80
        SYS_RETURN

; fib: EAX = n -> EAX = fib(n)
fib:
        cmp eax, 2
        jb .base
        push eax
        dec eax
        call fib
        xchg eax, [esp]
        sub eax, 2
        call fib
        pop edx
        add eax, edx
.base:
        ret

text:           db "a page-mapped ring-3 workload", 0
text_len        equ $ - text - 1
