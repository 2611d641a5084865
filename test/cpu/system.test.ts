/**
 * System instructions on the real Cpu (SDM Vol. 2A/2B): CPUID, RDMSR/WRMSR, RDTSC (CR4.TSD),
 * SYSENTER/SYSEXIT, MOV CRn/DRn (reserved bits, ET, DR6/DR7 fixed bits, DR4/5 aliasing), LMSW/SMSW,
 * CLTS, INVLPG vs CR3 reload (4.10.4), LGDT/SGDT with 16-bit operand size, STI's interrupt shadow
 * (6.8.3), HLT wake-up, IN/OUT/INS/OUTS operand sizes and REP.
 */
import { describe, expect, it } from "vitest";
import { GP, UD } from "../../src/cpu/exception";
import { cpuModels } from "../../src/cpu/model";
import { CS, SS } from "../../src/cpu/state";
import { labelAddress, makeWorld, runAsm } from "./helpers/sysrun";

describe("CPUID, MSRs, TSC", () => {
  it("CPUID returns the model's vendor and VMX/SVM bits", () => {
    const src = `
  xor eax, eax
  cpuid
  mov [0x3000], ebx
  mov [0x3004], edx
  mov [0x3008], ecx
  mov eax, 1
  cpuid
  mov [0x300c], ecx
  mov eax, 0x80000001
  cpuid
  mov [0x3010], ecx
  hlt`;
    const intel = runAsm(src, { model: cpuModels.core2 });
    const text = (r: typeof intel) => Buffer.from(r.ram.subarray(0x3000, 0x300c)).toString("latin1");
    const dv = (r: typeof intel) => new DataView(r.ram.buffer);
    expect(text(intel)).toBe("GenuineIntel");
    expect(dv(intel).getUint32(0x300c, true) & 0x20).toBe(0x20);
    const amd = runAsm(src, { model: cpuModels.athlon64x2 });
    expect(text(amd)).toBe("AuthenticAMD");
    expect(dv(amd).getUint32(0x3010, true) & 4).toBe(4);
  });

  it("WRMSR/RDMSR of IA32_TIME_STAMP_COUNTER sets the TSC; RDTSC then counts instructions as cycles", () => {
    const r = runAsm(`
  mov ecx, 0x10
  mov eax, 0x1000
  mov edx, 1
  wrmsr
  rdtsc
  mov esi, eax
  mov edi, edx
  nop
  nop
  rdtsc
  sub eax, esi
  hlt`);
    const s = r.cpu.state;
    // RDTSC right after WRMSR (one instruction of 1 cycle later) reads 0x1_00001001.
    expect([s.regs[6], s.regs[7]]).toEqual([0x1001, 1]);
    // rdtsc, mov, mov, nop, nop: five 1-cycle instructions between the two reads
    expect(s.regs[0]).toBe(5);
  });

  it("SYSENTER MSRs read back; EFER.SVME is writable on athlon64x2 only; unknown MSRs are #GP(0)", () => {
    const r = runAsm(`
  mov ecx, 0x176
  mov eax, 0xdeadbeef
  xor edx, edx
  wrmsr
  xor eax, eax
  rdmsr
  mov ebx, eax
  mov ecx, 0x1b
  rdmsr
  mov esi, eax
  mov ecx, 0xc0000080
  mov eax, 0x1000
  xor edx, edx
  wrmsr
  rdmsr
  mov edi, eax
  mov ecx, 0x12345
here:
  rdmsr
  hlt`, { model: cpuModels.athlon64x2 });
    const s = r.cpu.state;
    expect(s.regs[3]).toBe(0xdeadbeef);
    expect(s.regs[6]).toBe(0xfee00900);
    expect(s.regs[7]).toBe(0x1000);
    expect([r.vector, r.frame[0]]).toEqual([GP, 0]);
    const intel = runAsm(`
  mov ecx, 0xc0000080
  mov eax, 0x1000
  xor edx, edx
  wrmsr
  hlt`, { model: cpuModels.core2 });
    expect([intel.vector, intel.frame[0]]).toEqual([GP, 0]);
  });

  it("RDTSC at CPL 3 is #GP(0) only when CR4.TSD = 1", () => {
    const ok = runAsm(`
  TO_RING3 user
user:
  rdtsc
  ud2`);
    expect(ok.vector).toBe(UD);
    const src = `
  mov eax, cr4
  or eax, 4
  mov cr4, eax
  TO_RING3 user
user:
here:
  rdtsc
  ud2`;
    const tsd = runAsm(src);
    expect([tsd.vector, tsd.frame[0], tsd.frame[1]]).toEqual([GP, 0, labelAddress(src, "here")]);
  });

  it("SYSENTER enters ring 0 at SYSENTER_CS:EIP with flat caches; SYSEXIT returns to ring 3", () => {
    const r = runAsm(`
  mov ecx, 0x174
  mov eax, KCODE
  xor edx, edx
  wrmsr
  mov ecx, 0x175
  mov eax, 0x6000
  wrmsr
  mov ecx, 0x176
  mov eax, kentry
  wrmsr
  TO_RING3 user
user:
  mov ecx, esp
  mov edx, uret
  sysenter
uret:
  mov ebx, cs
  mov esi, ss
  ud2
kentry:
  mov ebp, esp
  mov edi, cs
  sysexit`);
    const s = r.cpu.state;
    expect(r.vector).toBe(UD);
    expect(s.regs[5]).toBe(0x6000);
    expect(s.regs[7]).toBe(0x08);
    expect(s.regs[3]).toBe(0x08 + 16 + 3); // 0x1B
    expect(s.regs[6]).toBe(0x08 + 24 + 3); // 0x23
    expect(s.segLimit[CS]).toBe(0xffffffff);
    expect(s.segLimit[SS]).toBe(0xffffffff);
  });

  it("SYSENTER with SYSENTER_CS = 0 is #GP(0)", () => {
    const r = runAsm(`
  sysenter`);
    expect([r.vector, r.frame[0]]).toEqual([GP, 0]);
  });
});

