; pci-enumerate.asm - PCI bus 0 enumeration through configuration mechanism #1 as kernels do it:
; the address register read back, every device/function's vendor and device IDs, class code,
; header type (multi-function bit), interrupt line and pin; BAR sizing (write all ones, read the
; mask, restore) on every BAR and the expansion-ROM BAR; byte and word reads at unaligned data
; ports (0xCFD, 0xCFE); the command register written and read back; reads with the enable bit
; clear, of an absent device and of bus 1 giving all ones.
; PCI Local Bus Specification 3.0, 3.2.2.3.2 (mechanism #1), 6.1 (configuration header), 6.2.5.1
; (BAR sizing).
%include "lib/kernel.inc"

; cfg_read: EAX = address (bus/dev/fn/reg), returns EAX = dword
cfg_read:
        push edx
        or eax, 0x80000000
        mov dx, 0xCF8
        out dx, eax
        mov dx, 0xCFC
        in eax, dx
        pop edx
        ret
; cfg_write: EAX = address, ECX = value
cfg_write:
        push edx
        or eax, 0x80000000
        mov dx, 0xCF8
        out dx, eax
        mov dx, 0xCFC
        mov eax, ecx
        out dx, eax
        pop edx
        ret

; size_bar: EBX = devfn << 8, ESI = register: print the sizing mask, restore the BAR
size_bar:
        pushad
        mov eax, ebx
        or eax, esi
        call cfg_read
        mov edi, eax                    ; original
        mov eax, ebx
        or eax, esi
        mov ecx, 0xFFFFFFFF
        call cfg_write
        mov eax, ebx
        or eax, esi
        call cfg_read
        HEX32 eax
        mov eax, ebx
        or eax, esi
        mov ecx, edi
        call cfg_write
        mov eax, ebx
        or eax, esi
        call cfg_read
        cmp eax, edi
        je .ok
        PRINT "not-restored "
.ok:
        popad
        ret

test_main:
        mov dx, 0xCF8
        mov eax, 0x80001234
        out dx, eax
        in eax, dx
        SHOW "addr", eax
        NL
        xor ebx, ebx                    ; devfn << 8
.dev:
        mov eax, ebx
        call cfg_read
        cmp ax, 0xFFFF
        je .next
        PRINT "fn "
        mov eax, ebx
        shr eax, 8
        HEX8 al
        mov eax, ebx
        call cfg_read
        HEX32 eax                       ; device:vendor
        mov eax, ebx
        or eax, 8
        call cfg_read
        HEX32 eax                       ; class, subclass, prog-if, revision
        mov eax, ebx
        or eax, 0x0C
        call cfg_read
        shr eax, 16
        HEX8 al                         ; header type
        mov eax, ebx
        or eax, 0x3C
        call cfg_read
        HEX16 ax                        ; interrupt pin:line
        NL
        PRINT "  bars "
        mov esi, 0x10
.bar:
        call size_bar
        add esi, 4
        cmp esi, 0x28
        jb .bar
        mov esi, 0x30
        call size_bar
        NL
.next:
        add ebx, 0x100
        cmp ebx, 0x10000
        jb .dev
        ; unaligned byte/word data-port reads of 00:00.0
        mov dx, 0xCF8
        mov eax, 0x80000000
        out dx, eax
        mov dx, 0xCFD
        in al, dx
        HEX8 al
        mov dx, 0xCFE
        in ax, dx
        HEX16 ax
        ; command register of the NIC (00:03.0)
        mov eax, 0x1804
        mov ecx, 0x00000007
        call cfg_write
        mov eax, 0x1804
        call cfg_read
        HEX16 ax
        mov eax, 0x1804
        mov ecx, 0x00000103
        call cfg_write
        mov eax, 0x1804
        call cfg_read
        HEX16 ax
        NL
        ; enable bit clear, an absent device, bus 1
        mov dx, 0xCF8
        mov eax, 0x00000000
        out dx, eax
        mov dx, 0xCFC
        in eax, dx
        HEX32 eax
        mov eax, 0x1F00
        call cfg_read
        HEX32 eax
        mov eax, 0x10000
        call cfg_read
        HEX32 eax
        NL
        ret
