/**
 * privilegeFaultFirst (src/cpu/ops/system-privilege.ts): the privilege checks that take priority
 * over VM exits and SVM intercepts (SDM Vol. 3C 26.1.1; AMD APM Vol. 2 15.7). Checked against the
 * opcode table (every entry marked privileged faults first at CPL 3 with IOPL 0 and no I/O
 * permission) and against the handlers themselves (executing the instruction raises #GP(0)
 * exactly when the predicate says so).
 */
import { describe, expect, it } from "vitest";
import { Insn } from "../../src/cpu/decode";
import { GP } from "../../src/cpu/exception";
import { OPCODES } from "../../src/cpu/opcodes";
import { privilegeFaultFirst } from "../../src/cpu/ops/system-privilege";
import { makeWorld, runAsm } from "./helpers/sysrun";

describe("privilege faults before intercepts", () => {
  it("every entry the opcode table marks privileged faults first at CPL 3, IOPL 0, no I/O bitmap", () => {
    const w = makeWorld();
    w.cpu.state.cpl = 3;
    w.ram.fill(0xff, 0x12000 + 0x68, 0x12000 + 0x68 + 0x2001); // every port denied
    const insn = new Insn();
    const missing = OPCODES.filter((e) => e.privileged && !privilegeFaultFirst(w.cpu, e.handler, insn)).map((e) => e.handler);
    expect(missing).toEqual([]);
    w.cpu.state.cpl = 0;
    expect(OPCODES.filter((e) => e.privileged && privilegeFaultFirst(w.cpu, e.handler, insn)).map((e) => e.handler)).toEqual([]);
  });

  it("IOPL and the I/O bitmap decide for CLI/STI and port I/O; CR4.TSD for RDTSC", () => {
    const w = makeWorld();
    const s = w.cpu.state;
    s.cpl = 3;
    const insn = new Insn();
    insn.imm = 0x60;
    expect(privilegeFaultFirst(w.cpu, "in_AL_Ib", insn)).toBe(true);
    w.ram[0x12000 + 0x68 + (0x60 >> 3)] &= ~1;
    expect(privilegeFaultFirst(w.cpu, "in_AL_Ib", insn)).toBe(false);
    expect(privilegeFaultFirst(w.cpu, "in_eAX_Ib", insn)).toBe(true); // 0x61..0x63 still denied
    s.eflags |= 0x3000;
    expect(privilegeFaultFirst(w.cpu, "cli", insn)).toBe(false);
    expect(privilegeFaultFirst(w.cpu, "in_eAX_Ib", insn)).toBe(false);
    expect(privilegeFaultFirst(w.cpu, "hlt", insn)).toBe(true);
    expect(privilegeFaultFirst(w.cpu, "rdtsc", insn)).toBe(false);
    s.cr[4] |= 4;
    expect(privilegeFaultFirst(w.cpu, "rdtsc", insn)).toBe(true);
    expect(privilegeFaultFirst(w.cpu, "cpuid", insn)).toBe(false);
  });

  it("agrees with the handlers: at CPL 3 each of these raises #GP(0) exactly when predicted", () => {
    const cases: Array<[string, string]> = [
      ["hlt", "hlt"], ["clts", "clts"], ["wbinvd", "wbinvd"], ["mov_Rd_Cd", "mov eax, cr0"], ["rdmsr", "rdmsr"],
      ["cli", "cli"], ["in_AL_Ib", "in al, 0x60"], ["rdtsc", "rdtsc"], ["cpuid", "cpuid"],
    ];
    for (const [handler, asm] of cases) {
      const r = runAsm(`
here:
  ${asm}
  ud2`, { ring3: true });
      // r.cpu now sits in a ring-0 stub: ask about CPL 3 with the same IOPL, CR4 and TSS
      r.cpu.state.cpl = 3;
      const atCpl3 = privilegeFaultFirst(r.cpu, handler, Object.assign(new Insn(), { imm: 0x60 }));
      expect([handler, r.vector === GP && r.frame[0] === 0]).toEqual([handler, atCpl3]);
    }
  });
});
