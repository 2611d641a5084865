; minios.asm — miniOS, vtlab's guest operating system: a 32-bit Multiboot v1 kernel.
;
; Build: nasm -f bin -I <this directory>/ -o minios.bin minios.asm  (or vtlab's assembler,
; which must produce the same bytes). Boot: qemu-system-i386 -kernel minios.bin
; -append "workload=syscall iters=1000" -serial stdio -display none -no-reboot
; -device isa-debug-exit,iobase=0xf4,iosize=0x04   — or: vtlab boot minios --append "...".
;
; The image is a flat binary loaded at 1 MiB through the Multiboot header's address fields
; (Multiboot 0.6.96 §3.1.3, flag bit 16), so no ELF loader is needed. Boot sequence: serial
; console, command line and memory map (copied before any frame is handed out), GDT + TSS,
; IDT, PIC + PIT, paging, tasks; then the workload; then a summary and an exit through the
; debug-exit port with status 0.
;
; Files: layout.inc (constants), arch.inc (every privileged instruction), kprint.inc, console.inc,
; traps.inc, pic.inc, mm.inc, task.inc, syscall.inc, cmdline.inc, workloads.inc, user.inc.
; Left out: SMP, the APIC, a file system, the FPU, any real-mode code.

bits 32
org 0x100000

%include "layout.inc"
%include "arch.inc"
%include "kprint.inc"

section .text

multiboot_header:
    dd MB_MAGIC
    dd MB_FLAGS
    dd -(MB_MAGIC + MB_FLAGS)           ; checksum: the three fields sum to zero
    dd multiboot_header                 ; header_addr
    dd multiboot_header                 ; load_addr: the file is loaded from its first byte
    dd image_end                        ; load_end_addr
    dd bss_end                          ; bss_end_addr: the loader zeroes up to here
    dd start                            ; entry_addr

start:
    mov esp, boot_stack_top
    mov esi, ebx                        ; Multiboot info
    push eax
    call serial_init
    pop eax
    cmp eax, MB_BOOT_MAGIC
    je .multiboot
    KPRINTLN "miniOS: not started by a Multiboot loader"
    mov al, 2
    jmp machine_exit
.multiboot:
    call cmdline_copy                   ; ESI = info; both read it before any allocation
    call mem_parse
    call cmdline_parse
    call gdt_init
    call idt_init
    call pic_init
    call pit_init
    call paging_init
    call task_init
    KPRINT "miniOS: workload="
    mov esi, wl_name
    call puts
    KPRINT " iters="
    mov eax, [opt_iters]
    call print_dec
    KPRINT " tasks="
    mov eax, [opt_tasks]
    call print_dec
    call newline
    call run_workload                   ; AL = exit status
    push eax
    KPRINT "STATS spawns="
    mov eax, [stat_spawns]
    call print_dec
    KPRINT " syscalls="
    mov eax, [stat_syscalls]
    call print_dec
    KPRINT " pagefaults="
    mov eax, [stat_pagefaults]
    call print_dec
    KPRINT " exceptions="
    mov eax, [stat_exceptions]
    call print_dec
    call newline
    pop eax
    KPRINT "miniOS: exit "
    push eax
    movzx eax, al
    call print_dec
    call newline
    pop eax
machine_exit:                           ; AL = status
    arch_debug_exit
    arch_halt_forever

%include "console.inc"
%include "traps.inc"
%include "pic.inc"
%include "mm.inc"
%include "task.inc"
%include "syscall.inc"
%include "cmdline.inc"
%include "workloads.inc"
%include "user.inc"

section .bss
stat_spawns:        resd 1
stat_syscalls:      resd 1
stat_pagefaults:    resd 1              ; demand-zero pages mapped
stat_exceptions:    resd 1              ; all CPU exceptions, resolved or not
boot_stack:         resb BOOT_STACK_SIZE
boot_stack_top:
bss_end:

section .data
image_end:
