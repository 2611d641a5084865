/**
 * Multi-pass assembly and `bin` layout (NASM manual 7.1 "bin: Flat-Form Binary Output",
 * 7.1.3 "Multisection Support", and 2.1.24 "-O: Multipass Optimization").
 *
 * Every pass walks all statements, assigning addresses and encoding instructions with the symbol
 * values of the pass before for forward references. Branches start short when their target is
 * not known yet and grow when it turns out to be out of range; after a few passes a grown branch
 * stays long, so the layout always converges. Passes after the first report errors as a last
 * pass would; the first one whose symbol values and section sizes equal those of the pass before
 * is the result (its bytes, listing and errors were computed from settled values).
 *
 * Sections: `.text` first, then the other progbits sections in order of appearance, then nobits
 * sections (`.bss`), each aligned to its `align=` (default 4, raised by `align`/`sectalign`),
 * starting at `org` (or the `origin` option); `start=` and `follows=` place a section, `vstart=`
 * and `vfollows=` give its labels other addresses than its load address, and the symbols
 * `section.NAME.start` / `section.NAME.vstart` tell where it went. Left out: `map` files.
 */
import type { Statement } from "./statements";
import type { JumpState } from "./encoder";
import type { Value } from "./expr";
import type { AsmError } from "./types";
import { Pass, type Cache } from "./pass";

export interface SectionOut {
  name: string;
  progbits: boolean;
  align: number;
  /** Physical (load) address of the first byte: its place in the output file is start - origin. */
  start: number;
  /** Virtual address of the first byte, the base of its labels (`vstart=`; otherwise = start). */
  vaddr: number;
  size: number;
  data: number[];
  /** Placement attributes from the SECTION directive (NASM 8.1.3). */
  fixedStart?: number;
  follows?: string;
  vstart?: number;
  vfollows?: string;
  /** Where follows=/vfollows= was written, to report a section name that does not exist. */
  followsAt?: { file: string; line: number; column: number };
  /** Where the section was first named (for placement errors). */
  definedAt?: { file: string; line: number; column: number };
  /** An alignment was asked for (`align=`, or `align`/`sectalign` inside): the first section is then aligned too. */
  alignSet?: boolean;
}

export interface ListingRow { address: number; bytes: number[]; file: string; line: number; text: string; reserved: number }

export interface PassResult {
  symbols: Map<string, Value>;
  sections: SectionOut[];
  rows: ListingRow[];
  errors: AsmError[];
  origin: number;
}

export interface LayoutOptions { origin: number; bits: 16 | 32; files: Record<string, string>; includePaths: string[] }

const MAX_PASSES = 40;
const STICKY_AFTER = 8;

export function assembleStatements(stmts: Statement[], opts: LayoutOptions): PassResult {
  const jumps: JumpState[][] = stmts.map(() => []);
  const cache: Cache = stmts.map(() => []);
  let prev: PassResult | undefined;
  for (let pass = 0; pass < MAX_PASSES; pass++) {
    // every pass after the first checks and reports as the last one would: when it reproduces the
    // layout of the pass before, it saw only settled values, so it is the result
    const r = new Pass(stmts, opts, prev, pass > 0, jumps, pass >= STICKY_AFTER, cache).run();
    if (prev && sameLayout(prev, r)) return r;
    prev = r;
  }
  return new Pass(stmts, opts, prev, true, jumps, true, cache).run();
}


function sameLayout(a: PassResult, b: PassResult): boolean {
  if (a.symbols.size !== b.symbols.size || a.origin !== b.origin || a.sections.length !== b.sections.length) return false;
  for (const [k, v] of a.symbols) {
    const w = b.symbols.get(k);
    if (!w || w.n !== v.n || w.seg !== v.seg || w.unknown !== v.unknown) return false;
  }
  return a.sections.every((s, i) => s.start === b.sections[i]!.start && s.vaddr === b.sections[i]!.vaddr && s.size === b.sections[i]!.size);
}

