/**
 * The PC's address map: every port, IRQ line and physical address the machine uses, in one
 * place (Firecracker's `layout.rs` idea). Devices never see these numbers: the machine maps
 * each device at its base here and the device only sees offsets from that base.
 *
 * Sources: the IBM PC/AT I/O map as QEMU's i440FX "pc" machine implements it (QEMU 7.2),
 * 8259A and 8254 data sheets (Intel), PC16550D data sheet (National Semiconductor), and the
 * Multiboot Specification 0.6.96, 3.2 "Machine state" / 3.3 "Boot information format".
 *
 *   port    device                         IRQ
 *   0x020   8259A master (2 ports)          -   (INT -> CPU INTR)
 *   0x040   8254 PIT (4 ports)              0
 *   0x060   8042 keyboard controller data     1   (mouse: 12)
 *   0x061   system control port B           -   (PIT channel 2 gate / output, refresh toggle)
 *   0x064   8042 status / command           -
 *   0x070   MC146818 RTC + CMOS RAM (2)     8
 *   0x092   system control port A           -   (A20 reads 1, bit 0 resets)
 *   0x080   POST diagnostic port            -   (ignored)
 *   0x0A0   8259A slave (2 ports)           2   (cascade into master IR2)
 *   0x0F4   QEMU isa-debug-exit (4 ports)   -
 *   0x3F8   16550A UART, COM1 (8 ports)     4
 *   0xCF8   PCI configuration mechanism #1  -   (0xCF9: PIIX reset control)
 *   0x4D0   ELCR, edge/level control (2)    -
 *
 * Physical memory below 1 MiB, as the firmware (SeaBIOS under QEMU) leaves it for Multiboot:
 *
 *   0x00000 +------------------------------+
 *           | real-mode IVT, BDA           |
 *   0x07000 | boot stack top (ESP at entry)|
 *   0x08000 | boot GDT (flat CS 0x08/DS 0x10) |
 *   0x09000 | Multiboot info, mmap, cmdline|
 *   0x9FC00 | EBDA (reserved)              |
 *   0xA0000 | VGA window / option ROMs     |
 *   0xF0000 | BIOS (reserved)              |
 *  0x100000 +------------------------------+  kernels load here and above
 */

// ---- Port I/O ----------------------------------------------------------------------------
export const PIC_MASTER_PORT = 0x20;
export const PIC_SLAVE_PORT = 0xa0;
export const PIC_PORT_COUNT = 2;
export const ELCR_PORT = 0x4d0;
export const ELCR_PORT_COUNT = 2;
export const PIT_PORT = 0x40;
export const PIT_PORT_COUNT = 4;
export const SYSTEM_CONTROL_B_PORT = 0x61;
export const I8042_DATA_PORT = 0x60;
export const I8042_COMMAND_PORT = 0x64;
export const SYSTEM_CONTROL_A_PORT = 0x92;
export const RTC_PORT = 0x70;
export const PCI_CONFIG_PORT = 0xcf8;
export const PCI_CONFIG_PORT_COUNT = 8;
export const RTC_PORT_COUNT = 2;
export const POST_PORT = 0x80;
export const DEBUG_EXIT_PORT = 0xf4;
export const DEBUG_EXIT_PORT_COUNT = 4;
export const COM1_PORT = 0x3f8;
export const UART_PORT_COUNT = 8;

// ---- IRQ lines (ISA, through the 8259A pair) ----------------------------------------------
export const PIT_IRQ = 0;
export const CASCADE_IRQ = 2;
export const COM1_IRQ = 4;
export const RTC_IRQ = 8;

// ---- Clocks --------------------------------------------------------------------------------
/** The 8254's input clock: 14.31818 MHz / 12 (IBM PC/AT Technical Reference). */
export const PIT_HZ = 1_193_182;

// ---- Physical memory ----------------------------------------------------------------------
export const KiB = 1024;
export const MiB = 1024 * KiB;
export const GiB = 1024 * MiB;
export const DEFAULT_MEMORY = 64 * MiB;
/** Smallest RAM the machine accepts: low memory plus 1 MiB above the 1 MiB line. */
export const MIN_MEMORY = 2 * MiB;
/** Largest RAM: leaves the top of the 4 GiB space to MMIO and fits one Uint8Array. */
export const MAX_MEMORY = 2 * GiB;
/** Where conventional memory ends (EBDA below 640 KiB, as SeaBIOS reserves 1 KiB). */
export const LOW_MEMORY_END = 0x9fc00;
export const VGA_WINDOW = 0xa0000;
export const BIOS_AREA = 0xf0000;
export const HIGH_MEMORY = 0x100000;
/** SeaBIOS keeps its high tables in the top 128 KiB of RAM and reports them reserved (e820). */
export const FIRMWARE_HIGH_TABLES = 128 * KiB;
/** The BIOS flash mapped below 4 GiB (QEMU: 256 KiB), reported reserved in the memory map. */
export const BIOS_FLASH_BASE = 0xfffc0000;
export const BIOS_FLASH_SIZE = 0x40000;

export const BOOT_STACK_TOP = 0x7000;
export const BOOT_GDT = 0x8000;
export const MULTIBOOT_INFO = 0x9000;
/** End of the area the loader may use for the info structure and its strings. */
export const MULTIBOOT_INFO_END = 0x9f000;

// ---- Selectors of the boot GDT (QEMU's Multiboot option ROM uses the same: code 0x08, data 0x10)
export const BOOT_CS = 0x08;
export const BOOT_DS = 0x10;

// ---- Firmware state at Multiboot entry (what SeaBIOS leaves in QEMU 7.2, observed through
// the ports by a probe guest: IMR 0xB8/0x8E, PIT channel 0 mode 2 lo/hi count 65536, MCR OUT2) --
export const FIRMWARE_PIC_MASTER_VECTOR = 0x08;
export const FIRMWARE_PIC_SLAVE_VECTOR = 0x70;
export const FIRMWARE_PIC_MASTER_IMR = 0xb8;
export const FIRMWARE_PIC_SLAVE_IMR = 0x8e;
export const FIRMWARE_ELCR = [0x00, 0x0c] as const;
export const FIRMWARE_UART_MCR = 0x08;
