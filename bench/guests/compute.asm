; Benchmark guest: an integer compute loop (register-only ALU work, one taken branch per
; iteration). ITERATIONS comes from `nasm -DITERATIONS=n`. Prints "compute done <hash>" on
; COM1 with the stopwatch's milliseconds (stopwatch.inc) and exits through QEMU's isa-debug-exit (port 0xF4) with value 0.
bits 32
org 0x100000
%ifndef ITERATIONS
%define ITERATIONS 1000000
%endif
header:
    dd 0x1BADB002, 0x00010000, -(0x1BADB002 + 0x00010000)
    dd header, header, end, end, start
start:
    mov esp, 0x90000
    call stopwatch_start
    mov ecx, ITERATIONS
    mov eax, 0x12345678
    mov ebx, 0x9E3779B9
    xor edx, edx
.loop:                      ; 7 instructions per iteration
    add eax, ebx
    xor ebx, eax
    rol eax, 5
    lea edx, [edx + eax * 2 + 7]
    sub ebx, edx
    dec ecx
    jnz .loop
    call stopwatch_stop
    mov esi, msg
    call puts
    mov eax, edx
    call hex32
    mov esi, ms_msg
    call puts
    mov eax, [ms_ticks]
    call hex32
    mov al, 10
    call putc
    xor eax, eax
    out 0xF4, al
.hang:
    cli
    hlt
    jmp .hang
%include "serial.inc"
%include "stopwatch.inc"
ms_msg: db " ms ", 0
msg: db "compute done ", 0
end:
