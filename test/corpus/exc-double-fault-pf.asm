; exc-double-fault-pf.asm - the page-fault row of the double-fault table: a #PF whose gate is
; not present raises #NP during its delivery, and "page fault followed by contributory" is a
; double fault (#DF, vector 8, error code 0). CR2 still holds the first fault's address.
; SDM Vol. 3A 6.15 (interrupt 8, Table 6-5: page fault + contributory -> #DF).
%include "lib/kernel.inc"

df_handler:
        PRINT "#08 e="
        mov eax, [ebx + F_ERR]
        call hex32
        PRINT " cr2="
        mov eax, cr2
        call hex32
        call newline
        call paging_off
        jmp exit_ok

test_main:
        SET_HANDLER 8, df_handler
        mov eax, PTE_P | PTE_RW | PTE_US
        call paging_identity
        mov dword [PAGE_TAB0 + (0x00600000 >> 12) * 4], 0
        xor eax, eax
        call paging_on
        GATE 14, exc_stubs + 14 * STUB_SIZE, 0x0E      ; #PF gate not present
        mov eax, [0x00600ABC]
        PRINTLN "not reached"
        ret
