; stack16-segment.asm - a 16-bit stack segment (data descriptor B = 0): PUSH/POP/CALL/RET/
; PUSHAD/ENTER/LEAVE and interrupt delivery use SP, not ESP; the upper half of ESP is preserved;
; SP wraps from 0 to 0xFFFE; IRET pops through SP.
; SDM Vol. 3A 3.4.5 (B flag: "specifies 16-bit stack pointer SP"), Vol. 2B PUSH/POP
; (StackAddrSize), 6.12.1 (the interrupt frame follows the stack's address size).
%include "lib/kernel.inc"

STK     equ LOW16_BASE                  ; base of SEL_STACK16 (limit 0xFFFF)

test_main:
        mov [saved_esp], esp
        GATE 0x40, int40_raw, 0x8E
        mov edi, STK
        mov ecx, 0x4000
        mov eax, 0x5A5A5A5A
        rep stosd
        cli
        mov ax, SEL_STACK16
        mov ss, ax
        mov esp, 0xABCD0100
        mov eax, 0x11223344
        push eax
        mov [r_esp1], esp
        push word 0x5566
        mov [r_esp2], esp
        call sub16stk
        mov [r_esp3], esp
        pop bx
        pop ecx
        mov [r_pop], ecx
        mov [r_esp4], esp
        pushad
        mov [r_esp5], esp
        mov dword [STK + 0xE0 + 28], 0x0EAA0EAA  ; EAX slot of the PUSHAD frame
        popad
        mov [r_popad], eax
        mov [r_esp6], esp
        ; wrap: SP = 0 -> push word writes at 0xFFFE
        mov esp, 0x77770000
        push word 0xBEEF
        mov [r_esp7], esp
        pop ax
        ; enter/leave use SP and BP... with B=0 ENTER uses BP for the frame pointer
        mov esp, 0x00000200
        mov ebp, 0x99990180
        enter 8, 0
        mov [r_ebp8], ebp
        mov [r_esp8], esp
        leave
        mov [r_ebp9], ebp
        mov [r_esp9], esp
        ; interrupt with a 16-bit stack: frame pushed at SP, ESP upper half kept
        mov esp, 0x12340400
        int 0x40
        mov [r_esp10], esp
        mov ax, SEL_DATA0
        mov ss, ax
        mov esp, [saved_esp]
        SHOW "esp1", [r_esp1]
        SHOW "esp2", [r_esp2]
        SHOW "esp3", [r_esp3]
        SHOW "esp4", [r_esp4]
        NL
        SHOW "ret", [r_ret]
        SHOW "pop", [r_pop]
        SHOW "esp5", [r_esp5]
        SHOW "popad", [r_popad]
        SHOW "esp6", [r_esp6]
        NL
        SHOW "esp7", [r_esp7]
        HEX16 [STK + 0xFFFE]
        NL
        SHOW "ebp8", [r_ebp8]
        SHOW "esp8", [r_esp8]
        SHOW "ebp9", [r_ebp9]
        SHOW "esp9", [r_esp9]
        NL
        SHOW "in-handler-esp", [r_hesp]
        SHOW "esp10", [r_esp10]
        NL
        SHOW "frame-eip", [STK + 0x400 - 12]
        HEX16 [STK + 0x400 - 8]
        mov eax, [STK + 0x400 - 4]
        and eax, FL_IF | FL_DF | 0x2
        SHOW "frame-efl", eax
        NL
        SHOW "int-ret-eip", .after_int
        NL
        ret
.after_int:

sub16stk:
        mov eax, esp
        mov ax, sp
        mov ebx, STK
        movzx eax, ax
        mov eax, [ebx + eax]
        sub eax, test_main
        mov [r_ret], eax
        ret

int40_raw:
        mov [r_hesp], esp
        iretd

saved_esp:      dd 0
r_esp1:         dd 0
r_esp2:         dd 0
r_esp3:         dd 0
r_esp4:         dd 0
r_esp5:         dd 0
r_esp6:         dd 0
r_esp7:         dd 0
r_esp8:         dd 0
r_esp9:         dd 0
r_esp10:        dd 0
r_ebp8:         dd 0
r_ebp9:         dd 0
r_hesp:         dd 0
r_ret:          dd 0
r_pop:          dd 0
r_popad:        dd 0
