/**
 * Instruction encoder: finds the first form in the instruction table whose operand specs match
 * (NASM's matching order and size rules, NASM manual 3.7 and appendix "x86 instruction
 * reference" conventions) and produces the bytes (Intel SDM Vol. 2A ch. 2 "Instruction Format":
 * prefixes, opcode, ModRM, SIB, displacement, immediate).
 *
 * Size rules: a register fixes the operand size; a memory operand without `byte`/`word`/`dword`
 * takes the size of the other operands, and when forms of different sizes still match, the
 * instruction is refused with "operation size not specified", as NASM does. Branches pick the
 * short form when the target is known to be within -128..127 (or not yet known: optimistic, as
 * NASM's first pass), unless `near`/`strict` or the layout has marked the jump long.
 * Left out: x87/SSE/AVX forms, 64-bit mode, `hle` prefixes.
 */
import { INSTRUCTION_TABLE, CONDITION_CODES } from "./table";
import type { Operand, MemOperand, ImmOperand } from "./operands";
import { OperandError } from "./operands";
import { memoryRM, registerRM, littleEndian, type EncodedRM } from "./modrm";
import { SEGMENT_PREFIX } from "./registers";
import type { Value } from "./expr";
import { checkRange } from "./data";

interface Spec { type: string; size: number; explicit: boolean }
/** One encoding step, decoded once from the table's token (see table.ts for the notation). */
type Step =
  | { kind: "byte"; value: number; plusR: boolean }
  | { kind: "modrm"; mode: "r" | "rr" | "digit"; digit: number }
  | { kind: "imm"; width: 1 | 2 | 4 | 0 }
  | { kind: "rel"; width: 1 | 0 }
  | { kind: "moffs" }
  | { kind: "far" };

interface Form {
  specs: Spec[];
  enc: string[];
  steps: Step[];
  wait: boolean;
  osize?: 16 | 32;
  asize?: 16 | 32;
  /** Operand indexes: the r/m operand, the first general register, the ModRM.reg register, the +r register. */
  rmIndex: number;
  generalIdx: number;
  regSpecIdx: number;
  plusRIdx: number;
}

function compileSteps(enc: string[]): Step[] {
  return enc.filter((t) => t !== "wait").map((t): Step => {
    const m = /^([0-9A-F]{2})(\+r)?$/.exec(t);
    if (m) return { kind: "byte", value: parseInt(m[1]!, 16), plusR: m[2] !== undefined };
    if (t === "/r" || t === "/rr") return { kind: "modrm", mode: t === "/r" ? "r" : "rr", digit: 0 };
    if (/^\/[0-7]$/.test(t)) return { kind: "modrm", mode: "digit", digit: Number(t.slice(1)) };
    if (t === "ib" || t === "iw" || t === "id" || t === "iv") return { kind: "imm", width: t === "ib" ? 1 : t === "iw" ? 2 : t === "id" ? 4 : 0 };
    if (t === "rb" || t === "rv") return { kind: "rel", width: t === "rb" ? 1 : 0 };
    if (t === "ow") return { kind: "moffs" };
    if (t === "fo") return { kind: "far" };
    throw new Error(`instruction table: bad encoding token '${t}'`);
  });
}

/** Per-statement state kept by the layout between passes. */
export interface JumpState { long: boolean }

export interface EncodeContext {
  bits: 16 | 32;
  /** Address of the first byte of the instruction. */
  address: number;
  /** Section index of the instruction (branch targets in other sections are never short). */
  section: number;
  /** Last pass: range errors are reported instead of assumed away. */
  final: boolean;
  jump: JumpState;
}

export interface Prefixes {
  rep?: number;
  lock?: number;
  seg?: string;
  osize?: number;
  asize?: number;
}

export class EncodeError extends Error {
  constructor(message: string, readonly col: number) {
    super(message);
  }
}

