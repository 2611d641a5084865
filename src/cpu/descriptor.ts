/**
 * Segment and gate descriptors as the SDM draws them (Vol. 3A, 3.4.5 "Segment Descriptors",
 * Figure 3-8; 5.8.3 "Call Gates", Figure 5-8; 6.11 "IDT Descriptors", Figure 6-2):
 *
 *   segment descriptor, high dword                                   low dword
 *   31    24 23 22  21 20  19  16 15 14 13 12 11  8 7       0       31          16 15          0
 *   | base  | G |D/B| L |AVL| limit | P | DPL | S | type | base     |  base 15:0   | limit 15:0  |
 *   | 31:24 |   |   |   |   | 19:16 |   |     |   |      | 23:16    |              |             |
 *
 *   gate descriptor (call / interrupt / trap / task), high dword        low dword
 *   | offset 31:16 | P | DPL | 0 | type | 000 | param count 4:0 |     | selector | offset 15:0 |
 *
 * The hidden part of a segment register keeps base, expanded limit and the access rights in the
 * VMX format (state.ts): AR = (high >>> 8) & 0xF0FF puts type, S, DPL, P, AVL, L, D/B, G in the
 * bit positions of SDM Vol. 3C, Table 25-2 directly.
 *
 * Left out: nothing of the layout; 64-bit (16-byte) system descriptors do not exist in 32-bit mode.
 */

/** System-descriptor and gate types, S = 0 (SDM Vol. 3A, 3.5, Table 3-2). */
export const SYS_TSS16_AVAIL = 0x1, SYS_LDT = 0x2, SYS_TSS16_BUSY = 0x3, SYS_CALL_GATE16 = 0x4, SYS_TASK_GATE = 0x5,
  SYS_INT_GATE16 = 0x6, SYS_TRAP_GATE16 = 0x7, SYS_TSS32_AVAIL = 0x9, SYS_TSS32_BUSY = 0xb, SYS_CALL_GATE32 = 0xc,
  SYS_INT_GATE32 = 0xe, SYS_TRAP_GATE32 = 0xf;

/** Code/data type bits, S = 1 (SDM Vol. 3A, 3.4.5.1, Table 3-1). */
export const TYPE_ACCESSED = 0x1, TYPE_WRITABLE = 0x2, TYPE_READABLE = 0x2, TYPE_EXPAND_DOWN = 0x4,
  TYPE_CONFORMING = 0x4, TYPE_CODE = 0x8;

/** Descriptor high-dword bits. */
export const DESC_S = 1 << 12, DESC_P = 1 << 15, DESC_DB = 1 << 22, DESC_G = 1 << 23;

export function descType(hi: number): number {
  return (hi >>> 8) & 0xf;
}
export function descDpl(hi: number): number {
  return (hi >>> 13) & 3;
}
export function descPresent(hi: number): boolean {
  return (hi & DESC_P) !== 0;
}
/** S flag: 1 for code/data segments, 0 for system segments and gates. */
export function descIsCodeData(hi: number): boolean {
  return (hi & DESC_S) !== 0;
}
export function descIsCode(hi: number): boolean {
  return (hi & DESC_S) !== 0 && (hi & (TYPE_CODE << 8)) !== 0;
}
export function descIsConformingCode(hi: number): boolean {
  return descIsCode(hi) && (hi & (TYPE_CONFORMING << 8)) !== 0;
}
/** Readable code or any data segment. */
export function descIsReadable(hi: number): boolean {
  return (hi & DESC_S) !== 0 && (!descIsCode(hi) || (hi & (TYPE_READABLE << 8)) !== 0);
}
/** Writable data segment. */
export function descIsWritableData(hi: number): boolean {
  return (hi & DESC_S) !== 0 && !descIsCode(hi) && (hi & (TYPE_WRITABLE << 8)) !== 0;
}

export function descBase(lo: number, hi: number): number {
  return ((lo >>> 16) | ((hi & 0xff) << 16) | (hi & 0xff000000)) >>> 0;
}

/** The byte-granular limit: 20-bit limit, scaled by 4 KiB (low 12 bits ones) when G = 1. */
export function descLimit(lo: number, hi: number): number {
  const raw = (lo & 0xffff) | (hi & 0xf0000);
  return (hi & DESC_G) !== 0 ? ((raw << 12) | 0xfff) >>> 0 : raw;
}

/** Access rights in the VMX segment-cache format. */
export function descAr(hi: number): number {
  return (hi >>> 8) & 0xf0ff;
}

/** Gate fields. */
export function gateSelector(lo: number): number {
  return lo >>> 16;
}
export function gateOffset(lo: number, hi: number): number {
  return ((lo & 0xffff) | (hi & 0xffff0000)) >>> 0;
}
export function gateParamCount(hi: number): number {
  return hi & 0x1f;
}

/** Builds a descriptor (for tests and loaders): returns [low, high] dwords. */
export function makeSegmentDescriptor(base: number, limit: number, type: number, opts: { s?: boolean; dpl?: number; p?: boolean; db?: boolean; g?: boolean } = {}): [number, number] {
  const { s = true, dpl = 0, p = true, db = true, g = false } = opts;
  const lo = (((base & 0xffff) << 16) | (limit & 0xffff)) >>> 0;
  const hi = (((base >>> 16) & 0xff) | ((type & 0xf) << 8) | (s ? DESC_S : 0) | ((dpl & 3) << 13) | (p ? DESC_P : 0) |
    (limit & 0xf0000) | (db ? DESC_DB : 0) | (g ? DESC_G : 0) | (base & 0xff000000)) >>> 0;
  return [lo, hi];
}

/** Builds a gate descriptor: returns [low, high] dwords. */
export function makeGateDescriptor(selector: number, offset: number, type: number, dpl: number, opts: { p?: boolean; params?: number } = {}): [number, number] {
  const { p = true, params = 0 } = opts;
  const lo = (((selector & 0xffff) << 16) | (offset & 0xffff)) >>> 0;
  const hi = ((offset & 0xffff0000) | (p ? DESC_P : 0) | ((dpl & 3) << 13) | ((type & 0xf) << 8) | (params & 0x1f)) >>> 0;
  return [lo, hi];
}
