/**
 * 32-bit paging (SDM Vol. 3A, chapter 4): the two-level walk, 4-MiB pages (4.3, CR4.PSE),
 * access rights (4.6: U/S, R/W, CR0.WP), accessed/dirty flags (4.8), the #PF error code and CR2
 * (4.7), and the TLB invalidation rules (4.10.4: INVLPG, MOV to CR3, global pages with CR4.PGE).
 * Expected values are worked out by hand from those sections.
 */
import { describe, expect, it } from "vitest";
import { CpuException, PF_ } from "../../src/cpu/exception";
import { ACCESS_USER, ACCESS_WRITE, onControlRegisterWrite, translate } from "../../src/cpu/mmu";
import { CR0_PE, CR0_PG, CR0_WP, CR4_PGE, CR4_PSE } from "../../src/cpu/state";
import { fakeCpu, r32, w32 } from "./helpers/fakecpu";

const P = 1, RW = 2, US = 4, A = 0x20, D = 0x40, PS = 0x80, G = 0x100;

function setup() {
  const cpu = fakeCpu();
  cpu.state.cr[0] = CR0_PE | CR0_PG;
  cpu.state.cr[3] = 0x1000;
  // PDE 1 -> page table at 0x2000; PTE 2 -> frame 0x5000: linear 0x00402000 maps to 0x5000.
  w32(cpu.bus.ram, 0x1000 + 1 * 4, 0x2000 | P | RW | US);
  w32(cpu.bus.ram, 0x2000 + 2 * 4, 0x5000 | P | RW | US);
  return cpu;
}

function pf(fn: () => unknown): { vector: number; errorCode?: number } {
  try {
    fn();
  } catch (e) {
    if (e instanceof CpuException) return { vector: e.vector, errorCode: e.errorCode };
    throw e;
  }
  throw new Error("expected #PF");
}

describe("32-bit paging walk (SDM 4.3)", () => {
  it("is the identity while CR0.PG = 0", () => {
    const cpu = fakeCpu();
    cpu.state.cr[0] = CR0_PE;
    expect(translate(cpu, 0xdeadbeef, ACCESS_WRITE | ACCESS_USER)).toBe(0xdeadbeef);
  });

  it("maps a 4-KiB page through PDE and PTE and sets A, then D on write (4.8)", () => {
    const cpu = setup();
    expect(translate(cpu, 0x00402123, 0)).toBe(0x5123);
    expect(r32(cpu.bus.ram, 0x1004) & A).toBe(A);
    expect(r32(cpu.bus.ram, 0x2008) & (A | D)).toBe(A);
    expect(translate(cpu, 0x00402ffc, ACCESS_WRITE)).toBe(0x5ffc);
    expect(r32(cpu.bus.ram, 0x2008) & (A | D)).toBe(A | D);
  });

  it("raises #PF with CR2 = linear and error code 0 for a supervisor read of a not-present PDE (4.7)", () => {
    const cpu = setup();
    const e = pf(() => translate(cpu, 0x00c00010, 0));
    expect(e).toEqual({ vector: PF_, errorCode: 0 });
    expect(cpu.state.cr[2]).toBe(0x00c00010);
  });

  it("reports W and U for a user write to a not-present PTE (error code 6)", () => {
    const cpu = setup();
    const e = pf(() => translate(cpu, 0x00403000, ACCESS_WRITE | ACCESS_USER));
    expect(e).toEqual({ vector: PF_, errorCode: 6 });
    expect(cpu.state.cr[2]).toBe(0x00403000);
  });

  it("denies user access to a supervisor page: P|U = 5, leaf A not set", () => {
    const cpu = setup();
    w32(cpu.bus.ram, 0x2008, 0x5000 | P | RW);
    expect(pf(() => translate(cpu, 0x00402000, ACCESS_USER))).toEqual({ vector: PF_, errorCode: 5 });
    expect(r32(cpu.bus.ram, 0x2008) & A).toBe(0);
    // Supervisor reads of it are fine.
    expect(translate(cpu, 0x00402000, 0)).toBe(0x5000);
  });

  it("combines U/S of both levels: PDE U/S = 0 makes the page supervisor-only (4.6)", () => {
    const cpu = setup();
    w32(cpu.bus.ram, 0x1004, 0x2000 | P | RW);
    expect(pf(() => translate(cpu, 0x00402000, ACCESS_USER))).toEqual({ vector: PF_, errorCode: 5 });
  });

  it("user write to a page read-only at the PDE level: error code 7", () => {
    const cpu = setup();
    w32(cpu.bus.ram, 0x1004, 0x2000 | P | US);
    expect(pf(() => translate(cpu, 0x00402000, ACCESS_WRITE | ACCESS_USER))).toEqual({ vector: PF_, errorCode: 7 });
    expect(translate(cpu, 0x00402000, ACCESS_USER)).toBe(0x5000);
  });

  it("CR0.WP: supervisor writes to read-only pages succeed with WP = 0 and fault (code 3) with WP = 1", () => {
    const cpu = setup();
    w32(cpu.bus.ram, 0x2008, 0x5000 | P | US);
    expect(translate(cpu, 0x00402004, ACCESS_WRITE)).toBe(0x5004);
    const old = cpu.state.cr[0];
    cpu.state.cr[0] |= CR0_WP;
    onControlRegisterWrite(cpu, 0, old, cpu.state.cr[0]);
    expect(pf(() => translate(cpu, 0x00402004, ACCESS_WRITE))).toEqual({ vector: PF_, errorCode: 3 });
  });

  it("maps 4-MiB pages when CR4.PSE = 1 and sets A/D in the PDE", () => {
    const cpu = setup();
    cpu.state.cr[4] = CR4_PSE;
    w32(cpu.bus.ram, 0x1000 + 3 * 4, 0x00800000 | PS | P | RW);
    expect(translate(cpu, 0x00c01234, ACCESS_WRITE)).toBe(0x00801234);
    expect(translate(cpu, 0x00ffffff, 0)).toBe(0x00bfffff);
    expect(r32(cpu.bus.ram, 0x100c) & (A | D)).toBe(A | D);
  });

  it("ignores PDE.PS when CR4.PSE = 0: the PDE points to a page table", () => {
    const cpu = setup();
    w32(cpu.bus.ram, 0x1000 + 3 * 4, 0x00200000 | PS | P | RW);
    w32(cpu.bus.ram, 0x00200000 + 1 * 4, 0x7000 | P | RW);
    expect(translate(cpu, 0x00c01234, 0)).toBe(0x7234);
  });
});

