; enter-leave.asm - ENTER with nesting levels 0, 1, 2, 4 and LEAVE, 32-bit and 16-bit operand size.
; SDM Vol. 2A (ENTER): pushes EBP, copies level-1 frame pointers from the old frame, pushes the
; new frame pointer, then allocates the locals; LEAVE = MOV ESP, EBP; POP EBP.
%include "lib/kernel.inc"

test_main:
        push ebp
        mov [saved_esp], esp
        lea edi, [esp - 0x100]          ; known contents below the stack pointer
        mov ecx, 0x40
        mov eax, 0xA5A5A5A5
        rep stosd
        mov ebp, 0x00300800            ; a fake outer frame in SCRATCH
        mov dword [0x300800 - 4], 0xF1F1F1F1
        mov dword [0x300800 - 8], 0xF2F2F2F2
        mov dword [0x300800 - 12], 0xF3F3F3F3
        enter 0x10, 0
        call dump
        leave
        call dump
        enter 0x08, 1
        call dump
        leave
        enter 0x00, 2
        call dump
        leave
        enter 0x04, 4
        call dump
        leave
        call dump
        ; 16-bit operand size: pushes BP, uses SP-relative words
        mov ebp, 0x00300800
        db 0x66
        enter 0x06, 2
        call dump
        db 0x66
        leave
        call dump
        mov esp, [saved_esp]
        pop ebp
        ret

; dump: print EBP and ESP relative to the entry ESP, then every dword between the entry ESP and
; the current ESP (stack addresses shown relative to the entry ESP).
dump:
        push eax
        push ecx
        mov eax, [saved_esp]
        sub eax, ebp
        SHOW "ebp", eax
        lea eax, [esp + 12]
        neg eax
        add eax, [saved_esp]
        SHOW "esp", eax
        mov ecx, [saved_esp]
        sub ecx, 4
.l:
        lea eax, [esp + 12]
        cmp ecx, eax
        jb .e
        mov eax, [ecx]
        cmp eax, [saved_esp]
        jb .raw
        cmp eax, 0x00300800
        ja .raw
        sub eax, [saved_esp]
.raw:
        call hex32
        call space
        sub ecx, 4
        jmp .l
.e:
        NL
        pop ecx
        pop eax
        ret

saved_esp:      dd 0
