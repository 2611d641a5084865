; sys-msr-sysenter.asm - RDMSR/WRMSR of IA32_SYSENTER_CS/ESP/EIP (0x174-0x176) and the
; architectural reset value of IA32_APIC_BASE (0x1B); SYSENTER from ring 3 and SYSEXIT back;
; faults: RDMSR/WRMSR in ring 3, SYSENTER with SYSENTER_CS = 0, SYSEXIT from ring 3 -> #GP(0).
; SDM Vol. 2B (SYSENTER, SYSEXIT: CS = SYSENTER_CS, SS = CS + 8; SYSEXIT CS = SYSENTER_CS + 16
; | 3, SS = + 24 | 3, EIP = EDX, ESP = ECX), Vol. 4 Table 2-2, Vol. 3A 10.4.4 (APIC base:
; 0xFEE00000, BSP flag bit 8, enable bit 11).
%include "lib/kernel.inc"

%macro RDMSRP 1
        mov ecx, %1
        rdmsr
        push eax
        mov eax, edx
        call hex32
        PRINT ":"
        pop eax
        call hex32
        call space
%endmacro

test_main:
        mov ecx, 0x174
        mov eax, SEL_CODE0
        xor edx, edx
        wrmsr
        mov ecx, 0x175
        mov eax, KSTACK_TOP - 0x100
        wrmsr
        mov ecx, 0x176
        mov eax, sysenter_target
        wrmsr
        RDMSRP 0x174
        RDMSRP 0x175
        mov ecx, 0x176
        rdmsr
        sub eax, sysenter_target
        SHOW "eip-delta", eax
        NL
        mov ecx, 0x1B
        rdmsr
        and eax, 0xFFFFF900
        SHOW "apic_base", eax
        NL
        RING3 user, FL_IOPL3 | 2
        ; SYSENTER_CS = 0 -> #GP(0) (from ring 3)
        mov ecx, 0x174
        xor eax, eax
        xor edx, edx
        wrmsr
        RING3 user_bad, FL_IOPL3 | 2
        ret

sysenter_target:
        ; ring 0 now: CS = SYSENTER_CS, SS = SYSENTER_CS + 8, ESP = SYSENTER_ESP
        mov eax, cs
        and eax, 0xFFFF
        SHOW "k-cs", eax
        mov eax, ss
        and eax, 0xFFFF
        SHOW "k-ss", eax
        mov ebp, esp
        SHOW "k-esp", ebp
        pushfd
        pop eax
        and eax, FL_IF
        SHOW "k-if", eax
        NL
        ; back to ring 3 at EDX with ESP = ECX
        sysexit

user:
        mov ax, cs
        and eax, 0xFFFF
        SHOW "u-cs", eax
        NL
        RESUME .r1
        mov ecx, 0x174
        rdmsr
.r1:
        RESUME .r2
        mov ecx, 0x174
        xor eax, eax
        wrmsr
.r2:
        RESUME .r3
        sysexit
.r3:
        sti                             ; IOPL 3: allowed; SYSENTER must clear IF
        mov ecx, esp
        mov edx, .back
        sysenter
.back:
        mov eax, cs
        and eax, 0xFFFF
        SHOW "u-cs", eax
        mov eax, ss
        and eax, 0xFFFF
        SHOW "u-ss", eax
        mov eax, esp
        sub eax, STACK3_TOP
        SHOW "u-esp-delta", eax
        pushfd
        pop eax
        and eax, FL_IF
        SHOW "u-if", eax
        NL
        cli
        SYS_RETURN

user_bad:
        RESUME .r
        mov edx, .r
        mov ecx, esp
        sysenter
.r:
        SYS_RETURN
