; workload-multitask.asm - a tiny multitasking kernel: three ring-3 tasks, each with its own page
; directory (the same linear page 0x800000 maps a private frame per task), a single kernel stack
; (TSS.ESP0), system calls through INT 0x80 (print, print hex, yield, exit) and a context switch
; that saves the interrupt frame (general registers, DS, ES, EIP, CS, EFLAGS, user ESP/SS) into the
; task and loads the next task's frame and CR3 before the common IRETD.
; Stage 1 is cooperative (yield), so the interleaving is exact. Stage 2 preempts the tasks with
; IRQ0 (PIT mode 2): the number of switches depends on time and is not printed, only each
; task's result, which is a pure function of its code if every switch saves and restores the
; complete state (flags included: the loops carry CF across iterations).
; SDM Vol. 3A 6.12.1 (stack switch through the TSS on entry from ring 3, IRET to ring 3),
; 4.3 and 4.10.4 (MOV to CR3 switches the address space and flushes the TLB).
%include "lib/kernel.inc"

NTASKS          equ 3
TASK_SIZE       equ 128             ; frame image (68 bytes) then CR3 at 68, state at 72
T_CR3           equ 68
T_STATE         equ 72              ; 0 runnable, 1 exited
T_RESULT        equ 76
FRAME_SIZE      equ 68
PD_BASE         equ SCRATCH + 0x10000   ; task page directories, 4 KiB apart
PT_BASE         equ SCRATCH + 0x20000   ; private page tables for linear 8..12 MiB
FRAME_BASE      equ SCRATCH + 0x30000   ; private frames
PRIVATE         equ 0x00800000

tasks:          times NTASKS * TASK_SIZE db 0
current:        dd 0
kernel_esp:     dd 0
preempt:        dd 0
ticks:          dd 0

; sys: EBX = frame. AL = 1 print [ESI], 2 print EBX hex, 3 yield, 4 exit with result EBX.
sys:
        mov eax, [ebx + F_EAX]
        cmp al, 1
        jne .n1
        mov esi, [ebx + F_ESI]
        jmp puts
.n1:    cmp al, 2
        jne .n2
        mov eax, [ebx + F_EBX]
        call hex32
        jmp newline
.n2:    cmp al, 3
        je switch
        cmp al, 4
        jne .bad
        mov eax, [current]
        imul eax, eax, TASK_SIZE
        mov dword [tasks + eax + T_STATE], 1
        mov edx, [ebx + F_EBX]
        mov [tasks + eax + T_RESULT], edx
        jmp switch
.bad:
        PRINTLN "bad syscall"
        mov al, 0x7D
        jmp exit_with

tick:
        inc dword [ticks]
        call pic_eoi_master
        cmp dword [preempt], 0
        jne switch
        ret

; switch: save the frame at EBX into the current task, pick the next runnable task (round
; robin), load its frame and CR3. No runnable task left: back to the kernel (kernel_esp).
switch:
        mov eax, [current]
        imul edi, eax, TASK_SIZE
        add edi, tasks
        mov esi, ebx
        mov ecx, FRAME_SIZE / 4
        rep movsd
        mov ecx, NTASKS
.next:
        inc eax
        cmp eax, NTASKS
        jb .inrange
        xor eax, eax
.inrange:
        imul edx, eax, TASK_SIZE
        cmp dword [tasks + edx + T_STATE], 0
        je .found
        dec ecx
        jnz .next
        ; every task has exited
        mov esp, [kernel_esp]
        popad
        ret
.found:
        mov [current], eax
        lea esi, [tasks + edx]
        mov edi, ebx
        mov ecx, FRAME_SIZE / 4
        rep movsd
        mov eax, [tasks + edx + T_CR3]
        mov cr3, eax
        ret

; run_tasks: start task 0 from its frame image; returns when every task has exited.
run_tasks:
        pushad
        mov [kernel_esp], esp
        mov dword [current], 0
        mov eax, [tasks + T_CR3]
        mov cr3, eax
        sub esp, FRAME_SIZE
        mov edi, esp
        mov esi, tasks
        mov ecx, FRAME_SIZE / 4
        rep movsd
        jmp exc_common.return