describe("control and debug registers", () => {
  it("CR0.ET reads as 1; PG without PE and NW without CD are #GP(0)", () => {
    const r = runAsm(`
  mov eax, cr0
  and eax, ~0x10
  mov cr0, eax
  mov ebx, cr0
  mov eax, 0x20000001
here:
  mov cr0, eax
  hlt`);
    expect(r.cpu.state.regs[3] & 0x10).toBe(0x10);
    expect([r.vector, r.frame[0]]).toEqual([GP, 0]);
  });

  it("MOV CR4 with a reserved bit, or VMXE on a model without VMX, is #GP(0)", () => {
    const vmx = runAsm(`
  mov eax, 0x2000
  mov cr4, eax
  mov ebx, cr4
  hlt`, { model: cpuModels.core2 });
    expect(vmx.cpu.state.regs[3]).toBe(0x2000);
    const novmx = runAsm(`
  mov eax, 0x2000
  mov cr4, eax
  hlt`, { model: cpuModels.qemu32 });
    expect([novmx.vector, novmx.frame[0]]).toEqual([GP, 0]);
    const reserved = runAsm(`
  mov eax, 0x00400000
  mov cr4, eax
  hlt`);
    expect([reserved.vector, reserved.frame[0]]).toEqual([GP, 0]);
  });

  it("MOV to CR1 or from CR5 is #UD", () => {
    expect(runAsm(`
  db 0x0f, 0x22, 0xc8  ; mov cr1, eax
  hlt`).vector).toBe(UD);
    expect(runAsm(`
  db 0x0f, 0x20, 0xe8  ; mov eax, cr5
  hlt`).vector).toBe(UD);
  });

  it("DR6 keeps its fixed-1 bits and DR7 bit 10; DR4/DR5 alias DR6/DR7 unless CR4.DE", () => {
    const r = runAsm(`
  xor eax, eax
  mov dr6, eax
  mov dr7, eax
  mov ebx, dr6
  mov ecx, dr7
  mov eax, 0x12345678
  mov dr0, eax
  mov edx, dr0
  db 0x0f, 0x21, 0xe6  ; mov esi, dr4 (= DR6)
  mov eax, cr4
  or eax, 8
  mov cr4, eax
  db 0x0f, 0x21, 0xe6  ; now #UD
  hlt`);
    const s = r.cpu.state;
    expect(s.regs[3]).toBe(0xffff0ff0);
    expect(s.regs[1]).toBe(0x400);
    expect(s.regs[2]).toBe(0x12345678);
    expect(s.regs[6]).toBe(0xffff0ff0);
    expect(r.vector).toBe(UD);
  });

  it("LMSW sets TS but cannot clear PE; CLTS clears TS; SMSW to memory stores 16 bits", () => {
    const r = runAsm(`
  mov word [0x3000], 0xffff
  mov word [0x3002], 0xaaaa
  mov ax, 0x8
  lmsw ax
  smsw [0x3000]
  mov ebx, cr0
  clts
  mov ecx, cr0
  hlt`);
    const dv = new DataView(r.ram.buffer);
    expect(dv.getUint16(0x3000, true)).toBe(0x19);
    expect(dv.getUint16(0x3002, true)).toBe(0xaaaa);
    expect(r.cpu.state.regs[3] & 0x9).toBe(0x9);
    expect(r.cpu.state.regs[1] & 0x8).toBe(0);
  });

  it("INVLPG makes a changed PTE visible; without it the TLB keeps the old translation", () => {
    const r = runAsm(`
  mov edi, 0x51000
  mov eax, 0x3
  mov ecx, 1024
.fill:
  mov [edi], eax
  add eax, 0x1000
  add edi, 4
  loop .fill
  mov dword [0x50000], 0x51003
  mov eax, 0x50000
  mov cr3, eax
  mov dword [0x200000], 0x11111111
  mov dword [0x201000], 0x22222222
  mov eax, cr0
  or eax, 0x80000000
  mov cr0, eax
  mov eax, [0x200000]                   ; fills the TLB
  mov dword [0x51000 + 0x200*4], 0x201003
  mov ebx, [0x200000]                   ; stale: still 0x11111111
  invlpg [0x200000]
  mov ecx, [0x200000]                   ; 0x22222222
  mov dword [0x51000 + 0x200*4], 0x200003
  mov edx, cr3
  mov cr3, edx
  mov esi, [0x200000]                   ; CR3 reload flushed it: 0x11111111
  hlt`);
    const s = r.cpu.state;
    expect([s.regs[0], s.regs[3], s.regs[1], s.regs[6]]).toEqual([0x11111111, 0x11111111, 0x22222222, 0x11111111]);
  });

  it("LGDT/SGDT round-trip; a 16-bit operand size uses and stores 24 bits of the base", () => {
    const r = runAsm(`
  mov word [0x3000], 0x00ff
  mov dword [0x3002], 0x12010000
  o16 lgdt [0x3000]
  sgdt [0x3010]
  mov dword [0x3020], 0xffffffff
  mov word [0x3024], 0xffff
  o16 sgdt [0x3020]
  mov word [0x3000], 0xff
  mov dword [0x3002], 0x10000
  lgdt [0x3000]
  hlt`);
    const dv = new DataView(r.ram.buffer);
    expect(dv.getUint32(0x3012, true)).toBe(0x010000);
    expect(dv.getUint32(0x3022, true)).toBe(0x010000);
  });
});

