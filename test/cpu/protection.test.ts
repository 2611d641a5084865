/**
 * Protection on the real Cpu (SDM Vol. 3A, chapter 5; Vol. 2 MOV/POP/LDS "Protected Mode
 * Exceptions", INT n, IRET, CALL/JMP/RET far, LTR, LAR/LSL/VERR/VERW). Each expectation is the
 * SDM's: the vector, the error code (selector with RPL cleared, 0 for null SS / CPL checks), and
 * the saved EIP of a fault (the faulting instruction). Snippets run in the world of sysrun.ts.
 */
import { describe, expect, it } from "vitest";
import { GP, NP, SS_ } from "../../src/cpu/exception";
import { DS } from "../../src/cpu/state";
import { GDT, KCODE, labelAddress, runAsm, UCODE, UDATA } from "./helpers/sysrun";

describe("segment register loads (MOV/POP Sreg, LDS..., Vol. 2B MOV)", () => {
  it("a null selector loads into DS; a later access through DS is #GP(0) at that instruction", () => {
    const src = `
  xor eax, eax
  mov ds, ax
fault:
  mov ebx, [0x1000]
  hlt`;
    const r = runAsm(src);
    expect(r.vector).toBe(GP);
    expect(r.frame.slice(0, 2)).toEqual([0, labelAddress(src, "fault")]);
  });

  it("a selector beyond the GDT limit is #GP(selector)", () => {
    const r = runAsm(`
  mov ax, 0x1f8
  mov ds, ax
  hlt`);
    expect([r.vector, r.frame[0]]).toEqual([GP, 0x1f8]);
  });

  it("a system descriptor (the TSS) in DS is #GP(selector), RPL cleared", () => {
    const r = runAsm(`
  mov ax, 0x2b
  mov es, ax
  hlt`);
    expect([r.vector, r.frame[0]]).toEqual([GP, 0x28]);
  });

  it("an execute-only code segment in DS is #GP(selector); readable code is allowed", () => {
    const r = runAsm(`
  SETDESC 0x30, 0x0000ffff, 0x00cf9800
  SETDESC 0x38, 0x0000ffff, 0x00cf9a00
  mov ax, 0x38
  mov fs, ax
  mov ax, 0x30
  mov gs, ax
  hlt`);
    expect([r.vector, r.frame[0]]).toEqual([GP, 0x30]);
    expect(r.cpu.state.segSelector[4]).toBe(0x38);
  });

  it("a not-present data segment is #NP(selector)", () => {
    const r = runAsm(`
  SETDESC 0x30, 0x0000ffff, 0x00cf1300
  mov ax, 0x30
  mov ds, ax
  hlt`);
    expect([r.vector, r.frame[0]]).toEqual([NP, 0x30]);
  });

  it("sets the accessed bit of the descriptor it loads (3.4.5.1)", () => {
    const r = runAsm(`
  SETDESC 0x30, 0x0000ffff, 0x00cf9200
  mov ax, 0x30
  mov ds, ax
  mov eax, [GDT + 0x34]
  hlt`);
    expect(r.cpu.state.regs[0]).toBe(0x00cf9300);
  });

  it("SS: null is #GP(0), DPL != CPL is #GP(sel), read-only data is #GP(sel), not present is #SS(sel)", () => {
    expect(runAsm(`
  xor eax, eax
  mov ss, ax
  hlt`).frame[0]).toBe(0);
    const dpl = runAsm(`
  mov ax, 0x23
  mov ss, ax
  hlt`);
    expect([dpl.vector, dpl.frame[0]]).toEqual([GP, 0x20]);
    const ro = runAsm(`
  SETDESC 0x30, 0x0000ffff, 0x00cf9100
  mov ax, 0x30
  mov ss, ax
  hlt`);
    expect([ro.vector, ro.frame[0]]).toEqual([GP, 0x30]);
    const np = runAsm(`
  SETDESC 0x30, 0x0000ffff, 0x00cf1300
  mov ax, 0x30
  mov ss, ax
  hlt`);
    expect([np.vector, np.frame[0]]).toEqual([SS_, 0x30]);
  });

  it("ring 3 cannot load a DPL-0 data segment: #GP(selector), delivered on the ring-0 stack", () => {
    const src = `
  mov ax, 0x10
here:
  mov ds, ax
  hlt`;
    const r = runAsm(src, { ring3: true });
    expect(r.vector).toBe(GP);
    expect(r.frame).toEqual([0x10, labelAddress(src, "here"), UCODE, 0x2, 0x7000, UDATA]);
  });

  it("POP DS that faults leaves ESP unchanged; LDS loads DS and the register", () => {
    const r = runAsm(`
  push dword 0x1f8
pop_here:
  pop ds
  hlt`);
    expect([r.vector, r.frame[0]]).toEqual([GP, 0x1f8]);
    expect(r.frame[3 + 0]).toBe(0x2); // EFLAGS in the frame
    // the interrupted ESP is not in a same-level frame; check the pushed value is still on the stack
    expect(r.frame[4]).toBe(0x1f8);
    const l = runAsm(`
  mov dword [0x3000], 0x12345678
  mov word [0x3004], 0x23
  lds ebx, [0x3000]
  hlt`);
    expect(l.cpu.state.regs[3]).toBe(0x12345678);
    expect(l.cpu.state.segSelector[DS]).toBe(0x23);
  });

  it("MOV SS blocks an external interrupt for one instruction (6.8.3)", () => {
    const src = `
  sti
  nop
  nop
  mov ax, 0x10
  mov ss, ax
after_ss:
  nop
next:
  nop
  hlt`;
    // Raise INTR only once the CPU sits after "mov ax": run to that point first.
    const r1 = runAsm(src, { budget: 5 });
    expect(r1.cpu.state.eip).toBe(labelAddress(src, "after_ss"));
    r1.intr.vector = 0x40;
    const stop = r1.cpu.run(1);
    expect(stop.kind).toBe("budget");
    expect(r1.cpu.state.eip).toBe(labelAddress(src, "next"));
    r1.cpu.run(10);
    expect(r1.cpu.state.eip).toBe(0x30000 + 0x40 * 8 + 1);
    // frame EIP: the instruction after the one following MOV SS
    expect(new DataView(r1.ram.buffer).getUint32(0x8000 - 12, true)).toBe(labelAddress(src, "next"));
  });
});