; init_task: EAX = index, EDX = entry. Frame: ring 3, IF = 1, own stack, own address space.
init_task:
        pushad
        imul edi, eax, TASK_SIZE
        add edi, tasks
        push edi
        push eax
        xor eax, eax
        mov ecx, TASK_SIZE / 4
        rep stosd
        pop eax
        pop edi
        mov [edi + F_EIP], edx
        mov dword [edi + F_CS], SEL_CODE3 | 3
        mov dword [edi + F_EFL], 0x202
        mov ecx, eax
        shl ecx, 12
        neg ecx
        add ecx, STACK3_TOP
        mov [edi + F_USP], ecx
        mov dword [edi + F_USS], SEL_DATA3 | 3
        mov dword [edi + F_DS], SEL_DATA3 | 3
        mov dword [edi + F_ES], SEL_DATA3 | 3
        mov [edi + F_EAX], eax            ; task index in EAX at start
        ; page directory: the identity PDEs 0 and 1, PDE 2 -> private table -> private frame
        mov ecx, eax
        shl ecx, 12
        lea esi, [PD_BASE + ecx]
        mov [edi + T_CR3], esi
        push edi
        mov edi, esi
        push eax
        push ecx
        xor eax, eax
        mov ecx, 1024
        rep stosd
        pop ecx
        pop eax
        mov edx, [PAGE_DIR]
        mov [esi], edx
        mov edx, [PAGE_DIR + 4]
        mov [esi + 4], edx
        lea edx, [PT_BASE + ecx]
        mov edi, edx
        push eax
        push ecx
        xor eax, eax
        mov ecx, 1024
        rep stosd
        pop ecx
        pop eax
        or edx, PTE_P | PTE_RW | PTE_US
        mov [esi + 8], edx
        and edx, ~0xFFF
        lea esi, [FRAME_BASE + ecx]
        mov dword [esi], 0
        or esi, PTE_P | PTE_RW | PTE_US
        mov [edx], esi
        pop edi
        popad
        ret

%macro U_PRINT 1
        jmp %%over
%%s:    db %1, 0
%%over:
        mov esi, %%s
        mov eax, 1
        int 0x80
%endmacro
%macro U_HEX 1
        mov ebx, %1
        mov eax, 2
        int 0x80
%endmacro
%macro U_YIELD 0
        mov eax, 3
        int 0x80
%endmacro
%macro U_EXIT 1
        mov ebx, %1
        mov eax, 4
        int 0x80
%endmacro

; Stage 1 task: EAX = index. Three rounds of: bump the private counter by index + 1, print it,
; yield.
coop_task:
        mov ebp, eax
        mov ecx, 3
.round:
        lea edx, [ebp + 1]
        add [PRIVATE], edx
        U_PRINT "task "
        mov eax, ebp
        add eax, '0'
        mov [PRIVATE + 4], al
        mov byte [PRIVATE + 5], ' '
        mov byte [PRIVATE + 6], 0
        lea esi, [PRIVATE + 4]
        mov eax, 1
        int 0x80
        U_HEX [PRIVATE]
        U_YIELD
        dec ecx
        jnz .round
        U_EXIT [PRIVATE]

; Stage 2 task: EAX = index. A long carry-chained loop over the private page; the result folds
; in EBP, ESI, EDI, the counter in memory and CF.
busy_task:
        mov ebp, eax
        imul esi, eax, 0x01234567
        mov edi, 0x89ABCDEF
        mov dword [PRIVATE], 0
        mov ecx, 300000
        clc
.l:
        adc esi, edi
        rcl edi, 1
        adc [PRIVATE], ebp
        xor edi, esi
        lea eax, [ecx + ebp]
        sbb esi, eax
        dec ecx                         ; DEC leaves CF alone: the carry crosses iterations
        jnz .l
        mov eax, esi
        adc eax, edi
        add eax, [PRIVATE]
        U_EXIT eax

test_main:
        mov eax, PTE_P | PTE_RW | PTE_US
        call paging_identity
        xor eax, eax
        call paging_on
        SET_HANDLER 0x80, sys
        SET_HANDLER 0x20, tick
        PRINTLN "stage 1"
        mov dword [preempt], 0
        xor eax, eax
.c:     mov edx, coop_task
        call init_task
        inc eax
        cmp eax, NTASKS
        jb .c
        call run_tasks
        call show_results
        PRINTLN "stage 2"
        mov dword [preempt], 1
        xor eax, eax
.b:     mov edx, busy_task
        call init_task
        inc eax
        cmp eax, NTASKS
        jb .b
        mov al, 2
        mov cx, 200
        call pit_start
        mov al, 0xFE
        out PIC1_DATA, al
        call run_tasks
        mov al, 0xFF
        out PIC1_DATA, al
        call pit_stop
        call show_results
        mov eax, PAGE_DIR
        mov cr3, eax
        call paging_off
        ret

show_results:
        xor eax, eax
.r:     imul edx, eax, TASK_SIZE
        PRINT "result "
        HEX32 [tasks + edx + T_RESULT]
        mov ecx, eax
        shl ecx, 12
        HEX32 [FRAME_BASE + ecx]
        NL
        inc eax
        cmp eax, NTASKS
        jb .r
        ret
