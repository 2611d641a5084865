/*
 * kernel/session/executor.ts on its own, over the kernel's cell converter wrapped to count compiles:
 * a repeated cell is compiled once (same declarations, same source, no imports), a cell with an
 * import is compiled every time, and declarations change the cache key.
 */
import { beforeAll, expect, test } from "vitest";
import { createRequire } from "node:module";
import { CellExecutor } from "../../dist/kernel/session/executor";
import { FastConverter, type CellConverter } from "../../dist/kernel/session/convert/converter";

let calls = 0;
let exec: CellExecutor;

beforeAll(() => {
  const real = new FastConverter();
  const counting: CellConverter = {
    convert: (prev: string, src: string) => {
      calls++;
      return real.convert(prev, src);
    },
    complete: (prev, src, at) => real.complete(prev, src, at),
    inspect: (prev, src, at) => real.inspect(prev, src, at),
  };
  exec = new CellExecutor(counting, createRequire(__filename));
});

test("a repeated cell compiles once; its value is returned each time", async () => {
  const before = calls;
  for (let i = 0; i < 5; i++) expect(await exec.execute("20 + 22")).toEqual({ status: "ok", hasValue: true, value: 42 });
  expect(calls - before).toBe(1);
});

test("new declarations change what a cell means, so it compiles again", async () => {
  await exec.execute("let k = 1;");
  const before = calls;
  expect((await exec.execute("k")) as { value: unknown }).toMatchObject({ value: 1 });
  await exec.execute("const k2: string = 'x';");
  expect((await exec.execute("k")) as { value: unknown }).toMatchObject({ value: 1 });
  expect(calls - before).toBe(3);
});

test("cells that import are compiled every time", async () => {
  const before = calls;
  await exec.execute('import * as path from "node:path";\npath.sep');
  await exec.execute('import * as path from "node:path";\npath.sep');
  expect(calls - before).toBe(2);
});
