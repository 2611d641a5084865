#!/usr/bin/env node
/**
 * The `vtlab` command: a table from sub-command name to the module that runs it.
 *
 * Each sub-command lives in its own file (`src/cli/<name>.ts`) and exports
 * `run(argv: string[]): Promise<number>`, returning the process exit status. Modules are
 * loaded lazily so `vtlab asm` does not pay for loading the machine, and vice versa.
 * A sub-command reports bad input as one line on stderr (never a stack trace) and picks
 * its own documented exit status; this file only turns an unexpected host error into
 * status 70 (EX_SOFTWARE, sysexits.h) with a one-line message.
 */
import type { CommandModule } from "./command";

const commands: Record<string, { summary: string; load: () => Promise<CommandModule> }> = {
  boot: { summary: "boot a Multiboot image (or a built-in guest) and print its serial output", load: () => import("./boot") },
  asm: { summary: "assemble NASM-syntax source to a flat binary (like nasm -f bin)", load: () => import("./asm") },
  disasm: { summary: "disassemble a flat binary in NASM syntax", load: () => import("./disasm") },
  guest: { summary: "write a built-in guest image to a file", load: () => import("./guest") },
};

function usage(): string {
  const lines = ["usage: vtlab <command> [options]", "", "commands:"];
  for (const [name, c] of Object.entries(commands)) lines.push(`  ${name.padEnd(8)} ${c.summary}`);
  return lines.join("\n");
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === "-h" || name === "--help" || name === "help") {
    process.stdout.write(usage() + "\n");
    return name === undefined ? 2 : 0;
  }
  const command = commands[name];
  if (!command) {
    process.stderr.write(`vtlab: unknown command '${name}'\n${usage()}\n`);
    return 2;
  }
  const mod = await command.load();
  return mod.run(rest);
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (status) => process.exit(status),
    (err: unknown) => {
      process.stderr.write(`vtlab: internal error: ${err instanceof Error ? err.message : String(err)}\n`);
      process.exit(70);
    },
  );
}
