/**
 * The MSR file (SDM Vol. 4, Table 2-2; AMD APM Vol. 2, EFER): reads and writes of the implemented
 * MSRs, reserved-bit and unknown-index #GP(0), the TSC as cycles + offset split into EDX:EAX.
 */
import { describe, expect, it } from "vitest";
import { CpuException, GP } from "../../src/cpu/exception";
import { cpuModels } from "../../src/cpu/model";
import { EFER_LME, EFER_NXE, EFER_SCE, EFER_SVME, readMsr, writeMsr } from "../../src/cpu/msr";
import { CpuState } from "../../src/cpu/state";

function gp(fn: () => unknown): number | undefined {
  try {
    fn();
  } catch (e) {
    if (e instanceof CpuException && e.vector === GP) return e.errorCode;
    throw e;
  }
  throw new Error("expected #GP");
}

describe("MSRs", () => {
  it("TSC: a write sets cycles + offset; reads split the 64-bit value into EAX/EDX", () => {
    const s = new CpuState();
    s.cycles = 1000;
    writeMsr(s, cpuModels.core2, 0x10, 0x00000005, 0x2);
    expect(readMsr(s, cpuModels.core2, 0x10)).toEqual([5, 2]);
    s.cycles += 0xfffffffb; // crosses the 32-bit boundary: 0x2_00000005 + 0xFFFFFFFB = 0x3_00000000
    expect(readMsr(s, cpuModels.core2, 0x10)).toEqual([0, 3]);
  });

  it("EFER: only the bits the model's CPUID reports are writable (SVME on AMD, not on Intel)", () => {
    const s = new CpuState();
    writeMsr(s, cpuModels.athlon64x2, 0xc0000080, EFER_SCE | EFER_LME | EFER_NXE | EFER_SVME, 0);
    expect(readMsr(s, cpuModels.athlon64x2, 0xc0000080)).toEqual([EFER_SCE | EFER_LME | EFER_NXE | EFER_SVME, 0]);
    expect(gp(() => writeMsr(s, cpuModels.core2, 0xc0000080, EFER_SVME, 0))).toBe(0);
    expect(gp(() => writeMsr(s, cpuModels.qemu32, 0xc0000080, EFER_SCE, 0))).toBe(0);
    expect(gp(() => writeMsr(s, cpuModels.athlon64x2, 0xc0000080, 0, 1))).toBe(0);
  });

  it("APIC_BASE keeps BSP/EN/base and rejects reserved bits", () => {
    const s = new CpuState();
    expect(readMsr(s, cpuModels.core2, 0x1b)).toEqual([0xfee00900, 0]);
    writeMsr(s, cpuModels.core2, 0x1b, 0xfec00800, 0);
    expect(readMsr(s, cpuModels.core2, 0x1b)).toEqual([0xfec00800, 0]);
    expect(gp(() => writeMsr(s, cpuModels.core2, 0x1b, 0xfee00901, 0))).toBe(0);
    expect(gp(() => writeMsr(s, cpuModels.core2, 0x1b, 0xfee00900, 0x10))).toBe(0);
  });

  it("SYSENTER_CS/ESP/EIP round-trip; unknown MSRs are #GP(0) for reads and writes", () => {
    const s = new CpuState();
    for (const [i, v] of [[0x174, 0xdead0008], [0x175, 0x12345678], [0x176, 0xc0001000]] as const) {
      writeMsr(s, cpuModels.core2, i, v, 0);
      expect(readMsr(s, cpuModels.core2, i)).toEqual([v, 0]);
    }
    expect(gp(() => readMsr(s, cpuModels.core2, 0x3a))).toBe(0);
    expect(gp(() => writeMsr(s, cpuModels.core2, 0xc0000081, 0, 0))).toBe(0);
  });
});
