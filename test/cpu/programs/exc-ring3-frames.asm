; Exceptions raised at CPL 3 and delivered to ring 0 through the TSS stack, compared with QEMU:
; the whole frame (error code, EIP relative to the faulting label, CS, EFLAGS, ESP, SS) for
; #GP from IN at IOPL 0, #GP(vector*8+2) from INT n through a DPL-0 gate, #GP(selector) from a
; DPL-0 data segment load, #NP(selector), #PF with U/W/P (CR2 too), #BP from INT3 through a
; DPL-3 gate (a trap), #UD. A test that does not fault runs into a HLT (#GP at CPL 3), which
; shows up as a different frame.
; Not probed, because QEMU 7.2 TCG deviates from the SDM there: #SS(0) for a push beyond a
; user stack segment's limit (QEMU does not check data/stack segment limits).
; SDM Vol. 3A 6.12.1 (Figure 6-4), 6.13, 6.15; Vol. 2A INT n; Vol. 3A 4.7.
; The EXT bit is never involved (no exception here happens during another delivery).
%include "frame.inc"

%macro TRY 2    ; TRY label, has-error-code: run the user code at label in ring 3; the handler resumes at %%next
        mov dword [resume], %%next
        mov dword [fault_base], %1
        mov dword [has_err], %2
        PRINT_LABEL %1
        mov ax, 0x23                    ; ring-3 data in DS/ES: IRET would null DPL-0 ones
        mov ds, ax
        mov es, ax
        push 0x23
        push 0x70000
        push 0x002
        push 0x1b
        push %1
        iret
%%next:
%endmacro

%macro PRINT_LABEL 1
        jmp %%o
%%s:    db "-- ", %str(%1), 10, 0
%%o:    mov esi, %%s
        call puts
%endmacro

main:
        ; TSS: ring-0 stack 0x10:0x80000, I/O map base beyond the limit (no port allowed at CPL 3)
        mov word [tss + 102], 0x68
        mov dword [tss + 4], 0x80000
        mov dword [tss + 8], 0x10
        mov eax, tss
        mov word [gdt + 0x28], 0x67
        mov [gdt + 0x2a], ax
        shr eax, 16
        mov [gdt + 0x2c], al
        mov byte [gdt + 0x2d], 0x89
        mov [gdt + 0x2f], ah
        mov ax, 0x28
        ltr ax
        ; 0x30: ring-3 data, not present; 0x38: ring-3 data with limit 0xFFF (byte granular)
        mov dword [gdt + 0x30], 0x0000ffff
        mov dword [gdt + 0x34], 0x00cf7200
        mov dword [gdt + 0x38], 0x00000fff
        mov dword [gdt + 0x3c], 0x0040f200
        ; every vector we use -> frame printer; vector 3 with DPL 3
        mov ecx, 0
.v:     mov eax, printer
        mov [idt + ecx*8], ax
        mov word [idt + ecx*8 + 2], 0x08
        mov word [idt + ecx*8 + 4], 0x8e00
        shr eax, 16
        mov [idt + ecx*8 + 6], ax
        inc ecx
        cmp ecx, 32
        jb .v
        mov byte [idt + 3*8 + 5], 0xee
        mov byte [idt + 0x30*8 + 5], 0x8e
        ; paging: identity 4 MiB with 4-KiB pages, page 0x300 user read-only
        mov edi, 0x200000
        mov eax, 0x7
        mov ecx, 1024
.pt:    mov [edi], eax
        add eax, 0x1000
        add edi, 4
        loop .pt
        mov dword [0x200000 + 0x300*4], 0x300005
        mov dword [0x201000], 0x200007
        mov eax, 0x201000
        mov cr3, eax
        mov eax, cr0
        or eax, 0x80000000
        mov cr0, eax

        TRY t_in, 1
        TRY t_int, 1
        TRY t_ds, 1
        TRY t_np, 1
        TRY t_pf, 1
        TRY t_bp, 0
        TRY t_ud, 0
        ret

; the printer prints the frame and resumes main at [resume]
printer:
        mov ax, 0x10
        mov ds, ax
        mov es, ax
        mov esi, esp
        cmp dword [has_err], 0
        je .noerr
        SHOW "err", [esi]
        add esi, 4
.noerr: mov eax, [esi]
        sub eax, [fault_base]
        SHOW "eip-label", eax
        SHOW "cs", [esi + 4]
        mov eax, [esi + 8]
        and eax, ~0x8d5                 ; arithmetic flags masked
        SHOW "eflags", eax
        SHOW "esp", [esi + 12]
        SHOW "ss", [esi + 16]
        mov eax, cr2
        SHOW "cr2", eax
        mov esp, 0x90000 - 4            ; main's stack (its return address into start is kept)
        jmp [resume]

t_in:   in al, 0x61
        hlt
t_int:  int 0x30
        hlt
t_ds:   mov ax, 0x10
        mov ds, ax
        hlt
t_np:   mov ax, 0x33
        mov es, ax
        hlt
t_pf:   mov dword [0x300020], 5
        hlt
t_bp:   int3
        hlt
t_ud:   ud2

align 4
resume:     dd 0
fault_base: dd 0
has_err:    dd 0
tss:        times 104 db 0
end_of_image:
idt:    times 32 dq 0
