/**
 * `vtlab guest <name> -o <file>`: writes a built-in guest image (today: `minios`) to a file, so
 * that other emulators boot the very same bytes, e.g.
 *   vtlab guest minios -o minios.bin
 *   qemu-system-i386 -kernel minios.bin -append "workload=syscall iters=1000" -serial stdio ...
 * The workload is picked at boot time by the kernel command line, not baked into the image.
 * Exit status: 0 written, 1 the guest failed to build or the file could not be written,
 * 2 bad usage (one line on stderr, never a stack trace).
 */
import * as fs from "fs";
import { BUILTIN_GUESTS, builtinGuest } from "../guests";

const USAGE = `usage: vtlab guest <${BUILTIN_GUESTS.join("|")}> -o <file>`;

function fail(message: string, status: number): number {
  process.stderr.write(`vtlab guest: ${message}\n`);
  return status;
}

export async function run(argv: string[]): Promise<number> {
  let name: string | undefined;
  let output: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "-h" || arg === "--help") {
      process.stdout.write(`${USAGE}\nbuilt-in guests: ${BUILTIN_GUESTS.join(", ")}\n`);
      return 0;
    } else if (arg === "-o" || arg === "--output") {
      const value = argv[++i];
      if (value === undefined) return fail(`${arg} needs a file name\n${USAGE}`, 2);
      output = value;
    } else if (arg.startsWith("-")) {
      return fail(`unknown option '${arg}'\n${USAGE}`, 2);
    } else if (name === undefined) {
      name = arg;
    } else {
      return fail(`unexpected argument '${arg}'\n${USAGE}`, 2);
    }
  }
  if (name === undefined || output === undefined) return fail(USAGE, 2);
  if (!BUILTIN_GUESTS.includes(name)) return fail(`unknown guest '${name}' (built-in: ${BUILTIN_GUESTS.join(", ")})`, 2);
  let bytes: Uint8Array | undefined;
  try {
    bytes = builtinGuest(name);
  } catch (err) {
    return fail(err instanceof Error ? err.message : String(err), 1);
  }
  if (bytes === undefined) return fail(`unknown guest '${name}'`, 2);
  try {
    fs.writeFileSync(output, bytes);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    return fail(`cannot write ${output}${code ? ` (${code})` : ""}`, 1);
  }
  process.stdout.write(`${name}: ${bytes.length} bytes written to ${output}\n`);
  return 0;
}
