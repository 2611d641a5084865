; selfmod-paging-alias.asm - self-modifying code seen through paging: code written through a
; second linear alias of its physical page must run in its new form at the original address;
; the same linear code page remapped (PTE change + INVLPG) to another frame runs the other
; frame's code; code copied with REP MOVSB over code that already ran.
; SDM Vol. 3A 8.1.3 (self-modifying code: a write to a code location, through any linear
; address, is detected), 4.10.4 (INVLPG).
%include "lib/kernel.inc"

CODE    equ 0x00600000                  ; linear address the code is called at
ALIAS   equ 0x00601000                  ; second linear mapping of the same frame
FRAME1  equ 0x00330000
FRAME2  equ 0x00331000

; put_fn EDI = address: "mov eax, imm32 ; ret" with imm32 = EAX
put_fn:
        mov byte [edi], 0xB8
        mov [edi + 1], eax
        mov byte [edi + 5], 0xC3
        ret

test_main:
        mov eax, PTE_P | PTE_RW | PTE_US
        call paging_identity
        mov dword [PAGE_TAB0 + (CODE >> 12) * 4], FRAME1 | PTE_P | PTE_RW
        mov dword [PAGE_TAB0 + (ALIAS >> 12) * 4], FRAME1 | PTE_P | PTE_RW
        mov edi, FRAME1
        mov eax, 0x11111111
        call put_fn
        mov edi, FRAME2
        mov eax, 0x22222222
        call put_fn
        xor eax, eax
        call paging_on
        mov ecx, 3
.warm:
        call CODE                       ; run it a few times (hot in any decode cache)
        loop .warm
        HEX32 eax
        ; rewrite the immediate through the alias
        mov dword [ALIAS + 1], 0x33333333
        call CODE
        HEX32 eax
        ; rewrite through the identity (physical) address with paging on
        mov dword [FRAME1 + 1], 0x44444444
        call CODE
        HEX32 eax
        NL
        ; remap the linear code page to FRAME2
        mov dword [PAGE_TAB0 + (CODE >> 12) * 4], FRAME2 | PTE_P | PTE_RW
        invlpg [CODE]
        call CODE
        HEX32 eax
        ; and back
        mov dword [PAGE_TAB0 + (CODE >> 12) * 4], FRAME1 | PTE_P | PTE_RW
        invlpg [CODE]
        call CODE
        HEX32 eax
        NL
        ; overwrite the whole function with REP MOVSB from FRAME2 through the alias
        mov esi, FRAME2
        mov edi, ALIAS
        mov ecx, 6
        rep movsb
        call CODE
        HEX32 eax
        ; a longer replacement: xor eax, eax ; dec eax ; shl eax, 4 ; ret
        mov dword [ALIAS], 0xE0C148C0 | 0
        mov byte [ALIAS], 0x31
        mov byte [ALIAS + 1], 0xC0
        mov byte [ALIAS + 2], 0x48
        mov byte [ALIAS + 3], 0xC1
        mov byte [ALIAS + 4], 0xE0
        mov byte [ALIAS + 5], 0x04
        mov byte [ALIAS + 6], 0xC3
        call CODE
        HEX32 eax
        NL
        call paging_off
        ret