const SPEC_SIZE: Record<string, number> = { r8: 8, r16: 16, r32: 32, rm8: 8, rm16: 16, rm32: 32, m8: 8, m16: 16, m32: 32, m64: 64, moffs8: 8, moffs16: 16, moffs32: 32, imm8: 8, imm16: 16, imm32: 32, sb16: 16, sb32: 32, bimm: 8, mfar16: 16 };

function parseSpec(s: string): Spec {
  const explicit = s.endsWith("!");
  const type = explicit ? s.slice(0, -1) : s;
  return { type, size: SPEC_SIZE[type] ?? 0, explicit };
}

/** mnemonic -> forms, with `<cc>` rows expanded for every condition name. */
const FORMS: ReadonlyMap<string, Form[]> = (() => {
  const map = new Map<string, Form[]>();
  const addForm = (m: string, ops: string, encoding: string, cc?: number) => {
    const toks = encoding.split(" ").map((t) => (cc !== undefined ? t.replace(/^([0-9A-F]{2})\+cc$/, (_a, h: string) => (parseInt(h, 16) + cc).toString(16).toUpperCase().padStart(2, "0")) : t));
    const specs = ops ? ops.split(",").map(parseSpec) : [];
    const enc = toks.filter((t) => !/^[oa](16|32)$/.test(t));
    const rmIndex = specs.findIndex((sp) => sp.type.startsWith("rm") || /^m(\d+|far\d*)?$/.test(sp.type));
    const form: Form = {
      specs,
      enc,
      steps: compileSteps(enc),
      wait: enc[0] === "wait",
      rmIndex,
      generalIdx: specs.findIndex((sp) => /^r(8|16|32)$/.test(sp.type)),
      regSpecIdx: specs.findIndex((sp, i) => i !== rmIndex && /^(r8|r16|r32|sreg|cr|dr|tr)$/.test(sp.type)),
      plusRIdx: specs.findIndex((sp) => /^r(16|32|8)$/.test(sp.type)),
    };
    for (const t of toks) {
      if (t === "o16" || t === "o32") form.osize = t === "o16" ? 16 : 32;
      if (t === "a16" || t === "a32") form.asize = t === "a16" ? 16 : 32;
    }
    const list = map.get(m) ?? [];
    list.push(form);
    map.set(m, list);
  };
  for (const [m, ops, enc] of INSTRUCTION_TABLE) {
    if (m.includes("<cc>")) for (const [name, cc] of Object.entries(CONDITION_CODES)) addForm(m.replace("<cc>", name), ops, enc, cc);
    else addForm(m, ops, enc);
  }
  return map;
})();

export function isMnemonic(name: string): boolean {
  return FORMS.has(name.toLowerCase());
}

export function allMnemonics(): string[] {
  return [...FORMS.keys()];
}

type Match = "no" | "yes" | "tentative";

/** Low 32 bits of a value as a signed number (exact even for values beyond 2^53). */
function low32(v: Value): number {
  return v.big !== undefined ? Number(BigInt.asIntN(32, v.big)) : v.n | 0;
}

/** NASM's sbyteword/sbytedword test: the value truncated to the operand size fits in a signed byte. */
function fitsSignedByte(v: Value, bits: number): boolean {
  if (v.seg !== null || v.unknown) return false;
  const x = bits === 16 ? (low32(v) << 16) >> 16 : low32(v);
  return x >= -128 && x <= 127;
}

