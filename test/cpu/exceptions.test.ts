/**
 * Exceptions on the real Cpu: vector, error code and saved EIP for every exception of SDM Vol. 3A,
 * 6.15 ("Exception and Interrupt Reference") this CPU raises, with fault vs trap semantics
 * (6.5: a fault saves the faulting instruction's EIP, a trap the next one), the double-fault rules
 * of Table 6-5 and triple-fault shutdown. The stubs of sysrun.ts halt on delivery; r.frame is the
 * stack at that point: [error code,] EIP, CS, EFLAGS.
 */
import { describe, expect, it } from "vitest";
import { BP, BR, DE, DF, GP, NP, OF_, PF_, SS_, UD } from "../../src/cpu/exception";
import { KCODE, labelAddress, runAsm } from "./helpers/sysrun";

/** `ring3`: the fault happens at CPL 3 (frame CS = 0x1B); `start3`: the snippet itself starts at CPL 3. */
function check(src: string, vector: number, opts: { error?: number; at: string; ring3?: boolean; start3?: boolean }) {
  const r = runAsm(src, { ring3: opts.start3 });
  expect(r.stop.kind).toBe("hlt");
  expect(r.vector).toBe(vector);
  const eip = labelAddress(src, opts.at);
  if (opts.error === undefined) expect(r.frame.slice(0, 2)).toEqual([eip, opts.ring3 ? 0x1b : KCODE]);
  else expect(r.frame.slice(0, 3)).toEqual([opts.error, eip, opts.ring3 ? 0x1b : KCODE]);
  return r;
}

