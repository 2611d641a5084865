// Smoke test of the interpreter skeleton: decode, run loop, MOV/ADD/JMP/Jcc/LOOP/CALL/RET.
import { describe, expect, it } from "vitest";
import { run32 } from "./helpers/exec";
import { EAX, ECX, EBX } from "../../src/cpu/state";

describe("interpreter skeleton", () => {
  it("runs a loop that sums 1..10 (ADD, DEC, JNZ)", () => {
    const w = run32(`
      mov ecx, 10
      xor eax, eax
    l: add eax, ecx
      dec ecx
      jnz l
      call f
      jmp done
    f: mov ebx, 0x1234
      ret
    done:`);
    expect(w.cpu.state.regs[EAX]).toBe(55);
    expect(w.cpu.state.regs[ECX]).toBe(0);
    expect(w.cpu.state.regs[EBX]).toBe(0x1234);
    expect(w.cpu.counters.byMnemonic["add"]).toBe(10);
  });
});