describe("privilege: CPL, IOPL and the sensitive-but-unprivileged instructions", () => {
  for (const [name, asm] of [["HLT", "hlt"], ["MOV CR0", "mov eax, cr0"], ["LGDT", "lgdt [0x3000]"], ["CLI (IOPL 0)", "cli"],
    ["IN (IOPL 0, bitmap denies)", "in al, 0x60"], ["WRMSR", "wrmsr"], ["INVLPG", "invlpg [0]"], ["MOV DR7", "mov dr7, eax"], ["CLTS", "clts"],
    ["LTR", "ltr ax"], ["LMSW", "lmsw ax"], ["WBINVD", "wbinvd"]] as const) {
    it(`${name} at CPL 3 is #GP(0) with EIP at the instruction`, () => {
      const src = `
here:
  ${asm}
  hlt`;
      const r = runAsm(src, { ring3: true });
      expect(r.vector).toBe(GP);
      expect(r.frame.slice(0, 3)).toEqual([0, labelAddress(src, "here"), UCODE]);
    });
  }

  it("SGDT, SIDT, SLDT, STR, SMSW work at CPL 3 (Robin & Irvine's holes)", () => {
    const r = runAsm(`
  sgdt [0x3000]
  sidt [0x3010]
  str eax
  smsw ebx
  sldt ecx
  int3`, { ring3: true });
    const dv = new DataView(r.ram.buffer);
    expect(dv.getUint16(0x3000, true)).toBe(0xff);
    expect(dv.getUint32(0x3002, true)).toBe(GDT);
    expect(dv.getUint16(0x3010, true)).toBe(0x7ff);
    expect(r.cpu.state.regs[0]).toBe(0x28);
    expect(r.cpu.state.regs[3]).toBe(0x11); // CR0: PE | ET
    expect(r.cpu.state.regs[1]).toBe(0);
  });

  it("with IOPL = 3, CLI/STI/IN/OUT work in ring 3", () => {
    const r = runAsm(`
  pushfd
  or dword [esp], 0x3000
  popfd
  TO_RING3 user
user:
  cli
  sti
  mov al, 0x41
  out 0xe9, al
  in al, 0x61
  int3`);
    // INT3 from ring 3 meets the stubs' DPL-0 gate: #GP(3*8+2) (Vol. 2A INT n)
    expect([r.vector, r.frame[0]]).toEqual([GP, 3 * 8 + 2]);
    expect(r.io.filter((x) => x.port === 0xe9 || x.port === 0x61).map((x) => [x.port, x.write])).toEqual([[0xe9, true], [0x61, false]]);
  });

  it("the TSS I/O bitmap grants single ports at CPL > IOPL (Vol. 1, 19.5.2)", () => {
    const src = `
  and byte [TSS + 0x68 + (0x3f8 >> 3)], ~1   ; allow port 0x3F8 only
  TO_RING3 user
user:
  mov dx, 0x3f8
  mov al, 0x42
  out dx, al
denied:
  out 0xf9, al
  hlt`;
    const r = runAsm(src);
    expect(r.io.filter((x) => x.write).map((x) => x.port)).toEqual([0x3f8]);
    expect([r.vector, r.frame[0], r.frame[1]]).toEqual([GP, 0, labelAddress(src, "denied")]);
    // A word access to 0x3F8 also needs 0x3F9: denied.
    const w = runAsm(`
  and byte [TSS + 0x68 + (0x3f8 >> 3)], ~1
  TO_RING3 user
user:
  mov dx, 0x3f8
  out dx, ax
  hlt`);
    expect([w.vector, w.frame[0]]).toEqual([GP, 0]);
  });

  it("POPF at CPL 3 silently keeps IF and IOPL", () => {
    const r = runAsm(`
  TO_RING3 user
user:
  push dword 0x3202
  popfd
  pushfd
  pop eax
  int3`);
    expect(r.cpu.state.regs[0] & 0x3200).toBe(0);
  });
});