function matchSpec(spec: Spec, op: Operand, bits: number): Match {
  const t = spec.type;
  switch (op.kind) {
    case "reg": {
      const r = op.reg;
      if (t === r.name) return "yes";
      if (t === "r8" || t === "rm8") return r.cls === "r8" ? "yes" : "no";
      if (t === "r16" || t === "rm16") return r.cls === "r16" ? "yes" : "no";
      if (t === "r32" || t === "rm32") return r.cls === "r32" ? "yes" : "no";
      if (t === "sreg") return r.cls === "sreg" ? "yes" : "no";
      if (t === "cr") return r.cls === "creg" ? "yes" : "no";
      if (t === "dr") return r.cls === "dreg" ? "yes" : "no";
      if (t === "tr") return r.cls === "treg" ? "yes" : "no";
      return "no";
    }
    case "mem": {
      const far = op.dist === "far";
      if (t === "mfar" || t === "mfar16") {
        if (!far) return "no";
        if (spec.explicit) return op.size === spec.size ? "yes" : "no";
        return op.size === undefined || op.size === 32 || op.size === 48 ? "yes" : "no";
      }
      if (far) return "no";
      if (t === "m") {
        if (spec.explicit) return "no";
        return "yes";
      }
      const isMoffs = t.startsWith("moffs");
      if (!(t.startsWith("rm") || /^m\d+$/.test(t) || isMoffs)) return "no";
      if (isMoffs && (op.base || op.index || op.dispSize === 8)) return "no";
      if (op.size === spec.size) return "yes";
      if (op.size === undefined && !spec.explicit) return "tentative";
      return "no";
    }
    case "imm": {
      if (t === "rel8" || t === "rel") return op.dist === "far" ? "no" : "yes";
      if (op.dist === "far" || op.dist === "short" || op.dist === "near") return "no";
      if (t === "bimm") return op.size === 8 ? "yes" : "no";
      if (t === "one") return (op.size === undefined || op.size === 8) && op.value.seg === null && !op.value.unknown && op.value.n === 1 ? "yes" : "no";
      if (t === "sb16" || t === "sb32") {
        if (spec.explicit ? op.size !== spec.size : op.size !== undefined && op.size !== spec.size) return "no";
        return !op.strict && fitsSignedByte(op.value, spec.size) ? "yes" : "no";
      }
      if (t === "sbd") return op.size === undefined && !op.strict && fitsSignedByte(op.value, bits) ? "yes" : "no";
      if (t === "immd") return op.size === undefined ? "yes" : "no";
      if (t === "imm8" || t === "imm16" || t === "imm32") {
        if (spec.explicit) return op.size === spec.size ? "yes" : "no";
        return op.size === undefined || op.size === spec.size ? "yes" : "no";
      }
      return "no";
    }
    case "far":
      if (t !== "far") return "no";
      return "yes";
  }
}

function specMemSize(form: Form, ops: Operand[]): number | undefined {
  for (let i = 0; i < ops.length; i++) if (ops[i]!.kind === "mem" && ops[i]!.size === undefined) return form.specs[i]!.size;
  return undefined;
}

/** Picks the form NASM would pick, or throws with NASM's message. */
function selectForm(mnemonic: string, ops: Operand[], bits: number, col: number): Form {
  const forms = FORMS.get(mnemonic);
  if (!forms) throw new EncodeError(`unknown instruction '${mnemonic}'`, col);
  let chosen: Form | undefined;
  let tentativeSize: number | undefined;
  for (const f of forms) {
    if (f.specs.length !== ops.length) continue;
    let tentative = false;
    let ok = true;
    for (let i = 0; i < ops.length && ok; i++) {
      const m = matchSpec(f.specs[i]!, ops[i]!, bits);
      if (m === "no") ok = false;
      else if (m === "tentative") tentative = true;
    }
    // `add [eax], byte 5`: with the memory unsized, nasm takes `byte` as the operation size (80 /0 ib),
    // not as the sign-extended imm8 of a word/dword operation
    if (tentative && f.specs.some((sp) => sp.type === "bimm") && !ops.some((o) => o.kind === "reg")) continue;
    if (!ok) continue;
    if (!tentative) {
      if (!chosen) return f;
      continue;
    }
    const size = specMemSize(f, ops);
    if (!chosen) {
      chosen = f;
      tentativeSize = size;
    } else if (size !== tentativeSize) {
      const mem = ops.find((o) => o.kind === "mem")!;
      throw new EncodeError("operation size not specified", mem.col);
    }
  }
  if (chosen) return chosen;
  const counts = new Set(forms.map((f) => f.specs.length));
  if (!counts.has(ops.length)) {
    const want = [...counts].sort().join(" or ");
    throw new EncodeError(`'${mnemonic}' takes ${want} operand${want === "1" ? "" : "s"}, not ${ops.length}`, col);
  }
  throw new EncodeError(`invalid combination of opcode and operands`, ops[0]?.col ?? col);
}

