// `vtlab boot` (src/cli/boot.ts): serial output on stdout, QEMU's debug-exit status, one-line
// messages and distinct statuses for every other ending and for bad input.
import { mkdtempSync, rmSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import { spawn } from "child_process";
import { existsSync } from "fs";
import { PassThrough } from "stream";
import { afterAll, describe, expect, it } from "vitest";
import { run } from "../../src/cli/boot";
import { nasmGuest, qemu } from "./oracles";

const dir = mkdtempSync(join(tmpdir(), "vtlab-cli-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, data: Uint8Array | string): string {
  const p = join(dir, name);
  writeFileSync(p, data);
  return p;
}

/** An ended, empty stdin unless `input` is given (then it is written after `delayMs`). */
function stdinWith(input?: string, delayMs = 0): PassThrough {
  const s = new PassThrough();
  if (input === undefined) s.end();
  else setTimeout(() => s.end(input), delayMs);
  return s;
}

async function boot(argv: string[], stdin = stdinWith()): Promise<{ status: number; stdout: string; stderr: string }> {
  let stdout = "", stderr = "";
  const ow = process.stdout.write.bind(process.stdout), ew = process.stderr.write.bind(process.stderr);
  const grab = (sink: (s: string) => void) => ((chunk: string | Uint8Array, ...rest: unknown[]) => {
    sink(typeof chunk === "string" ? chunk : Buffer.from(chunk).toString("latin1"));
    const cb = rest.find((r) => typeof r === "function") as (() => void) | undefined;
    cb?.();
    return true;
  }) as typeof process.stdout.write;
  process.stdout.write = grab((s) => (stdout += s));
  process.stderr.write = grab((s) => (stderr += s));
  try {
    const status = await run(argv, stdin);
    return { status, stdout, stderr };
  } finally {
    process.stdout.write = ow;
    process.stderr.write = ew;
  }
}

describe("vtlab boot", () => {
  it("prints the guest's serial output and exits like QEMU's isa-debug-exit; cmdline = image + append", async () => {
    const image = nasmGuest("firmware-probe.asm");
    const path = file("firmware-probe.bin", image);
    const q = qemu(image, { name: "firmware-probe.bin", append: "x y" });
    const r = await boot([path, "--append", "x y"]);
    expect(r.stdout).toBe(q.serial.replace("'firmware-probe.bin x y'", `'${path} x y'`));
    expect(r.status).toBe(q.status);
    expect(r.stderr).toBe("");
  });

  it.each([
    [1, 4, /^vtlab boot: shutdown \(triple fault.*\n$/],
    [2, 0, /^vtlab boot: guest halted at eip 0x[0-9a-f]+ with interrupts disabled after \d+ instructions\n$/],
  ])("stops mode %i -> status %i with one line on stderr", async (mode, status, re) => {
    const path = file(`stops${mode}.bin`, nasmGuest("stops.asm", { MODE: mode }));
    const r = await boot([path]);
    expect(r.status).toBe(status);
    expect(r.stderr).toMatch(re);
    expect(r.stdout).toBe(`stops ${mode}\n`);
  });

  it("--max-instructions ends with status 6", async () => {
    const path = file("stops3.bin", nasmGuest("stops.asm", { MODE: 3 }));
    const r = await boot([path, "--max-instructions=5000"]);
    expect(r.status).toBe(6);
    expect(r.stderr).toBe("vtlab boot: instruction limit reached (5000 instructions)\n");
  });

  it.each([
    [["/nonexistent/kernel.bin"], /^vtlab boot: '\/nonexistent\/kernel.bin': no such file or built-in guest\n$/],
    [[], /^vtlab boot: missing <image>/],
    [["--frobnicate"], /^vtlab boot: unknown option '--frobnicate'\n$/],
    [["x", "--memory"], /^vtlab boot: option --memory needs a value\n$/],
    [["x", "--max-instructions", "lots"], /^vtlab boot: --max-instructions needs a positive whole number, not 'lots'\n$/],
  ])("usage error %j -> status 2", async (argv, re) => {
    const r = await boot(argv as string[]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(re);
  });

  it("bad images and sizes get one line and status 2, never a stack trace", async () => {
    const text = file("notes.txt", "just some text\n");
    const good = nasmGuest("timer.asm");
    const cut = file("cut.bin", good.subarray(0, 200));
    const ok = file("ok.bin", good);
    for (const [argv, re] of [
      [[text], /not a Multiboot image/],
      [[cut], /truncated image/],
      [[ok, "--memory", "64Q"], /bad memory size '64Q'/],
      [[ok, "--memory", "1M"], /below the minimum/],
      [[ok, "--cpu", "pentium9"], /unknown CPU model "pentium9"/],
    ] as [string[], RegExp][]) {
      const r = await boot(argv);
      expect(r.status).toBe(2);
      expect(r.stderr).toMatch(re);
      expect(r.stderr.trimEnd().split("\n")).toHaveLength(1);
    }
  });

  it("boots a built-in guest by name (src/guests builtinGuest)", async () => {
    const r = await boot(["minios"]);
    expect(r.stdout).toMatch(/^miniOS: /);
    expect(r.status % 2).toBe(1); // ended through isa-debug-exit
  });

  it("types piped stdin into COM1 and waits for it while the guest halts for input (QEMU -serial stdio)", async () => {
    const image = nasmGuest("uart-echo.asm");
    const q = qemu(image, { input: "hello, vtlab\n" });
    const r = await boot([file("echo.bin", image)], stdinWith("hello, vtlab\n", 200));
    expect(r.stdout).toBe(q.serial);
    expect(r.status).toBe(q.status);
  });

  it("ends with the halted status when stdin ends while the guest waits for input", async () => {
    const r = await boot([file("echo2.bin", nasmGuest("uart-echo.asm"))], stdinWith("abc"));
    expect(r.stdout).toBe("ABC");
    expect(r.status).toBe(0);
    expect(r.stderr).toMatch(/guest halted .* with no interrupt that can wake it/);
  });

  it("Ctrl-C (SIGINT) stops a running guest promptly with status 130 (built CLI in dist/)", async () => {
    const cli = join(__dirname, "..", "..", "dist", "src", "cli", "main.js");
    if (!existsSync(cli)) throw new Error(`${cli} is missing: run \`npm run build\` first`);
    const path = file("spin.bin", nasmGuest("stops.asm", { MODE: 3 }));
    const child = spawn(process.execPath, [cli, "boot", path], { stdio: ["pipe", "pipe", "pipe"] });
    let stdout = "", stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    // Wait until the guest has printed (it is then spinning), then interrupt it.
    await new Promise<void>((resolve) => child.stdout.once("data", () => resolve()));
    const sent = Date.now();
    child.kill("SIGINT");
    const status = await new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
    expect(Date.now() - sent).toBeLessThan(2000);
    expect(status).toBe(130);
    expect(stdout).toBe("stops 3\n");
    expect(stderr).toMatch(/^vtlab boot: interrupted after \d+ instructions\n$/);
  });

  it("--help documents the statuses", async () => {
    const r = await boot(["--help"]);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/\(v << 1\) \| 1/);
    expect(r.stdout).toMatch(/4 +shutdown/);
    expect(r.stdout).toMatch(/6 +instruction limit/);
    expect(r.stdout).toMatch(/70 +host error/);
  });
});