describe("interrupts to ring 0 and IRET to ring 3 (6.12.1, Vol. 2A IRET)", () => {
  it("INT 0x80 through a DPL-3 gate switches to SS0:ESP0 and IRET returns to ring 3", () => {
    const src = `
  SETGATE 0x80, handler, 0xEE
  TO_RING3 user
user:
  mov eax, 7
  int 0x80
back:
  mov ebx, esp
  mov ecx, cs
  mov edx, ss
  int3
handler:
  mov esi, [esp + 12]       ; user ESP from the frame
  mov edi, cs
  add eax, 1
  iretd`;
    const r = runAsm(src);
    const s = r.cpu.state;
    // int3 in ring 3 goes to the stub at ring 0 (gate DPL 0!) -> #GP(3*8+2)
    expect([r.vector, r.frame[0]]).toEqual([GP, 3 * 8 + 2]);
    expect(s.regs[0]).toBe(8);
    expect(s.regs[6]).toBe(0x7000);
    expect(s.regs[7]).toBe(KCODE);
    expect(s.regs[3]).toBe(0x7000);
    expect(s.regs[1]).toBe(UCODE);
    expect(s.regs[2]).toBe(UDATA);
  });

  it("IRET to ring 3 nulls a data segment register whose DPL < 3", () => {
    const r = runAsm(`
  mov ax, 0x10
  mov fs, ax
  TO_RING3 user
user:
  mov eax, fs
  mov ebx, ds
  SETGATE 3, 0, 0x8E
  int3`);
    // FS (DPL 0 < new CPL 3) was nulled; DS (DPL 3, loaded by TO_RING3) was kept
    expect(r.cpu.state.regs[0]).toBe(0);
    expect(r.cpu.state.regs[3]).toBe(UDATA);
  });

  it("IRET with NT = 1 is reported as an unsupported task switch", () => {
    const r = runAsm(`
  pushfd
  or dword [esp], 0x4000
  popfd
  iretd`);
    expect(r.stop).toEqual({ kind: "shutdown", reason: expect.stringMatching(/^task switch unsupported/) });
  });
});

