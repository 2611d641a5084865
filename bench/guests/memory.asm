; Benchmark guest: a memory-heavy loop: PASSES read-modify-write sweeps over a 1 MiB buffer
; (dword loads and stores, sequential) plus a strided read pass. PASSES comes from
; `nasm -DPASSES=n`. Prints "memory done <sum>" on COM1 and exits with value 0 on port 0xF4.
bits 32
org 0x100000
%ifndef PASSES
%define PASSES 4
%endif
BUF equ 0x200000
DWORDS equ 0x40000          ; 1 MiB
header:
    dd 0x1BADB002, 0x00010000, -(0x1BADB002 + 0x00010000)
    dd header, header, end, end, start
start:
    mov esp, 0x90000
    call stopwatch_start
    mov ebp, PASSES
    xor edx, edx
.pass:
    mov edi, BUF
    mov ecx, DWORDS
.rmw:                       ; 6 instructions per dword
    mov eax, [edi]
    add eax, ecx
    mov [edi], eax
    add edi, 4
    dec ecx
    jnz .rmw
    mov esi, BUF
    mov ecx, DWORDS / 16
.stride:                    ; 4 instructions per 64-byte line
    add edx, [esi]
    add esi, 64
    dec ecx
    jnz .stride
    dec ebp
    jnz .pass
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
msg: db "memory done ", 0
end:
