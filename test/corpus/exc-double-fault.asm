; exc-double-fault.asm - exception classes (SDM Vol. 3A Table 6-5): a benign exception whose
; gate is not present is delivered as #NP(vector*8+2) (no double fault); a contributory #GP whose
; gate is not present raises a contributory #NP during delivery -> #DF (vector 8, error code 0).
; The saved CS:EIP of #DF is undefined (6.15, interrupt 8) and is not printed; the #DF handler
; ends the run.
; The #NP handler prints the error code without its EXT bit (bit 0): the SDM (6.13) sets EXT
; when the fault happens while delivering an earlier exception, QEMU 7.2 TCG leaves it clear.
%include "lib/kernel.inc"

np_handler:
        PRINT "#0B e="
        mov eax, [ebx + F_ERR]
        and eax, ~1
        call hex32
        PRINT " eip="
        mov eax, [ebx + F_EIP]
        call hex32
        call newline
        mov dword [ebx + F_EIP], test_main.r1
        ret

test_main:
        ; #UD gate not present -> #NP(6*8+2) delivered normally
        SET_HANDLER 11, np_handler
        GATE 6, exc_stubs + 6 * STUB_SIZE, 0x0E
        ud2
.r1:
        PRINTLN "benign + contributory: no #DF"
        ; #GP gate not present: #GP -> #NP -> #DF
        GATE 13, exc_stubs + 13 * STUB_SIZE, 0x0E
        mov ax, 0x0800
        mov ds, ax
        PRINTLN "not reached"
        ret