describe("far transfers (Vol. 2A CALL/JMP, Vol. 2B RET; Vol. 3A 5.8)", () => {
  it("JMP far to a code segment loads CS with RPL = CPL", () => {
    const r = runAsm(`
  SETDESC 0x30, 0x0000ffff, 0x00cf9a00
  jmp 0x30:target
target:
  mov eax, cs
  hlt`);
    expect(r.cpu.state.regs[0]).toBe(0x30);
  });

  it("CALL far / RETF at the same level push and pop CS:EIP", () => {
    const src = `
  call KCODE:func
ret_here:
  hlt
func:
  mov eax, [esp]
  mov ebx, [esp + 4]
  retf`;
    const r = runAsm(src);
    expect(r.cpu.state.regs[0]).toBe(labelAddress(src, "ret_here"));
    expect(r.cpu.state.regs[3]).toBe(KCODE);
    expect(r.cpu.state.regs[4]).toBe(0x8000);
  });

  it("a call gate from ring 3 to ring 0 switches stacks, copies parameters; RETF n returns to ring 3", () => {
    const src = `
  ; call gate 0x30: DPL 3, 32-bit (type C), 2 parameters, target KCODE:kfunc
  mov eax, kfunc
  mov word [GDT + 0x30], ax
  mov word [GDT + 0x32], KCODE
  mov byte [GDT + 0x34], 2
  mov byte [GDT + 0x35], 0xEC
  shr eax, 16
  mov word [GDT + 0x36], ax
  TO_RING3 user
user:
  push dword 0x1111
  push dword 0x2222
  call 0x33:0
after:
  mov ebx, esp
  mov ecx, cs
  SETGATE 3, 0, 0x8E
  int3
kfunc:
  mov esi, [esp + 8]        ; copied parameter (0x2222, the last pushed)
  mov edi, [esp + 12]       ; 0x1111
  mov ebp, [esp + 16]       ; caller ESP
  mov edx, cs
  retf 8`;
    const r = runAsm(src);
    const s = r.cpu.state;
    expect(s.regs[6]).toBe(0x2222);
    expect(s.regs[7]).toBe(0x1111);
    expect(s.regs[5]).toBe(0x7000 - 8);
    expect(s.regs[2]).toBe(KCODE);
    expect(s.regs[3]).toBe(0x7000); // RETF 8 released the parameters on the caller's stack
    expect(s.regs[1]).toBe(UCODE);
  });

  it("a call gate with DPL < CPL is #GP(gate selector)", () => {
    const r = runAsm(`
  mov dword [GDT + 0x30], (KCODE << 16)
  mov dword [GDT + 0x34], 0x00008c00
  TO_RING3 user
user:
here:
  call 0x33:0
  hlt`);
    expect([r.vector, r.frame[0]]).toEqual([GP, 0x30]);
  });

  it("JMP far to a TSS is reported as an unsupported task switch", () => {
    const r = runAsm(`
  jmp 0x28:0`);
    expect(r.stop.kind).toBe("shutdown");
    expect((r.stop as { reason: string }).reason).toMatch(/^task switch unsupported/);
  });

  it("RETF to a less privileged level with a bad SS is #GP(SS selector)", () => {
    const r = runAsm(`
  push dword 0x10         ; SS with RPL 0 for a ring-3 return
  push dword 0x7000
  push dword UCODE
  push dword 0
  retf`);
    expect([r.vector, r.frame[0]]).toEqual([GP, 0x10]);
  });
});

describe("LTR, LLDT and descriptor probes", () => {
  it("LTR marks the TSS busy; a second LTR of the busy TSS is #GP(selector)", () => {
    const r = runAsm(`
  SETDESC 0x30, 0x20000067, 0x00008901 ; 32-bit TSS at 0x012000 limit 0x67, available
  mov ax, 0x30
  ltr ax
  mov ebx, [GDT + 0x34]
  ltr ax
  hlt`);
    expect(r.cpu.state.regs[3]).toBe(0x00008b01);
    expect([r.vector, r.frame[0]]).toEqual([GP, 0x30]);
  });

  it("LLDT loads LDTR, and a TI=1 selector then reaches the LDT", () => {
    const r = runAsm(`
  SETDESC 0x30, 0x40000017, 0x00008200  ; LDT at 0x4000, limit 0x17
  mov dword [0x4008], 0x0000ffff
  mov dword [0x400c], 0x00cff300        ; LDT entry 1: ring-3 data
  mov ax, 0x30
  lldt ax
  mov ax, 0x0f                          ; index 1, TI, RPL 3
  mov ds, ax
  mov eax, ds
  sldt ebx
  hlt`);
    expect(r.cpu.state.regs[0]).toBe(0x0f);
    expect(r.cpu.state.regs[3]).toBe(0x30);
  });

  it("LAR/LSL/VERR/VERW report rights, limit and access; ZF = 0 for what is not visible", () => {
    const r = runAsm(`
  mov ax, UCODE
  lar ebx, ax           ; 00C0FB00 (bits 19:16 undefined, returned as 0)
  lsl ecx, ax           ; FFFFFFFF
  setz dl
  mov ax, 0x28
  lsl esi, ax           ; TSS limit 0x2068
  mov ax, KCODE
  verw ax               ; code: not writable -> ZF 0
  setz dh
  mov ax, UDATA
  verr ax
  setz ah
  mov edi, 0x55
  mov bp, 0x1f8
  lar edi, bp           ; beyond the GDT: ZF 0, EDI unchanged
  hlt`, { ring3: false });
    const s = r.cpu.state;
    expect(s.regs[3]).toBe(0x00c0fb00);
    expect(s.regs[1]).toBe(0xffffffff);
    expect(s.regs[2] & 0xffff).toBe(0x0001);
    expect(s.regs[6]).toBe(0x2068);
    expect((s.regs[0] >> 8) & 0xff).toBe(1);
    expect(s.regs[7]).toBe(0x55);
  });

  it("LAR from ring 3 of a DPL-0 segment clears ZF", () => {
    const r = runAsm(`
  mov ax, KCODE
  mov ebx, 0x77
  lar ebx, ax
  setz cl
  int3`, { ring3: true });
    expect(r.cpu.state.regs[3]).toBe(0x77);
    expect(r.cpu.state.regs[1] & 0xff).toBe(0);
  });
});