/** Encodes one instruction; `prefixes` are the ones written in the source. */
export function encodeInstruction(mnemonic: string, ops: Operand[], prefixes: Prefixes, ctx: EncodeContext, col: number): number[] {
  const name = mnemonic.toLowerCase();
  const forms = FORMS.get(name);
  // `jmp far label` needs the label's segment, which a flat binary does not have (nasm: "binary output format does not support segment base references")
  if (ops.length === 1 && ops[0]!.kind === "imm" && (ops[0] as ImmOperand).dist === "far") throw new EncodeError("far jump or call to an address needs seg:offset (the bin format has no segments)", ops[0]!.col);
  if (forms && forms.some((f) => f.specs[0]?.type === "rel8") && ops.length === 1 && ops[0]!.kind === "imm") return encodeBranch(forms, ops[0]! as ImmOperand, prefixes, ctx);
  const form = selectForm(name, ops, ctx.bits, col);
  return emit(form, ops, prefixes, ctx);
}

function branchForm(forms: Form[], type: string): Form | undefined {
  return forms.find((f) => f.specs.length === 1 && f.specs[0]!.type === type);
}

function encodeBranch(forms: Form[], op: ImmOperand, prefixes: Prefixes, ctx: EncodeContext): number[] {
  const short = branchForm(forms, "rel8")!;
  const near = branchForm(forms, "rel");
  const v = op.value;
  let useShort: boolean;
  if (!near || op.dist === "short") useShort = true;
  else if (op.dist === "near" || op.strict || ctx.jump.long || op.size === 16 || op.size === 32) useShort = false;
  else if (v.unknown) useShort = true;
  // a target in another section, or a plain number (an absolute address: nasm's NO_SEG), is never optimized to short
  else if (v.seg !== ctx.section) useShort = false;
  else {
    const len = emit(short, [op], prefixes, { ...ctx, final: false }).length;
    const d = v.n - (ctx.address + len);
    useShort = d >= -128 && d <= 127;
  }
  if (!useShort) ctx.jump.long = true;
  return emit(useShort || !near ? short : near, [op], prefixes, ctx);
}

