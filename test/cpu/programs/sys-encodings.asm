; Choices where the SDM leaves room and QEMU 7.2 decides: register widths of MOV r32,Sreg /
; SMSW r32 / SLDT r32 and r16, the 32-bit store of PUSH Sreg, the sixth byte of a 16-bit SGDT, CR0.ET,
; DR6/DR7 fixed bits, EFER/APIC_BASE reads, SYSENTER_CS round trip.
; Not probed, because QEMU 7.2 TCG deviates from the SDM there: CR4.VMXE on qemu32 (QEMU loops
; instead of raising #GP), RDMSR of an unknown MSR (QEMU returns 0, the SDM #GP(0)), the upper
; half of IA32_SYSENTER_CS (QEMU keeps bits 15:0 only; SDM Vol. 4 Table 2-2: bits 31:16 "not
; used, can be read and written").
%include "frame.inc"
main:
        mov eax, 0xffffffff
        mov eax, ds
        SHOW "mov-r32-ds", eax
        mov ebx, 0xffffffff
        smsw ebx
        SHOW "smsw-r32", ebx
        mov ecx, 0xffffffff
        sldt ecx
        SHOW "sldt-r32", ecx
        mov ecx, 0xffffffff
        o16 sldt cx
        SHOW "sldt-r16", ecx
        mov dword [esp - 4], 0xaaaaaaaa
        push ds
        SHOW "push-ds", [esp]
        add esp, 4
        sgdt [saved_gdtr]
        mov word [fake], 0x1234
        mov dword [fake + 2], 0xabcdef12
        lgdt [fake]                     ; no segment loads until it is restored
        mov dword [buf], 0xeeeeeeee
        mov dword [buf + 4], 0xeeeeeeee
        o16 sgdt [buf]
        sgdt [buf2]
        lgdt [saved_gdtr]
        SHOW "sgdt16-limit", [buf]
        SHOW "sgdt16-base", [buf + 2]
        SHOW "sgdt32-base", [buf2 + 2]
        mov eax, cr0
        and eax, ~0x10
        mov cr0, eax
        mov eax, cr0
        SHOW "cr0-et", eax
        xor eax, eax
        mov dr6, eax
        mov dr7, eax
        mov eax, dr6
        SHOW "dr6", eax
        mov eax, dr7
        SHOW "dr7", eax
        mov ecx, 0xc0000080
        rdmsr
        SHOW "efer", eax
        mov ecx, 0x1b
        rdmsr
        and eax, 0xfffff900
        SHOW "apic-base", eax
        mov ecx, 0x174                  ; bits 31:16 stay 0 (see the header)
        mov eax, 0x00005678
        xor edx, edx
        wrmsr
        rdmsr
        SHOW "sysenter-cs", eax
        lsl eax, [code_sel]             ; LSL with a memory operand: flat code limit
        SHOW "lsl-code", eax
        mov ax, 0x1f8
        mov ds, ax                      ; selector beyond the GDT limit: #GP(0x1F8), saved EIP = this MOV
        ret
code_sel: dw 0x08
buf:    dq 0
buf2:   dq 0
fake:   dq 0
saved_gdtr: dq 0
end_of_image:
idt:    times 32 dq 0
