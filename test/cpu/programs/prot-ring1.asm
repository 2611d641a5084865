; Ring 1, the deprivileged-kernel ring of software VMMs, compared with QEMU: entering ring 1 by
; IRET, an interrupt from ring 3 to a DPL-1 code segment through the TSS's SS1:ESP1, privileged
; instructions at CPL 1 (#GP(0)), CLI/POPF with IOPL 0 and IOPL 1, SGDT/SMSW/PUSHF (sensitive,
; unprivileged) at CPL 1, and IRET from ring 1 back to ring 3.
; SDM Vol. 3A 5.5 (privilege levels), 6.12.1 (stack switch to SSn:ESPn), Vol. 2B POPF/IRET rules.
%include "frame.inc"

main:
        mov dword [exc_hook], report
        ; GDT: 0x30 ring-1 code, 0x38 ring-1 data, 0x28 TSS
        mov dword [gdt + 0x30], 0x0000ffff
        mov dword [gdt + 0x34], 0x00cfba00
        mov dword [gdt + 0x38], 0x0000ffff
        mov dword [gdt + 0x3c], 0x00cfb200
        mov dword [tss + 4], 0x80000          ; ESP0
        mov dword [tss + 8], 0x10             ; SS0
        mov dword [tss + 12], 0x60000         ; ESP1
        mov dword [tss + 16], 0x39            ; SS1
        mov word [tss + 102], 0x68            ; no I/O bitmap
        mov eax, tss
        mov word [gdt + 0x28], 0x67
        mov [gdt + 0x2a], ax
        shr eax, 16
        mov [gdt + 0x2c], al
        mov byte [gdt + 0x2d], 0x89
        mov [gdt + 0x2f], ah
        mov ax, 0x28
        ltr ax
        ; IDT 0x50: interrupt gate DPL 3 to ring-1 code 0x31:r1_int
        mov eax, r1_int
        mov [idt + 0x50*8], ax
        mov word [idt + 0x50*8 + 2], 0x31
        mov word [idt + 0x50*8 + 4], 0xee00
        shr eax, 16
        mov [idt + 0x50*8 + 6], ax
        mov word [idtr], 0x51*8 - 1
        lidt [idtr]
        mov al, 0xff
        out 0x21, al
        out 0xa1, al
        ; to ring 1 with IF = 1, IOPL = 0
        mov ax, 0x39
        mov ds, ax
        mov es, ax
        push dword 0x39
        push dword 0x70000
        push dword 0x202
        push dword 0x31
        push dword ring1
        iret

ring1:
        mov eax, cs
        mov [r_cs1], eax
        sgdt [r_sgdt]
        smsw eax
        mov [r_smsw], eax
        pushfd
        pop eax
        mov [r_flags1], eax
        push dword 0x3000                     ; POPF at CPL 1, IOPL 0: IF and IOPL kept
        popfd
        pushfd
        pop eax
        and eax, 0x3200
        mov [r_popf], eax
        ; to ring 3, then INT 0x50 back into ring 1 on SS1:ESP1
        mov ax, 0x23
        mov ds, ax
        mov es, ax
        push dword 0x23
        push dword 0x70000
        push dword 0x202
        push dword 0x1b
        push dword ring3
        iret
ring3:
        int 0x50
r3_back:
        mov eax, cs
        mov [r_cs3], eax
        hlt                                   ; #GP at CPL 3 ends the run (report prints)

r1_int: ; ring 1 on SS1:ESP1: frame EIP, CS, EFLAGS, ESP, SS
        mov eax, ss
        mov [r_ss_int], eax
        mov [r_esp_int], esp
        mov eax, [esp + 4]
        mov [r_frame_cs], eax
        mov eax, [esp + 16]
        mov [r_frame_ss], eax
        mov eax, [esp]
        sub eax, r3_back
        mov [r_frame_eip], eax
        mov eax, cs
        mov [r_cs_int], eax
        iretd                                 ; back to ring 3

report:
        SHOW "cs-ring1", [r_cs1]
        SHOW "sgdt-limit-at-cpl1", [r_sgdt]
        SHOW "smsw-at-cpl1", [r_smsw]
        SHOW "eflags-at-cpl1", [r_flags1]
        SHOW "popf-if-iopl-at-cpl1", [r_popf]
        SHOW "int-ss", [r_ss_int]
        SHOW "int-esp", [r_esp_int]
        SHOW "int-cs", [r_cs_int]
        SHOW "frame-cs", [r_frame_cs]
        SHOW "frame-ss", [r_frame_ss]
        SHOW "frame-eip", [r_frame_eip]
        SHOW "cs-after-iret", [r_cs3]
        ret

align 4
r_cs1:      dd 0
r_sgdt:     dd 0, 0
r_smsw:     dd 0
r_flags1:   dd 0
r_popf:     dd 0
r_ss_int:   dd 0
r_esp_int:  dd 0
r_cs_int:   dd 0
r_frame_cs: dd 0
r_frame_ss: dd 0
r_frame_eip: dd 0
r_cs3:      dd 0
tss:        times 104 db 0
end_of_image:
idt:    times 0x51 dq 0
