; Local descriptor tables, compared with QEMU: LLDT of a non-LDT descriptor (#GP(selector)), LLDT
; and SLDT, segment loads and LAR/LSL through the LDT, an index beyond the LDT limit (#GP with
; index and TI as error code), LLDT with a null selector (LDTR unusable: LAR clears ZF).
; (A TI = 1 load before any LLDT is not probed: the power-on LDTR has base 0 and limit FFFFH, so
; the result depends on what the firmware left at address 0.)
; SDM Vol. 3A 3.5.1 (LDT), 6.13 (error code TI bit); Vol. 2A LLDT, LAR, LSL; Vol. 2B SLDT.
%include "frame.inc"

main:
        mov eax, gp_handler                      ; #GP: print, continue at [handler_next]
        mov [idt + 13*8], ax
        shr eax, 16
        mov [idt + 13*8 + 6], ax
        ; GDT 0x30: LDT at ldt, limit 0x17 (3 entries)
        mov eax, ldt
        mov word [gdt + 0x30], 0x17
        mov [gdt + 0x32], ax
        shr eax, 16
        mov [gdt + 0x34], al
        mov byte [gdt + 0x35], 0x82
        mov [gdt + 0x37], ah
        ; LDT entry 1: ring-3 data base 0x12345000 limit 0xFFF; entry 2: ring-0 code
        mov dword [ldt + 8], 0x50000fff
        mov dword [ldt + 12], 0x1240f234
        mov dword [ldt + 16], 0x0000ffff
        mov dword [ldt + 20], 0x00cf9a00
        ; LLDT of a data descriptor: #GP(0x10)
        mov dword [handler_next], .s3
        mov ax, 0x10
        lldt ax
.s3:    mov ax, 0x30
        lldt ax
        sldt eax
        SHOW "sldt", eax
        mov ax, 0x0f
        mov fs, ax
        mov eax, fs
        SHOW "fs", eax
        mov ax, 0x0f
        lar eax, ax
        SHOW "lar-ldt1", eax
        mov ax, 0x0f
        lsl eax, ax
        SHOW "lsl-ldt1", eax
        mov ax, 0x14
        lar eax, ax
        SHOW "lar-ldt2", eax
        ; index 3 is beyond the LDT limit: #GP(0x1C)
        mov dword [handler_next], .s4
        mov ax, 0x1f
        mov gs, ax
.s4:    ; LLDT 0: LDTR unusable; LAR through TI = 1 then clears ZF
        xor eax, eax
        lldt ax
        mov ax, 0x0f
        mov ebx, 0x77
        lar ebx, ax
        setz al
        movzx eax, al
        SHOW "lar-after-null-ldt-zf", eax
        SHOW "lar-after-null-ldt-ebx", ebx
        ; restore flat FS for the frame's printing
        mov ax, 0x10
        mov fs, ax
        ret

gp_handler:
        SHOW "gp-err", [esp]
        add esp, 4
        mov eax, [handler_next]
        mov [esp], eax
        iretd
handler_next: dd 0

align 8
ldt:    times 3 dq 0
end_of_image:
idt:    times 32 dq 0