describe("interrupt flag, HLT and port I/O", () => {
  it("STI blocks interrupts for one instruction, then delivers with the right return EIP", () => {
    const src = `
  sti
one:
  nop
two:
  nop
  hlt`;
    const w = makeWorld();
    w.intr.vector = 0x41;
    const r = runAsm(src, { world: w });
    expect(r.vector).toBe(0x41);
    expect(r.frame[0]).toBe(labelAddress(src, "two"));
  });

  it("HLT stops the run; an interrupt with IF = 1 wakes it and returns after the HLT", () => {
    const src = `
  SETGATE 0x42, handler, 0x8E
  sti
  hlt
after:
  mov eax, 0x99
  cli
  hlt
handler:
  mov ebx, [esp]
  iretd`;
    const r = runAsm(src);
    expect(r.stop.kind).toBe("hlt");
    r.intr.vector = 0x42;
    expect(r.cpu.run(100).kind).toBe("hlt");
    expect(r.cpu.state.regs[3]).toBe(labelAddress(src, "after"));
    expect(r.cpu.state.regs[0]).toBe(0x99);
  });

  it("IN/OUT with imm8 and DX in byte, word and dword sizes", () => {
    const w = makeWorld();
    w.inputs.set(0x70, 0x12345678);
    const r = runAsm(`
  mov eax, 0xaabbccdd
  out 0x80, al
  out 0x80, ax
  out 0x80, eax
  mov dx, 0x70
  xor eax, eax
  in al, dx
  mov ebx, eax
  in ax, dx
  mov ecx, eax
  in eax, 0x70
  hlt`, { world: w });
    expect(r.io.filter((x) => x.write).map((x) => [x.size, x.value])).toEqual([[1, 0xdd], [2, 0xccdd], [4, 0xaabbccdd]]);
    expect([r.cpu.state.regs[3], r.cpu.state.regs[1], r.cpu.state.regs[0]]).toEqual([0x78, 0x5678, 0x12345678]);
  });

  it("REP OUTSB / REP INSW move strings through a port, stepping ESI/EDI and counting ECX down", () => {
    const w = makeWorld();
    w.inputs.set(0x60, 0xbeef);
    const r = runAsm(`
  mov dword [0x3000], 0x44434241
  mov esi, 0x3000
  mov ecx, 4
  mov dx, 0xe9
  cld
  rep outsb
  mov edi, 0x3100
  mov ecx, 3
  mov dx, 0x60
  rep insw
  hlt`, { world: w });
    expect(r.io.filter((x) => x.write && x.port === 0xe9).map((x) => x.value)).toEqual([0x41, 0x42, 0x43, 0x44]);
    expect(Array.from(r.ram.subarray(0x3100, 0x3106))).toEqual([0xef, 0xbe, 0xef, 0xbe, 0xef, 0xbe]);
    expect([r.cpu.state.regs[6], r.cpu.state.regs[7], r.cpu.state.regs[1]]).toEqual([0x3004, 0x3106, 0]);
  });
});
