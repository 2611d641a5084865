; Far transfers across privilege levels, compared with QEMU: a 32-bit call gate from ring 3 to
; ring 0 copying two parameters and RETF 8 back (outer SS:ESP, DS/ES/FS/GS nulled when their DPL
; is below the new CPL), a far CALL into conforming code
; (CPL unchanged), JMP through a call gate, LSS/LFS/LGS, REP OUTSB.
; SDM Vol. 2A CALL / JMP, Vol. 2B RET (protected mode), Vol. 3A 5.8.3-5.8.6, Vol. 2A LDS/LES/LFS/LGS/LSS.
; Not probed, because QEMU 7.2 TCG deviates from the SDM there: an access through a segment
; register nulled by RET/IRET to an outer level (QEMU keeps the base and does not raise #GP(0)).
%include "frame.inc"

%macro GATE 4   ; selector, target, type (0x0C 32-bit / 0x04 16-bit) | DPL << 5 | P, param count
        mov eax, %2
        mov word [gdt + (%1)], ax
        mov word [gdt + (%1) + 2], 0x08
        mov byte [gdt + (%1) + 4], %4
        mov byte [gdt + (%1) + 5], %3
        shr eax, 16
        mov word [gdt + (%1) + 6], ax
%endmacro

main:
        mov dword [exc_hook], report
        ; TSS at 0x28 (ring-0 stack 0x10:0x80000), conforming code at 0x30 (DPL 0)
        mov dword [tss + 4], 0x80000
        mov dword [tss + 8], 0x10
        mov eax, tss
        mov word [gdt + 0x28], 0x67
        mov [gdt + 0x2a], ax
        shr eax, 16
        mov [gdt + 0x2c], al
        mov byte [gdt + 0x2d], 0x89
        mov [gdt + 0x2f], ah
        mov dword [gdt + 0x30], 0x0000ffff
        mov dword [gdt + 0x34], 0x00cf9e00      ; conforming execute/read, DPL 0
        mov ax, 0x28
        ltr ax
        GATE 0x38, kfunc, 0xEC, 2                ; 32-bit call gate, DPL 3, 2 params
        GATE 0x48, jmp_target, 0x8C, 0           ; 32-bit call gate for JMP

        ; JMP through a call gate
        jmp 0x48:0
jmp_back:
        SHOW "jmp-gate-cs", [jmp_cs]

        ; LSS / LFS / LGS
        mov dword [farptr], 0x12345
        mov word [farptr + 4], 0x10
        lfs ecx, [farptr]
        SHOW "lfs-ecx", ecx
        mov ecx, fs
        SHOW "lfs-fs", ecx
        mov [saved_esp], esp
        mov eax, esp
        mov [farptr], eax
        lss esp, [farptr]
        mov ecx, ss
        SHOW "lss-ss", ecx

        ; REP OUTSB to the ignored POST port 0x80: ESI and ECX afterwards
        mov esi, farptr
        mov ecx, 5
        mov dx, 0x80
        cld
        rep outsb
        sub esi, farptr
        SHOW "outs-esi", esi
        SHOW "outs-ecx", ecx

        ; to ring 3 with DS/ES = ring-3 data, FS/GS = ring-0 data
        mov ax, 0x23
        mov ds, ax
        mov es, ax
        mov ax, 0x10
        mov fs, ax
        mov gs, ax
        push 0x23
        push 0x70000
        push 0x202
        push 0x1b
        push user
        iret
user:
        mov ecx, fs
        mov [ds:user_fs], ecx                    ; FS nulled by IRET to ring 3
        push dword 0x1111
        push dword 0x2222
        call 0x3b:0
        mov [ds:after_esp], esp
        mov ecx, cs
        mov [ds:after_cs], ecx
        mov ecx, gs
        mov [ds:after_gs], ecx
        ; conforming ring-0 code called from ring 3 keeps CPL 3
        call 0x30:conf_target
        ; back to ring 0 through INT 0x80 is not set up: end through a #GP on purpose (HLT at CPL 3)
        mov ax, 0x23
        mov ds, ax
        hlt

kfunc:  ; ring 0 via the call gate: [esp] EIP, [esp+4] CS, [esp+8] 0x2222, [esp+12] 0x1111, [esp+16] ESP, [esp+20] SS
        ; (DS stays the flat ring-3 segment: a DPL-0 DS would be nulled by the RETF below, and
        ; QEMU, unlike the SDM, does not fault on accesses through a nulled segment register)
        mov eax, [esp + 8]
        mov [k_p0], eax
        mov eax, [esp + 12]
        mov [k_p1], eax
        mov eax, [esp + 16]
        mov [k_esp], eax
        mov eax, [esp + 20]
        mov [k_ss], eax
        mov eax, [esp + 4]
        mov [k_cs], eax
        mov eax, ss
        mov [k_myss], eax
        mov [k_myesp], esp
        mov ax, 0x10
        mov gs, ax                               ; nulled by RETF to ring 3
        retf 8

report:
        SHOW "user-fs", [user_fs]
        SHOW "k-param0", [k_p0]
        SHOW "k-param1", [k_p1]
        SHOW "k-caller-esp", [k_esp]
        SHOW "k-caller-ss", [k_ss]
        SHOW "k-caller-cs", [k_cs]
        SHOW "k-ss", [k_myss]
        SHOW "k-esp", [k_myesp]
        SHOW "after-esp", [after_esp]
        SHOW "after-cs", [after_cs]
        SHOW "after-gs", [after_gs]
        SHOW "conforming-cs", [conf_cs]
        ret

conf_target:
        mov ecx, cs
        mov [ds:conf_cs], ecx
        retf

jmp_target:
        mov eax, cs
        mov [jmp_cs], eax
        jmp jmp_back

align 4
jmp_cs:     dd 0
farptr:     dd 0, 0
saved_esp:  dd 0
user_fs:    dd 0xffffffff
after_esp:  dd 0
after_cs:   dd 0
after_gs:   dd 0xffffffff
conf_cs:    dd 0
k_p0:       dd 0
k_p1:       dd 0
k_esp:      dd 0
k_ss:       dd 0
k_cs:       dd 0
k_myss:     dd 0
k_myesp:    dd 0
tss:        times 104 db 0
end_of_image:
idt:    times 32 dq 0
