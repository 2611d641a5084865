; block-hot-paging.asm - paging and faults inside hot loops (each runs well past the 16 passes
; after which code is compiled, so the compiled paths with their TLB fast path are covered):
; a loop that only reads a page for 40 passes and then writes it (the PTE dirty bit must be set
; by the first write even though the translation was cached by reads); a store loop over
; consecutive pages that reaches a read-only page with CR0.WP = 1 (#PF, error code 3, CR2, the
; loop counter at the fault; the handler makes the page writable and the store is retried); a
; ring-3 loop reading user pages until it reaches a supervisor page (#PF error code 5, the
; handler grants U/S and resumes); a #DE in the 50th pass of a division loop (saved EIP at the
; DIV, registers as the loop left them); a loop through an FS segment with a nonzero base.
; SDM Vol. 3A 4.8 (accessed and dirty flags: D set on the first write through the entry),
; 4.6 (access rights, CR0.WP), 4.7 (#PF error code, CR2), 6.15 (#DE is a fault).
%include "lib/kernel.inc"

AREA            equ 0x00400000          ; PAGE_TAB1 maps 4..8 MiB
PTE_AREA        equ PAGE_TAB1           ; PTE of AREA + n*4096 at PTE_AREA + n*4

pf_count:       dd 0
pf_handler:
        inc dword [pf_count]
        PRINT "#PF e="
        mov eax, [ebx + F_ERR]
        call hex8
        PRINT " cr2="
        mov eax, cr2
        call hex32
        PRINT " ecx="
        mov eax, [ebx + F_ECX]
        call hex32
        call newline
        ; grant what was missing: RW and US on the faulting page
        mov eax, cr2
        shr eax, 12
        or dword [PAGE_TAB0 + eax * 4], PTE_RW | PTE_US
        mov eax, cr2
        invlpg [eax]
        ret

de_handler:
        PRINT "#DE eip-ok="
        mov eax, [ebx + F_EIP]
        cmp eax, div_insn
        sete al
        call hex8
        PRINT " ecx="
        mov eax, [ebx + F_ECX]
        call hex32
        PRINT " eax="
        mov eax, [ebx + F_EAX]
        call hex32
        call newline
        mov dword [ebx + F_EIP], div_done
        ret

show_pte:
        ; EAX = page index in AREA: print the PTE's A and D bits
        push eax
        mov eax, [PTE_AREA + eax * 4]
        and eax, PTE_A | PTE_D
        PRINT "ad="
        call hex8
        call space
        pop eax
        ret

test_main:
        SET_HANDLER 14, pf_handler
        SET_HANDLER 0, de_handler
        mov eax, PTE_P | PTE_RW | PTE_US
        call paging_identity
        mov eax, CR0_WP
        call paging_on
        ; 1. reads for 40 passes, then writes: the D bit
        and dword [PTE_AREA + 4], ~(PTE_A | PTE_D)
        invlpg [AREA + 0x1000]
        mov edi, AREA + 0x1000
        mov ecx, 60
        xor edx, edx
.rw:
        mov eax, [edi]
        add edx, eax
        cmp ecx, 20
        ja .ronly
        mov [edi + 4], ecx
.ronly:
        dec ecx
        jnz .rw
        mov eax, 1
        call show_pte
        HEX32 [AREA + 0x1004]
        NL
        ; 1b. reads only for 60 passes: A set, D clear
        and dword [PTE_AREA + 8], ~(PTE_A | PTE_D)
        invlpg [AREA + 0x2000]
        mov ecx, 60
.ro:
        add edx, [AREA + 0x2000 + ecx * 4]
        dec ecx
        jnz .ro
        mov eax, 2
        call show_pte
        NL
        ; 2. store loop across pages: page 10 is read-only (WP = 1 makes it fault in ring 0)
        and dword [PAGE_TAB0 + 0x30A * 4], ~PTE_RW
        invlpg [0x30A000]
        mov edi, 0x300000 + 0x1000 - 8
        mov ecx, 0x3000
.st:
        mov [edi], ecx
        add edi, 4
        dec ecx
        jnz .st
        SHOW "pf", [pf_count]
        HEX32 [0x30A000]
        HEX32 [0x30AFFC]
        NL
        ; 3. ring 3: a user loop reading pages until a supervisor page
        and dword [PAGE_TAB0 + 0x305 * 4], ~PTE_US
        invlpg [0x305000]
        RING3 user_reader, 0x202
        SHOW "pf", [pf_count]
        NL
        ; 4. #DE in the 50th pass
        mov ecx, 100
        mov ebx, 51
dv_loop:
        mov eax, 1000
        xor edx, edx
        dec ebx
div_insn:
        div ebx
        dec ecx
        jnz dv_loop
div_done:
        SHOW "ebx", ebx
        NL
        ; 5. FS with base 0x300000: a hot loop of loads and stores through it
        DESC SEL_SPARE0, 0x300000, 0xFFFFF, 0x92, 0xC0
        mov ax, SEL_SPARE0
        mov fs, ax
        mov ecx, 64
        xor edx, edx
.fs:
        mov eax, ecx
        imul eax, eax, 0x01010101
        mov [fs:ecx * 4 + 0x100], eax
        add edx, [fs:ecx * 4 + 0x104]
        dec ecx
        jnz .fs
        SHOW "fs", edx
        HEX32 [0x300104]
        HEX32 [0x300200]
        NL
        mov ax, SEL_DATA0
        mov fs, ax
        call paging_off
        ret

user_reader:
        mov esi, 0x300000
        xor edx, edx
        mov ecx, 0x1800
.l:
        add edx, [esi]
        add esi, 4
        dec ecx
        jnz .l
        SYS_HEX edx
        SYS_RETURN
