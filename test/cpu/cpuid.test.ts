/**
 * CPUID per CPU model (SDM Vol. 2A "CPUID"; AMD APM Vol. 3, Appendix E). The "qemu32" model is
 * checked leaf by leaf against QEMU itself (`qemu-system-i386 -cpu qemu32` running a NASM-built
 * Multiboot program that dumps CPUID leaves over COM1).
 */
import { describe, expect, it } from "vitest";
import { cpuid, versionSignature } from "../../src/cpu/cpuid";
import { cpuModels, defineCpuModel, hasSvm, hasVmx, resolveCpuModel } from "../../src/cpu/model";
import { nasm, qemuSerial } from "./helpers/qemu";

const LEAVES = [0, 1, 2, 3, 4, 5, 0x40000000, 0x80000000, 0x80000001, 0x80000002, 0x80000003, 0x80000004, 0x80000005];

const DUMPER = `
bits 32
org 0x100000
hdr: dd 0x1BADB002, 0x10003, -(0x1BADB002+0x10003), hdr, hdr, end, end, start
start:
  mov esp, 0x90000
  mov esi, leaves
.l: mov eax, [esi]
  cmp eax, 0xffffffff
  je .done
  xor ecx, ecx
  cpuid
  push edx
  push ecx
  push ebx
  push eax
  mov eax, [esi]
  call hex
  mov edi, 4
.r: mov al, ' '
  call putc
  pop eax
  call hex
  dec edi
  jnz .r
  mov al, 10
  call putc
  add esi, 4
  jmp .l
.done:
  mov al, 0
  out 0xf4, al
putc: push eax
  mov dx, 0x3fd
.w: in al, dx
  test al, 0x20
  jz .w
  pop eax
  mov dx, 0x3f8
  out dx, al
  ret
hex: mov ecx, 8
.h: rol eax, 4
  push eax
  and al, 15
  add al, '0'
  cmp al, '9'
  jbe .p
  add al, 7
.p: call putc
  pop eax
  loop .h
  ret
leaves: dd ${LEAVES.join(",")}, 0xffffffff
end:
`;

const hex = (v: number) => (v >>> 0).toString(16).toUpperCase().padStart(8, "0");

describe("CPUID", () => {
  it("qemu32 answers every leaf as qemu-system-i386 -cpu qemu32 does", () => {
    const out = qemuSerial(nasm(DUMPER), "qemu32").trim().split("\n");
    const ours = LEAVES.map((l) => {
      const r = cpuid(cpuModels.qemu32, l, 0);
      return [l, r.eax, r.ebx, r.ecx, r.edx].map(hex).join(" ");
    });
    expect(out).toEqual(ours);
  });

  it("encodes the version signature as SDM Figure 3-6 (extended model for family 6/0Fh, extended family for 0Fh)", () => {
    expect(versionSignature(6, 15, 6)).toBe(0x000006f6); // Core 2 Merom
    expect(versionSignature(6, 0x17, 10)).toBe(0x0001067a); // Penryn: extended model 1
    expect(versionSignature(0xf, 0x43, 2)).toBe(0x00040f32); // Athlon 64 X2 Windsor
    expect(versionSignature(0x10, 2, 3)).toBe(0x00100f23); // family 10h: extended family 1
  });

  it("core2 is GenuineIntel with VMX (CPUID.1:ECX[5]) and no SVM", () => {
    const m = cpuModels.core2;
    const v = cpuid(m, 0, 0);
    expect([v.ebx, v.edx, v.ecx]).toEqual([0x756e6547, 0x49656e69, 0x6c65746e]); // "Genu" "ineI" "ntel"
    expect(cpuid(m, 1, 0).ecx & (1 << 5)).toBe(1 << 5);
    expect(cpuid(m, 1, 0).eax).toBe(0x6f6);
    expect(hasVmx(m)).toBe(true);
    expect(hasSvm(m)).toBe(false);
  });

  it("athlon64x2 is AuthenticAMD with SVM (CPUID.8000_0001h:ECX[2]) and no VMX", () => {
    const m = cpuModels.athlon64x2;
    const v = cpuid(m, 0, 0);
    expect([v.ebx, v.edx, v.ecx]).toEqual([0x68747541, 0x69746e65, 0x444d4163]); // "Auth" "enti" "cAMD"
    expect(cpuid(m, 0x80000001, 0).ecx & (1 << 2)).toBe(1 << 2);
    expect(cpuid(m, 1, 0).ecx & (1 << 5)).toBe(0);
    expect(hasSvm(m)).toBe(true);
    expect(hasVmx(m)).toBe(false);
  });

  it("decodes the brand string from leaves 8000_0002h..4", () => {
    for (const m of Object.values(cpuModels)) {
      let s = "";
      for (let l = 0x80000002; l <= 0x80000004; l++) {
        const r = cpuid(m, l, 0);
        for (const w of [r.eax, r.ebx, r.ecx, r.edx]) for (let i = 0; i < 4; i++) s += String.fromCharCode((w >>> (8 * i)) & 0xff);
      }
      expect(s.replace(/\0+$/, "")).toBe(m.brand);
    }
  });

  it("answers out-of-range leaves per vendor: Intel repeats the highest basic leaf, AMD returns zeros", () => {
    expect(cpuid(cpuModels.core2, 0x20, 0)).toEqual(cpuid(cpuModels.core2, 0xa, 0));
    expect(cpuid(cpuModels.athlon64x2, 0x20, 0)).toEqual({ eax: 0, ebx: 0, ecx: 0, edx: 0 });
  });

  it("is configurable: a derived model can drop VMX; unknown names are a one-line error", () => {
    const m = defineCpuModel(cpuModels.core2, { name: "core2-novmx", features1Ecx: cpuModels.core2.features1Ecx & ~(1 << 5) });
    expect(cpuid(m, 1, 0).ecx & (1 << 5)).toBe(0);
    expect(hasVmx(m)).toBe(false);
    expect(resolveCpuModel("qemu32")).toBe(cpuModels.qemu32);
    expect(() => resolveCpuModel("pentium9")).toThrow(/unknown CPU model "pentium9" \(known: core2, athlon64x2, qemu32\)/);
  });
});
