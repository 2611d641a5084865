; sys-fpu-control.asm - the x87 control instructions small kernels run: FPU detection (CR0.EM
; clear, MP and NE set, FNINIT, FNSTSW AX = 0, FNSTCW = 0x037F), the state at entry (FNINIT's),
; FLDCW/FNSTCW, FNCLEX, FNSTENV (control, status, tag words) and FLDENV, FNSAVE/FRSTOR round-tripping a task's 108-byte image (data registers as bytes, tag word
; all empty, TOP = 7) and reinitialising the FPU, #NM for an escape with CR0.TS or CR0.EM set and
; for WAIT with MP and TS, CLTS. (The instruction/operand pointers in the images are not printed:
; QEMU records them for control instructions too, the SDM only for non-control ones; nor is the
; control word after FNSTENV: the SDM masks every exception, QEMU 7.2 leaves it unchanged.)
; SDM Vol. 1, 8.1 and Figures 8-9/8-10 (environment image); Vol. 2A FNINIT, FNSTSW, FNSTCW, FLDCW,
; FNCLEX, FNSTENV, FLDENV, FNSAVE, FRSTOR, WAIT; Vol. 3A 2.5 (CR0.EM/MP/TS) and Table 2-2.
%include "lib/kernel.inc"

IMG     equ SCRATCH + 0x100
IMG2    equ SCRATCH + 0x200

test_main:
        PRINT "entry "
        fnstcw [SCRATCH]
        HEX16 [SCRATCH]
        fnstsw ax
        HEX16 ax
        NL
        ; detection as a kernel does it
        mov eax, cr0
        and eax, ~(CR0_EM | CR0_TS)
        or eax, CR0_MP | CR0_NE
        mov cr0, eax
        fninit
        mov ax, 0x5A5A
        fnstsw ax
        PRINT "detect "
        HEX16 ax
        mov word [SCRATCH], 0xFFFF
        fnstcw [SCRATCH]
        HEX16 [SCRATCH]
        NL
        ; control word round trip, FNCLEX
        mov word [SCRATCH], 0x027F
        fldcw [SCRATCH]
        fnstcw [SCRATCH + 2]
        HEX16 [SCRATCH + 2]
        mov word [SCRATCH], 0x0C7F
        fldcw [SCRATCH]
        fnstcw [SCRATCH + 2]
        HEX16 [SCRATCH + 2]
        fnclex
        fnstsw [SCRATCH + 4]
        HEX16 [SCRATCH + 4]
        NL
        ; FNSTENV masks every exception afterwards; FLDENV brings the control word back
        mov word [SCRATCH], 0x0360
        fldcw [SCRATCH]
        fnstenv [IMG]
        PRINT "env "
        HEX16 [IMG]
        HEX16 [IMG + 4]
        HEX16 [IMG + 8]
        mov word [SCRATCH], 0x037F          ; (FNSTENV's masking of exceptions: not compared)
        fldcw [SCRATCH]
        fldenv [IMG]
        fnstcw [SCRATCH]
        HEX16 [SCRATCH]
        NL
        ; FRSTOR an image, FNSAVE it back
        mov edi, IMG
        mov ecx, 108
        xor eax, eax
        rep stosb
        mov word [IMG], 0x0E7F
        mov word [IMG + 4], 0x3800          ; TOP = 7
        mov word [IMG + 8], 0xFFFF
        mov edi, IMG + 28
        mov ecx, 80
        mov al, 0x11
.fill:
        stosb
        add al, 7
        loop .fill
        frstor [IMG]
        fnstcw [SCRATCH]
        fnstsw ax
        PRINT "frstor "
        HEX16 [SCRATCH]
        HEX16 ax
        fnsave [IMG2]
        HEX16 [IMG2]
        HEX16 [IMG2 + 4]
        HEX16 [IMG2 + 8]
        mov esi, IMG + 28
        mov edi, IMG2 + 28
        mov ecx, 80
        repe cmpsb
        SHOW "same", ecx
        fnstcw [SCRATCH]
        HEX16 [SCRATCH]
        NL
        ; #NM with TS, with EM; WAIT with MP and TS; CLTS
        mov eax, cr0
        or eax, CR0_TS
        mov cr0, eax
        RESUME .a1
        fninit
.a1:
        RESUME .a2
        fwait
.a2:
        clts
        fninit
        fwait
        mov eax, cr0
        or eax, CR0_EM
        mov cr0, eax
        RESUME .a3
        fnstsw ax
.a3:
        mov eax, cr0
        and eax, ~CR0_EM
        mov cr0, eax
        PRINTLN "nm done"
        ret
