/**
 * `vtlab asm <in.asm> -o <out.bin> [-D NAME[=value]] [-I dir] [-l listing.txt] [-f bin]`:
 * assembles NASM-syntax source to a flat binary like `nasm -f bin` (NASM manual 2.1 "NASM
 * Command-Line Syntax"). Errors go to stderr as `file:line:column: error: message`; the output
 * file is not written when there are errors. As with nasm, code is 16-bit until `bits 32`. Exit status: 0 success, 1 source or usage errors
 * (as nasm).
 */
import * as fs from "fs";
import * as path from "path";
import { assemble } from "../asm";

const USAGE = "usage: vtlab asm <in.asm> [-o out.bin] [-D NAME[=value]] [-I dir] [-l listing.txt] [-f bin]";

interface Args { input?: string; output?: string; listing?: string; defines: Record<string, string>; includes: string[] }

function parseArgs(argv: string[]): Args | string {
  const a: Args = { defines: {}, includes: [] };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const value = (flag: string): string | undefined => (arg.length > flag.length ? arg.slice(flag.length) : argv[++i]);
    if (arg === "-h" || arg === "--help") return "help";
    if (arg.startsWith("-o")) { const v = value("-o"); if (v === undefined) return "-o needs a file name"; a.output = v; }
    else if (arg.startsWith("-l")) { const v = value("-l"); if (v === undefined) return "-l needs a file name"; a.listing = v; }
    else if (arg.startsWith("-I") || arg.startsWith("-i")) { const v = value("-I"); if (v === undefined) return "-I needs a directory"; a.includes.push(v); }
    else if (arg.startsWith("-D") || arg.startsWith("-d")) {
      const v = value("-D");
      if (v === undefined || v === "") return "-D needs NAME or NAME=value";
      const eq = v.indexOf("=");
      a.defines[eq < 0 ? v : v.slice(0, eq)] = eq < 0 ? "" : v.slice(eq + 1);
    } else if (arg.startsWith("-f")) {
      const v = value("-f");
      if (v !== "bin") return `output format '${v ?? ""}' is not supported (only bin)`;
    } else if (arg.startsWith("-") && arg !== "-") return `unrecognised option '${arg}'`;
    else if (a.input !== undefined) return `more than one input file ('${a.input}' and '${arg}')`;
    else a.input = arg;
  }
  return a;
}

export async function run(argv: string[]): Promise<number> {
  const a = parseArgs(argv);
  if (a === "help") {
    process.stdout.write(USAGE + "\n");
    return 0;
  }
  if (typeof a === "string") {
    process.stderr.write(`vtlab asm: ${a}\n${USAGE}\n`);
    return 1;
  }
  if (a.input === undefined) {
    process.stderr.write(`vtlab asm: no input file specified\n${USAGE}\n`);
    return 1;
  }
  // The raw bytes, as nasm reads them: a Latin-1/CP437 string in an old kernel's source must come
  // out byte for byte, not as U+FFFD.
  let source: Buffer;
  try {
    source = fs.readFileSync(a.input);
  } catch (e) {
    process.stderr.write(`vtlab asm: unable to open input file '${a.input}': ${(e as NodeJS.ErrnoException).code ?? String(e)}\n`);
    return 1;
  }
  // like nasm -f bin, code is 16-bit until a `bits 32` directive
  const result = assemble(source, { fileName: a.input, defines: a.defines, includePaths: a.includes, bits: 16 });
  for (const e of result.errors) process.stderr.write(`${e.file}:${e.line}:${e.column}: error: ${e.message}\n`);
  try {
    if (a.listing !== undefined) fs.writeFileSync(a.listing, result.listing());
    if (result.errors.length > 0) return 1;
    // like nasm: without -o the output is the input name without its extension
    const out = a.output ?? path.join(path.dirname(a.input), path.basename(a.input, path.extname(a.input)) || "nasm.out");
    fs.writeFileSync(out, result.bytes);
  } catch (e) {
    process.stderr.write(`vtlab asm: cannot write output: ${e instanceof Error ? e.message : String(e)}\n`);
    return 1;
  }
  return 0;
}
