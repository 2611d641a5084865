/*
 * kernel/session/convert/ against its oracle, tslab 1.0.22's own converter: the same session of
 * cells goes through both, and for every cell the diagnostics (positions, codes, messages), the
 * declarations carried to the next cell, the last-expression variable and the top-level-await flag
 * must be identical, and the emitted CommonJS identical text (enum and namespace cells excepted: the
 * single-emit CommonJS copies them to `exports` after their initializer; see converter.ts). Both
 * outputs are also run, each in its own exports object, and must leave the same values and give
 * the same last value or error. Completion and quick info are compared the same way, and a cell
 * that imports a local .ts file must go to tslab's converter and come back with its side outputs.
 */
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createRequire } from "node:module";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { execFileSync } from "node:child_process";
import * as util from "node:util";
import * as vm from "node:vm";
import { converter, type Converter } from "../../dist/kernel/session/tslab";
import { FastConverter, type ConvertResult } from "../../dist/kernel/session/convert/converter";
import { buildPreload } from "../../dist/kernel/session/preload";

/** A session: each cell sees the declarations of the ones before it that compiled. */
const CELLS = [
  "const n = 3;",
  "1 + n",
  "let s = 'x'; s.length",
  "n = 4",
  "s = s + 'y'; s",
  "function f(x: number) { return x * 2 }\nf(n)",
  "class A { x = 1 }\nnew A().x",
  "interface P { a: number }\nconst p: P = { a: 1 };\np",
  "type T = string; const t: T = 'a'",
  "const n = 'redeclared'; n",
  "n.length",
  "enum E { A, B }\nE.B",
  "const enumValue = E.A + E.B; enumValue",
  "class A { y = 2 }",
  "new A().y",
  "namespace NS { export const v = 1 }\nNS.v",
  "type P = { b: string }; const p2: P = { b: 'q' }; p2.b",
  "await Promise.resolve(5)",
  "const q = await Promise.resolve(1); q + 1",
  "for (const x of [1, 2]) { await Promise.resolve(x) }",
  "async function g() { await 1; return 7 }\nawait g()",
  "let bad: number = 'bad'",
  "syntax error (",
  "foo.bar",
  "const o: { a: { b: number } } = { a: { b: 'x' } }",
  "n.toFixed(",
  "import * as fs from 'fs'; fs.existsSync('/')",
  "import { join } from 'path'\njoin('a', 'b')",
  "import path from 'path'; path.basename('/x/y.txt')",
  "const { a: aa, ...rest } = { a: 1, b: 2 }; rest",
  "const [first, , third = 9] = [1, 2]; first + third",
  "Math.max(1, 2);\n// a comment after the expression\n",
  "for (let i = 0; i < 3; i++) {}",
  "let tsLastExpr = 1; tsLastExpr + 1",
  "declare const dd: number;",
  "[1, 2, 3].map((x) => x * f(1))",
  "function* gen() { yield 1; yield 2 }\n[...gen()]",
  "const big = 2n ** 64n; big",
  "const tpl = `n=${n}`; tpl",
  "/a+b/.test('aab')",
  "label: for (;;) { break label }",
  "let later: number;\nlater = 5;\nlater * 2",
  "later",
  "export const exported = 10;",
  "exported + 1",
  "const m = new Map<string, number>([['a', 1]]); m.get('a')",
  "const dyn = await import('path'); dyn.sep",
  "class WithStatic { static count = 2; get twice() { return WithStatic.count * 2 } }\nnew WithStatic().twice",
  "const maybe: { x?: { y: number } } = {}; maybe.x?.y ?? 'none'",
  "function overload(x: string): string;\nfunction overload(x: number): number;\nfunction overload(x: any) { return x }\noverload(3)",
  "let f = 'now a string'; f",
  "typeof A",
  "throw new Error('thrown on purpose')",
  "JSON.stringify({ n, s })",
  "",
];

const COMPLETIONS: Array<[string, number]> = [
  ["Math.LN", 7],
  ["n.len", 5],
  ["disp", 4],
  ["const zz = 1; zz", 16],
  ["Machine", 4],
  ["[1, 2].", 7],
  ["", 0],
];

function snapshot(r: ConvertResult): unknown {
  return JSON.parse(JSON.stringify({ ...r, output: undefined }));
}

/** Runs converted cells the way the executor does: one exports object shared by all cells. */
function runner(req: NodeJS.Require) {
  const store: Record<string, unknown> = {};
  const exportsProxy = new Proxy(store, {
    defineProperty: (_t, prop, attrs) => {
      if (prop !== "__esModule") store[prop as string] = attrs.get ? attrs.get() : attrs.value;
      return true;
    },
  });
  return {
    state: () => util.inspect(Object.fromEntries(Object.entries(store).sort(([a], [b]) => a.localeCompare(b))), { depth: 3 }),
    async run(r: ConvertResult): Promise<string> {
      const fn = vm.runInThisContext(`(${r.hasToplevelAwait ? "async " : ""}function(exports, require) { ${r.output}\n})`) as (e: unknown, r: NodeJS.Require) => unknown;
      try {
        await fn(exportsProxy, req);
      } catch (e) {
        return `threw ${String(e)}`;
      }
      if (!r.lastExpressionVar) return "no value";
      const v = store[r.lastExpressionVar];
      delete store[r.lastExpressionVar];
      return util.inspect(v, { depth: 3 });
    },
  };
}

