; exc-ud-nm.asm - #UD (vector 6, fault) from UD2, LOCK on a non-lockable instruction, LOCK with a
; register destination, LEA/LDS with a register operand, MOV to CS, reserved opcodes, VMCALL
; and VMMCALL outside a VM; #NM (vector 7, fault) from an x87 instruction with CR0.TS = 1 and
; from WAIT with CR0.MP = TS = 1; after CLTS WAIT runs.
; (LOCK MOV is #UD in the SDM but QEMU 7.2 TCG runs it: not compared.)
; SDM Vol. 3A 6.15 (interrupt 6, 7), Vol. 2A 2.1.1 (LOCK prefix: #UD unless the instruction
; and its memory destination allow it), UD2, Vol. 2B LOCK, VMCALL (#UD outside VMX operation).
%include "lib/kernel.inc"

%macro UD 1+
        RESUME %%r
        %1
%%r:
%endmacro

test_main:
        UD ud2
        UD db 0xF0, 0x90                 ; lock nop
        UD db 0xF0, 0x01, 0xD8           ; lock add eax, ebx (register destination)
        UD db 0x8D, 0xC0                 ; lea eax, eax
        UD db 0xC5, 0xC0                 ; lds eax, eax (register form)
        UD db 0x8E, 0xC8                 ; mov cs, ax
        UD db 0x0F, 0x0B                 ; ud2 (again, via db)
        UD db 0x0F, 0xFF                 ; ud0
        UD db 0x0F, 0x01, 0xC1           ; vmcall
        UD db 0x0F, 0x01, 0xD9           ; vmmcall
        UD db 0x0F, 0x00, 0xF0           ; 0F 00 /6 reserved
        UD db 0xFE, 0xD0                 ; FE /2 (only /0 /1 defined)
        UD db 0xFF, 0xF8                 ; FF /7 reserved
        PRINTLN "lock ok"
        mov dword [SCRATCH], 0
        lock inc dword [SCRATCH]
        lock add dword [SCRATCH], 2
        HEX32 [SCRATCH]
        NL
        ; #NM
        mov eax, cr0
        and eax, ~(CR0_EM | CR0_MP)
        or eax, CR0_TS
        mov cr0, eax
        UD fninit
        UD db 0xD9, 0xE8                 ; fld1
        wait                             ; MP = 0: WAIT ignores TS
        PRINTLN "wait ok"
        mov eax, cr0
        or eax, CR0_MP
        mov cr0, eax
        UD wait
        clts
        wait
        PRINTLN "wait after clts ok"
        mov eax, cr0
        and eax, ~CR0_MP
        mov cr0, eax
        ret
