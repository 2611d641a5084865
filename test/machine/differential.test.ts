/**
 * Differential CPU/PC corpus: every test/corpus/*.asm program is assembled with `nasm -f bin`
 * at test time and booted under `qemu-system-i386 -kernel` (the oracle, TCG) and under
 * `vtlab boot --cpu qemu32`; the serial outputs must be byte-identical and the endings must
 * match: a debug-exit write of v gives status (v << 1) | 1 in both; a program marked
 * "; expect: shutdown" must end QEMU (-no-reboot) with status 0 and vtlab with its shutdown
 * status. The programs print only architecturally defined results (see each file's header and
 * test/corpus/lib/*.inc).
 *
 * Before comparing, the QEMU run itself is checked against the program's declared ending, so a
 * broken corpus program fails as such instead of being compared.
 */
import { readdirSync, readFileSync } from "fs";
import { join } from "path";
import { describe, expect, it } from "vitest";
import { nasmAssembleFile, qemuBootAsync, vtlabBootAsync, vtlabCli } from "../helpers/oracles";
import { EXIT_SHUTDOWN } from "../../src/cli/boot";

const CORPUS = join(__dirname, "..", "corpus");
const MAX_INSTRUCTIONS = 20_000_000; // every program finishes within 5 million

const programs = readdirSync(CORPUS).filter((f) => f.endsWith(".asm")).sort();

function expectsShutdown(file: string): boolean {
  return /^; expect: shutdown$/m.test(readFileSync(join(CORPUS, file), "utf8"));
}

function text(b: Buffer): string {
  return b.toString("latin1");
}

/** A short report of where two serial outputs first differ (a few lines of context each). */
function firstDifference(expected: string, actual: string): string {
  const e = expected.split("\n");
  const a = actual.split("\n");
  let i = 0;
  while (i < e.length && i < a.length && e[i] === a[i]) i++;
  const from = Math.max(0, i - 2);
  const show = (lines: string[]): string => lines.slice(from, i + 3).map((l, k) => `  ${from + k + 1}: ${JSON.stringify(l)}`).join("\n");
  return `first difference at line ${i + 1} (QEMU ${e.length} lines, vtlab ${a.length} lines)\nQEMU:\n${show(e)}\nvtlab:\n${show(a)}`;
}

describe("differential corpus (QEMU vs vtlab)", () => {
  it("has at least 40 programs", () => {
    expect(programs.length).toBeGreaterThanOrEqual(40);
  });

  it("has a built vtlab CLI", () => {
    expect(() => vtlabCli()).not.toThrow();
  });

  for (const file of programs) {
    it(file, async () => {
      const image = nasmAssembleFile(join(CORPUS, file), [CORPUS]);
      const shutdown = expectsShutdown(file);
      // Both machines run side by side; the oracle's result is checked first.
      const [q, v] = await Promise.all([
        qemuBootAsync(image),
        vtlabBootAsync(image, { cpu: "qemu32", maxInstructions: MAX_INSTRUCTIONS }),
      ]);
      // The oracle must end the way the program says it ends.
      if (q.timedOut) throw new Error(`${file}: QEMU did not finish within its timeout (corpus program broken)`);
      if (shutdown) {
        expect(q.status, `${file}: QEMU should shut down (status 0)`).toBe(0);
      } else {
        expect(q.status, `${file}: QEMU should end through debug-exit with value 0 (status 1); stderr: ${q.stderr}`).toBe(1);
        expect(text(q.stdout).endsWith("done\n"), `${file}: QEMU output should end with "done"`).toBe(true);
      }
      if (v.timedOut) throw new Error(`${file}: vtlab did not finish within the host timeout; last output:\n${text(v.stdout).slice(-2000)}`);
      const expected = text(q.stdout);
      const actual = text(v.stdout);
      if (actual !== expected) {
        throw new Error(`${file}: serial output differs (vtlab status ${v.status}, stderr: ${v.stderr.trim()})\n${firstDifference(expected, actual)}`);
      }
      expect(v.status, `${file}: exit status differs (vtlab stderr: ${v.stderr.trim()})`).toBe(shutdown ? EXIT_SHUTDOWN : q.status);
    });
  }
});