describe("the cell converter gives what tslab's converter gives", () => {
  let oracle: Converter;
  let fast: FastConverter;
  const preload = buildPreload();

  beforeAll(() => {
    oracle = converter.createConverter({ isJS: false, isBrowser: false });
    fast = new FastConverter();
  });

  test("cell by cell over a session: diagnostics, declarations, output, and what running it does", async () => {
    const req = createRequire(join(process.cwd(), "cell.js"));
    const runA = runner(req);
    const runB = runner(req);
    let decl = "";
    let compiled = 0;
    let errors = 0;
    for (const cell of [preload.source, ...CELLS]) {
      const a = oracle.convert(decl, cell);
      const b = fast.convert(decl, cell);
      expect(snapshot(b), `cell ${JSON.stringify(cell)}`).toEqual(snapshot(a));
      if (a.diagnostics.length > 0) {
        errors++;
        continue;
      }
      compiled++;
      if (!/\b(enum|namespace)\b/.test(cell)) expect(b.output, `output of ${JSON.stringify(cell)}`).toBe(a.output);
      const [va, vb] = [await runA.run(a), await runB.run(b)];
      expect(vb, `value of ${JSON.stringify(cell)}`).toBe(va);
      expect(runB.state(), `exports after ${JSON.stringify(cell)}`).toBe(runA.state());
      decl = a.declOutput!;
    }
    // The session exercises both paths: most cells compile, several are rejected.
    expect(compiled).toBeGreaterThan(40);
    expect(errors).toBeGreaterThanOrEqual(5);
    expect(fast.fallbacks).toBe(0);
  });

  test("completion and quick info at the same positions", () => {
    const decl = oracle.convert("", `${preload.source}\nconst n = 3;`).declOutput!;
    for (const [src, cursor] of COMPLETIONS) {
      const a = oracle.complete(decl, src, cursor);
      const b = fast.complete(decl, src, cursor);
      expect([b.start, b.end, b.candidates], `completion of ${JSON.stringify(src)}`).toEqual([a.start, a.end, a.candidates]);
      for (let at = 0; at <= src.length; at++) {
        const qa = oracle.inspect(decl, src, at);
        const qb = fast.inspect(decl, src, at);
        expect(JSON.parse(JSON.stringify(qb ?? null)), `quick info in ${JSON.stringify(src)} at ${at}`).toEqual(JSON.parse(JSON.stringify(qa ?? null)));
      }
    }
  });
});

describe("cells that import the notebook's own source files", () => {
  const dir = mkdtempSync(join(tmpdir(), "vtlab-conv-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  // TypeScript memoizes the process's working directory on first use, so the converters run in a
  // child process started in the notebook directory (as the kernel is).
  test("go to tslab's converter, side outputs and all, and later cells come back", () => {
    writeFileSync(join(dir, "mod.ts"), "export function twice(x: number): number { return x * 2; }\n");
    const dist = resolve(__dirname, "..", "..", "dist", "kernel", "session");
    const script = `
      const { converter } = require(${JSON.stringify(join(dist, "tslab.js"))});
      const { FastConverter } = require(${JSON.stringify(join(dist, "convert", "converter.js"))});
      const oracle = converter.createConverter({ isJS: false, isBrowser: false });
      const fast = new FastConverter();
      const cell = 'import { twice } from "./mod";\\ntwice(21)';
      const a = oracle.convert("", cell);
      const b = fast.convert("", cell);
      const fallbacks = fast.fallbacks;
      const next = fast.convert(b.declOutput, "twice(2)");
      const nextOracle = oracle.convert(a.declOutput, "twice(2)");
      process.stdout.write(JSON.stringify({ a, b, fallbacks, next, nextOracle, after: fast.fallbacks }));
      process.exit(0);`;
    const out = JSON.parse(execFileSync(process.execPath, ["-e", script], { cwd: dir, encoding: "utf8" }));
    expect(out.fallbacks).toBe(1);
    expect(out.a.diagnostics).toEqual([]);
    expect(out.a.sideOutputs.map((s: { path: string }) => s.path)).toEqual([join(dir, "mod.js")]);
    expect(out.b).toEqual(out.a);
    expect(out.after).toBe(1);
    expect(out.next).toEqual(out.nextOracle);
    expect(out.next.output).toContain("exports.tsLastExpr = exports.twice(2);");
  });
});
