/**
 * The translation lookaside buffer of one CPU (SDM Vol. 3A, 4.10 "Caching Translation Information").
 *
 * Direct-mapped, 4096 entries indexed by the low bits of the linear page number. An entry caches
 * one 4-KiB linear page: its physical frame, and which of the eight access kinds
 * (bit 0 write, bit 1 user, bit 2 execute — the `access` code of mmu.translate) may use the entry
 * without a page walk. The permission set is computed once by the walker from the combined
 * U/S and R/W bits of the PDE and PTE and CR0.WP (4.6 "Access Rights"); a write is allowed from
 * the TLB only once the dirty flag is set, so the first write to a clean page walks again and sets
 * it (4.8 "Accessed and Dirty Flags": the processor sets D on the first write to the page).
 * A 4-MiB page (CR4.PSE, PDE.PS = 1) fills one entry per 4-KiB piece that is used, marked
 * `large`, so that INVLPG of any address in it drops every piece (4.10.4.1).
 *
 * Invalidation (4.10.4.1 "Operations that Invalidate TLBs and Paging-Structure Caches"):
 * - INVLPG m: the entries for the page containing m (the whole page if it is a 4-MiB page),
 *   global or not;
 * - MOV to CR3: all entries except global ones (PTE.G = 1 while CR4.PGE = 1);
 * - MOV to CR0 changing PG or WP, MOV to CR4 changing PGE, PSE or PAE, and invalidateCaches():
 *   everything.
 * The TLB is derived state: it is not part of CpuState and snapshots do not carry it.
 *
 * Left out: separate instruction/data TLBs, paging-structure caches (PDE cache), PCIDs.
 */

const SIZE = 4096;
const MASK = SIZE - 1;

export class Tlb {
  /** Linear page number (linear >>> 12) cached in each slot, or -1 for an empty slot. */
  readonly tag = new Int32Array(SIZE).fill(-1);
  /** Physical frame address (multiple of 4096) for the slot. */
  readonly frame = new Uint32Array(SIZE);
  /** Bit a set: access code a (0..7) may use the slot. */
  readonly perm = new Uint8Array(SIZE);
  /** 1 when the translation is global (PTE.G with CR4.PGE). */
  readonly global = new Uint8Array(SIZE);
  /** 1 when the slot is a piece of a 4-MiB page. */
  readonly large = new Uint8Array(SIZE);
  /** Statistics: page walks that filled the TLB, and flushes. */
  fills = 0;
  flushes = 0;

  /** Physical address for `linear` if a slot allows `access`, else -1. */
  lookup(linear: number, access: number): number {
    const vpn = linear >>> 12;
    const i = vpn & MASK;
    if (this.tag[i] === vpn && ((this.perm[i] >> access) & 1) !== 0) return (this.frame[i] | (linear & 0xfff)) >>> 0;
    return -1;
  }

  fill(linear: number, frame: number, perm: number, global: boolean, large: boolean): void {
    const vpn = linear >>> 12;
    const i = vpn & MASK;
    this.tag[i] = vpn;
    this.frame[i] = frame;
    this.perm[i] = perm;
    this.global[i] = global ? 1 : 0;
    this.large[i] = large ? 1 : 0;
    this.fills++;
  }

  /** Everything (CR0.PG/WP or CR4.PGE/PSE/PAE changes, restore). */
  flushAll(): void {
    this.tag.fill(-1);
    this.flushes++;
  }

  /** Everything but global translations (MOV to CR3). */
  flushNonGlobal(): void {
    const { tag, global } = this;
    for (let i = 0; i < SIZE; i++) if (global[i] === 0) tag[i] = -1;
    this.flushes++;
  }

  /** INVLPG: the 4-KiB page holding `linear`, and every cached piece of a 4-MiB page holding it. */
  invalidatePage(linear: number): void {
    const vpn = linear >>> 12;
    const i = vpn & MASK;
    if (this.tag[i] === vpn) this.tag[i] = -1;
    const first = vpn & ~0x3ff;
    for (let p = first; p < first + 1024; p++) {
      const j = p & MASK;
      if (this.tag[j] === p && this.large[j] === 1) this.tag[j] = -1;
    }
  }
}