describe("TLB (SDM 4.10)", () => {
  it("keeps a stale translation until INVLPG", () => {
    const cpu = setup();
    expect(translate(cpu, 0x00402010, 0)).toBe(0x5010);
    w32(cpu.bus.ram, 0x2008, 0x6000 | P | RW | US | A);
    expect(translate(cpu, 0x00402010, 0)).toBe(0x5010);
    cpu.tlb.invalidatePage(0x00402fff);
    expect(translate(cpu, 0x00402010, 0)).toBe(0x6010);
  });

  it("walks again on the first write to a clean cached page, to set D", () => {
    const cpu = setup();
    translate(cpu, 0x00402000, 0);
    expect(r32(cpu.bus.ram, 0x2008) & D).toBe(0);
    translate(cpu, 0x00402000, ACCESS_WRITE);
    expect(r32(cpu.bus.ram, 0x2008) & D).toBe(D);
  });

  it("MOV to CR3 flushes non-global entries; global ones survive while CR4.PGE = 1", () => {
    const cpu = setup();
    cpu.state.cr[4] = CR4_PGE;
    w32(cpu.bus.ram, 0x2000 + 3 * 4, 0x8000 | P | RW | G); // linear 0x00403000, global
    expect(translate(cpu, 0x00402000, 0)).toBe(0x5000);
    expect(translate(cpu, 0x00403000, 0)).toBe(0x8000);
    w32(cpu.bus.ram, 0x2008, 0x6000 | P | RW);
    w32(cpu.bus.ram, 0x200c, 0x9000 | P | RW | G);
    onControlRegisterWrite(cpu, 3, 0x1000, 0x1000);
    expect(translate(cpu, 0x00402000, 0)).toBe(0x6000); // re-walked
    expect(translate(cpu, 0x00403000, 0)).toBe(0x8000); // global: still cached
    // Toggling CR4.PGE flushes everything, global entries included.
    onControlRegisterWrite(cpu, 4, CR4_PGE, 0);
    cpu.state.cr[4] = 0;
    expect(translate(cpu, 0x00403000, 0)).toBe(0x9000);
  });

  it("G is ignored while CR4.PGE = 0: a CR3 reload drops the entry", () => {
    const cpu = setup();
    w32(cpu.bus.ram, 0x200c, 0x8000 | P | RW | G);
    expect(translate(cpu, 0x00403000, 0)).toBe(0x8000);
    w32(cpu.bus.ram, 0x200c, 0x9000 | P | RW | G);
    onControlRegisterWrite(cpu, 3, 0x1000, 0x1000);
    expect(translate(cpu, 0x00403000, 0)).toBe(0x9000);
  });

  it("INVLPG of any address in a 4-MiB page drops every cached piece of it", () => {
    const cpu = setup();
    cpu.state.cr[4] = CR4_PSE;
    w32(cpu.bus.ram, 0x100c, 0x00800000 | PS | P | RW);
    expect(translate(cpu, 0x00c00000, 0)).toBe(0x00800000);
    expect(translate(cpu, 0x00e45000, 0)).toBe(0x00a45000);
    w32(cpu.bus.ram, 0x100c, 0x01000000 | PS | P | RW);
    cpu.tlb.invalidatePage(0x00d00000);
    expect(translate(cpu, 0x00c00000, 0)).toBe(0x01000000);
    expect(translate(cpu, 0x00e45000, 0)).toBe(0x01245000);
  });

  it("a cached supervisor-only entry still faults user accesses", () => {
    const cpu = setup();
    w32(cpu.bus.ram, 0x2008, 0x5000 | P | RW);
    translate(cpu, 0x00402000, ACCESS_WRITE);
    expect(pf(() => translate(cpu, 0x00402000, ACCESS_USER))).toEqual({ vector: PF_, errorCode: 5 });
  });
});

describe("reserved bits (SDM 4.7, RSVD)", () => {
  it("a 4-MiB PDE with reserved bit 21 set raises #PF with P and RSVD (error code 9 for a read)", () => {
    const cpu = setup();
    cpu.state.cr[4] = CR4_PSE;
    w32(cpu.bus.ram, 0x100c, 0x00800000 | 0x200000 | PS | P | RW);
    expect(pf(() => translate(cpu, 0x00c00000, 0))).toEqual({ vector: PF_, errorCode: 9 });
    expect(pf(() => translate(cpu, 0x00c00000, ACCESS_WRITE | ACCESS_USER))).toEqual({ vector: PF_, errorCode: 15 });
    expect(cpu.state.cr[2]).toBe(0x00c00000);
    expect(r32(cpu.bus.ram, 0x100c) & A).toBe(0);
    // PSE-36 address bits 20:13 are not reserved: they are dropped (32-bit physical space).
    w32(cpu.bus.ram, 0x100c, 0x00800000 | 0x2000 | PS | P | RW);
    expect(translate(cpu, 0x00c00004, 0)).toBe(0x00800004);
  });
});
