; sys-privileged-ring3.asm - every privileged instruction faults #GP(0) at CPL 3 (saved EIP =
; the instruction): HLT, LGDT, LIDT, LLDT, LTR, LMSW, CLTS, MOV to/from CR0/CR2/CR3/CR4, MOV
; DR7, INVLPG, INVD, WBINVD, RDMSR, WRMSR; the sensitive but unprivileged ones (SGDT, SIDT,
; SLDT, STR, SMSW, PUSHFD) run in ring 3 and reveal ring-0 state (no UMIP).
; SDM Vol. 3A 5.9 (privileged instructions), Popek-Goldberg / Robin-Irvine (sensitive set).
%include "lib/kernel.inc"

%macro PRIV 1+
        RESUME %%r
        %1
%%r:
%endmacro

test_main:
        xor ax, ax
        lldt ax                         ; LDTR is undefined at Multiboot entry
        RING3 user, FL_IOPL3 | 2
        ret

user:
        PRIV hlt
        PRIV lgdt [gdtr]
        PRIV lidt [idtr]
        PRIV lldt ax
        PRIV ltr ax
        PRIV lmsw ax
        PRIV clts
        PRIV mov eax, cr0
        PRIV mov cr0, eax
        PRIV mov eax, cr2
        PRIV mov cr3, eax
        PRIV mov eax, cr4
        PRIV mov eax, dr7
        PRIV mov dr0, eax
        PRIV invlpg [SCRATCH]
        PRIV invd
        PRIV wbinvd
        PRIV rdmsr
        PRIV wrmsr
        ; sensitive, unprivileged
        sgdt [SCRATCH]
        HEX16 [SCRATCH]
        mov eax, [SCRATCH + 2]
        sub eax, gdt
        HEX32 eax
        sidt [SCRATCH]
        HEX16 [SCRATCH]
        mov eax, [SCRATCH + 2]
        sub eax, idt
        HEX32 eax
        mov eax, 0xFFFFFFFF
        str eax
        HEX32 eax
        sldt ax
        HEX16 ax
        smsw ax
        and eax, CR0_PE
        HEX32 eax
        pushfd
        pop eax
        and eax, FL_IOPL3
        HEX32 eax
        NL
        SYS_RETURN