describe("exception vectors, error codes and saved EIP (6.15)", () => {
  it("#DE (0) is a fault on the DIV", () => {
    check(`
  xor ecx, ecx
  mov eax, 5
here:
  div ecx
  hlt`, DE, { at: "here" });
  });

  it("#BP (3) from INT3 is a trap: EIP after the INT3", () => {
    check(`
  SETGATE 3, 0x30000 + 3*8, 0xEE
  TO_RING3 user
user:
  int3
here:
  hlt`, BP, { at: "here", ring3: true });
  });

  it("#OF (4) from INTO with OF = 1 is a trap; INTO with OF = 0 does nothing", () => {
    check(`
  mov al, 0x7f
  into
  add al, 1
  into
here:
  hlt`, OF_, { at: "here" });
  });

  it("#BR (5) from BOUND is a fault on the BOUND", () => {
    check(`
  mov dword [0x3000], 10
  mov dword [0x3004], 20
  mov eax, 15
  bound eax, [0x3000]
  mov eax, 21
here:
  bound eax, [0x3000]
  hlt`, BR, { at: "here" });
  });

  it("#UD (6) from UD2 and from MOV CS", () => {
    check(`
here:
  ud2`, UD, { at: "here" });
    check(`
here:
  db 0x8e, 0xc8   ; mov cs, ax
  hlt`, UD, { at: "here" });
  });

  it("#UD from VMCALL and VMMCALL outside a virtual machine", () => {
    check(`
here:
  vmcall`, UD, { at: "here" });
    check(`
here:
  vmmcall`, UD, { at: "here" });
  });

  it("#NP (11) with the selector error code for a not-present segment", () => {
    check(`
  SETDESC 0x30, 0x0000ffff, 0x00cf1300
  mov ax, 0x30
here:
  mov es, ax
  hlt`, NP, { error: 0x30, at: "here" });
  });

  it("#SS (12) for a push beyond an expand-up SS limit, delivered on the ring-0 stack", () => {
    const src = `
  SETDESC 0x30, 0x00000fff, 0x0040f300   ; ring-3 byte-granular data, limit 0xFFF, B = 1
  TO_RING3 user
user:
  mov ax, 0x33
  mov ss, ax
  mov esp, 0x1002
here:
  push eax
  hlt`;
    const r = check(src, SS_, { error: 0, at: "here", ring3: true });
    expect(r.frame.slice(4, 6)).toEqual([0x1002, 0x33]);
  });

  it("#GP (13) for a write to a read-only data segment", () => {
    check(`
  SETDESC 0x30, 0x0000ffff, 0x00cf9100
  mov ax, 0x30
  mov es, ax
here:
  mov [es:0x100], eax
  hlt`, GP, { error: 0, at: "here" });
  });

  it("#TS (10) with the bad SS0 selector as error code, a fault on the INT n", () => {
    // Gate 10 leads to conforming code (no stack switch, the handler runs at CPL 3 on the user
    // stack), so the #TS can be observed although the TSS stack is broken; IOPL 3 lets the
    // handler end the run through the debug-exit port.
    const src = `
  mov word [TSS + 8], 0x1f8     ; SS0 beyond the GDT
  SETDESC 0x30, 0x0000ffff, 0x00cf9e00   ; conforming code, DPL 0
  SETGATE 10, ts_handler, 0x8E
  mov word [IDT + 10*8 + 2], 0x30
  SETGATE 0x80, 0, 0xEE
  pushfd
  or dword [esp], 0x3000
  popfd
  TO_RING3 user
user:
here:
  int 0x80
  hlt
ts_handler:
  pop eax
  mov [0x3000], eax
  pop eax
  mov [0x3004], eax
  mov ebx, cs
  out 0xf4, al`;
    const r = runAsm(src);
    expect(r.stop.kind).toBe("debug-exit");
    const dv = new DataView(r.ram.buffer);
    expect(dv.getUint32(0x3000, true)).toBe(0x1f8); // #TS (vector 10) error code: the SS0 selector
    expect(dv.getUint32(0x3004, true)).toBe(labelAddress(src, "here"));
    expect(r.cpu.state.regs[3]).toBe(0x33); // conforming code keeps CPL 3: CS.RPL = 3
  });

  it("#PF (14): CR2 = linear address, error code P|W|U, saved EIP = the faulting instruction", () => {
    const src = `
  ; page directory at 0x50000: entry 0 -> table at 0x51000; identity map 4 MiB, user, RW,
  ; except page 0x300 (0x300000) which is supervisor-only read-only.
  mov edi, 0x51000
  mov eax, 0x7                  ; P|RW|US
  mov ecx, 1024
.fill:
  mov [edi], eax
  add eax, 0x1000
  add edi, 4
  loop .fill
  mov dword [0x51000 + 0x300*4], 0x300001
  mov dword [0x50000], 0x51007
  mov eax, 0x50000
  mov cr3, eax
  mov eax, cr0
  or eax, 0x80000000
  mov cr0, eax
  TO_RING3 user
user:
here:
  mov dword [0x300010], 1
  hlt`;
    const r = check(src, PF_, { error: 7, at: "here", ring3: true });
    expect(r.cpu.state.cr[2]).toBe(0x300010);
  });

  it("#PF for a supervisor write to a read-only page only when CR0.WP = 1", () => {
    const src = (wp: boolean) => `
  mov edi, 0x51000
  mov eax, 0x3
  mov ecx, 1024
.fill:
  mov [edi], eax
  add eax, 0x1000
  add edi, 4
  loop .fill
  mov dword [0x51000 + 0x300*4], 0x300001
  mov dword [0x50000], 0x51003
  mov eax, 0x50000
  mov cr3, eax
  mov eax, cr0
  or eax, 0x80000000 ${wp ? "| 0x10000" : ""}
  mov cr0, eax
here:
  mov dword [0x300010], 1
  mov eax, [0x51000 + 0x300*4]
  hlt`;
    const off = runAsm(src(false));
    expect(off.vector).toBe(-1);
    expect(off.cpu.state.regs[0]).toBe(0x300061); // A and D set by the write
    check(src(true), PF_, { error: 3, at: "here" });
  });
});

describe("double fault and triple fault (Table 6-5, 6.15 Interrupt 8)", () => {
  it("#GP whose gate is not present becomes #NP(13*8+2+1) -> contributory twice -> #DF(0)", () => {
    const r = runAsm(`
  mov byte [IDT + 13*8 + 5], 0x0E
  xor eax, eax
  mov ds, ax
  mov ebx, [0]                       ; #GP(0) -> gate 13 not present -> #NP -> #DF
  hlt`);
    expect(r.vector).toBe(DF);
    expect(r.frame[0]).toBe(0);
  });

  it("a fault while delivering #DF shuts the processor down (triple fault)", () => {
    const r = runAsm(`
  mov byte [IDT + 13*8 + 5], 0x0E
  mov byte [IDT + 8*8 + 5], 0x0E
  xor eax, eax
  mov ds, ax
  mov ebx, [0]
  hlt`);
    expect(r.stop).toEqual({ kind: "shutdown", reason: expect.stringMatching(/^triple fault/) });
  });

  it("an IDT limit of 0 turns any exception into a triple fault", () => {
    const r = runAsm(`
  push word 0
  push dword 0
  mov word [esp], 0
  lidt [esp]
  ud2`);
    expect(r.stop.kind).toBe("shutdown");
  });
});