/** Produces the bytes of a chosen form. */
function emit(form: Form, ops: Operand[], prefixes: Prefixes, ctx: EncodeContext): number[] {
  const bits = ctx.bits;
  const out: number[] = [];
  const mem = ops.find((o): o is MemOperand => o.kind === "mem");
  // prefixes in NASM's order: wait, rep/repne, lock, segment, operand size, address size
  if (form.wait) out.push(0x9b);
  if (prefixes.rep !== undefined) out.push(prefixes.rep);
  if (prefixes.lock !== undefined) out.push(prefixes.lock);
  const seg = mem?.seg ?? prefixes.seg;
  if (seg) out.push(SEGMENT_PREFIX[seg]!);
  // `jmp word label`, `call dword label`, `jmp word 0x10:0x20`: the size of a branch target or far
  // pointer is the operand size of the branch
  const sized = form.specs[0]?.type === "rel" || form.specs[0]?.type === "far" ? ops[0] : undefined;
  const formOsize = form.osize ?? (sized && (sized.kind === "far" || sized.kind === "imm") && (sized.size === 16 || sized.size === 32) ? sized.size : undefined);
  const osize = prefixes.osize ?? formOsize;
  if (osize !== undefined && osize !== bits) out.push(0x66);
  // an o16/o32 prefix word adds the 66 byte but, in nasm, does not change the width of a branch
  // displacement or far offset; only `word`/`dword` (or the form) do
  const branchWidth = (formOsize ?? bits) / 8;
  const asize = prefixes.asize ?? form.asize ?? mem?.addrSize;
  if (asize !== undefined && asize !== bits) out.push(0x67);
  const addrSize = asize ?? bits;
  const immediates = ops.filter((o): o is ImmOperand => o.kind === "imm");
  let immIdx = 0;
  const { rmIndex, generalIdx, regSpecIdx } = form;
  for (const step of form.steps) {
    switch (step.kind) {
      case "byte": {
        const r = step.plusR ? ops[form.plusRIdx] : undefined;
        out.push(step.value + (r?.kind === "reg" ? r.reg.num : 0));
        break;
      }
      case "modrm": {
        let reg: number;
        let rmOp: Operand;
        if (step.mode === "rr") {
          const r = ops[0]!;
          reg = r.kind === "reg" ? r.reg.num : 0;
          rmOp = r;
        } else if (step.mode === "r") {
          let ri: number, mi: number;
          if (rmIndex >= 0) { mi = rmIndex; ri = regSpecIdx; }
          else {
            // both operands are registers: the general-purpose one goes in rm when the other is special
            const special = form.specs.findIndex((sp) => /^(sreg|cr|dr|tr)$/.test(sp.type));
            if (special >= 0) { ri = special; mi = generalIdx; }
            else { ri = 0; mi = 1; }
          }
          const r = ops[ri]!;
          reg = r.kind === "reg" ? r.reg.num : 0;
          rmOp = ops[mi]!;
        } else {
          reg = step.digit;
          rmOp = ops[rmIndex >= 0 ? rmIndex : 0]!;
        }
        let e: EncodedRM;
        if (rmOp.kind === "reg") e = registerRM(reg, rmOp.reg.num);
        else if (rmOp.kind === "mem") e = memoryRM(rmOp, reg, addrSize);
        else throw new OperandError("invalid operand", rmOp.col);
        out.push(e.modrm);
        if (e.sib !== undefined) out.push(e.sib);
        for (const b of e.disp) out.push(b);
        break;
      }
      case "imm": {
        const imm = immediates[immIdx++];
        const n = imm ? imm.value.big ?? imm.value.n : 0;
        const width = step.width || (osize ?? bits) / 8;
        // a sign-extended imm8 (83 /n ib, 6B, 6A) stands for an operand-size value: NASM checks that size
        const signExtended = imm !== undefined && /^(sb|bimm)/.test(form.specs[ops.indexOf(imm)]?.type ?? "");
        const checked = signExtended ? (osize ?? bits) / 8 : width;
        if (imm && ctx.final && imm.value.seg === null && !imm.value.unknown) checkRange(typeof n === "bigint" ? Number(n) : n, checked, imm.col);
        for (const b of littleEndian(n, width)) out.push(b);
        break;
      }
      case "moffs":
        for (const b of littleEndian(mem!.disp.n, addrSize / 8)) out.push(b);
        break;
      case "rel": {
        const imm = immediates[immIdx++]!;
        const size = step.width || branchWidth;
        const d = imm.value.n - (ctx.address + out.length + size);
        if (step.width === 1 && ctx.final && !imm.value.unknown && (d < -128 || d > 127))
          throw new EncodeError(`short jump is out of range (${d} bytes)`, imm.col);
        for (const b of littleEndian(d, size)) out.push(b);
        break;
      }
      case "far": {
        const f = ops.find((o) => o.kind === "far");
        if (!f || f.kind !== "far") throw new OperandError("far pointer expected", ops[0]?.col ?? 1);
        for (const b of littleEndian(f.off.n, branchWidth)) out.push(b);
        for (const b of littleEndian(f.seg.n, 2)) out.push(b);
        break;
      }
    }
  }
  return out;
}
