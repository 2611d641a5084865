; paging-demand.asm - demand paging: a #PF handler that maps the missing page (PTE P from 0 to
; 1, no invalidation needed) and returns to the faulting instruction, which then completes;
; string instructions and a page-crossing access fault once per missing page and resume with
; their progress; an instruction whose bytes straddle into a missing page faults on the fetch
; (CR2 = that page, error code 0: I/D is 0 without PAE/NX); the handler counts faults and
; reports CR2 and the error code.
; SDM Vol. 3A 4.7 (page-fault exceptions), 6.15 (interrupt 14: restartable fault),
; 4.10.4.3 (P from 0 to 1), Vol. 2B REP (resumable string operations).
%include "lib/kernel.inc"

BASE    equ 0x00600000                  ; 16 pages, initially not present
FRAMES  equ 0x00320000

pf_handler:
        mov eax, cr2
        PRINT "#PF cr2="
        call hex32
        PRINT " e="
        push eax
        mov eax, [ebx + F_ERR]
        call hex8
        pop eax
        call newline
        inc dword [faults]
        and eax, 0xFFFFF000
        mov edx, eax
        sub edx, BASE
        add edx, FRAMES
        or edx, PTE_P | PTE_RW
        shr eax, 12
        mov [PAGE_TAB0 + eax * 4], edx
        ret
faults: dd 0

test_main:
        SET_HANDLER 14, pf_handler
        mov edi, FRAMES
        mov ecx, 16 * 1024
        xor eax, eax
        rep stosd
        mov eax, PTE_P | PTE_RW | PTE_US
        call paging_identity
        mov edi, PAGE_TAB0 + (BASE >> 12) * 4
        mov ecx, 16
        xor eax, eax
        rep stosd
        xor eax, eax
        call paging_on
        mov eax, [BASE + 0x10]
        SHOW "read", eax
        mov dword [BASE + 0x1008], 0x11111111
        SHOW "written", [FRAMES + 0x1008]
        NL
        ; a dword that straddles pages 2 and 3
        mov dword [BASE + 0x2FFE], 0xA1B2C3D4
        SHOW "straddle", [BASE + 0x2FFE]
        NL
        ; rep stosd across pages 4..6 (12 KiB): faults at each page boundary, resumes
        mov edi, BASE + 0x4000
        mov ecx, 3 * 1024
        mov eax, 0x5E5E5E5E
        rep stosd
        mov eax, edi
        sub eax, BASE
        SHOW "edi", eax
        SHOW "ecx", ecx
        SHOW "last", [FRAMES + 0x6FFC]
        NL
        ; an instruction that straddles a present page and a missing one: #PF with CR2 = the
        ; start of the missing page, saved EIP = the instruction; after mapping it runs
        mov edi, FRAMES + 0x8FFD        ; pages 8 and 9 of BASE
        mov byte [edi], 0xB8            ; mov eax, 0xC0DE1234
        mov dword [edi + 1], 0xC0DE1234
        mov byte [edi + 5], 0xC3        ; ret
        mov dword [PAGE_TAB0 + ((BASE + 0x8000) >> 12) * 4], (FRAMES + 0x8000) | PTE_P | PTE_RW
        invlpg [BASE + 0x8000]
        mov eax, BASE + 0x8FFD
        call eax
        SHOW "straddling-insn", eax
        NL
        SHOW "faults", [faults]
        NL
        call paging_off
        ret
