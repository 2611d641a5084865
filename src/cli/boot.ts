/**
 * `vtlab boot <image> [options]`: boot a Multiboot v1 kernel (a file, or a built-in guest
 * name) on the bare-metal PC and copy its COM1 output to stdout as it is produced, the way
 * `qemu-system-i386 -kernel <image> -serial stdio -display none -device
 * isa-debug-exit,iobase=0xf4,iosize=0x04` does. As with QEMU, the Multiboot command line is
 * the image name followed by a space and the --append text. Piped standard input is typed
 * into COM1 (flow-controlled, like QEMU's stdio chardev); when the guest halts waiting for
 * serial input (IF = 1, receive interrupt enabled) the command waits for more input until
 * stdin ends. A terminal on stdin is not forwarded.
 *
 * Exit statuses (also in --help):
 *   (v << 1) | 1  the guest wrote v to port 0xF4 (QEMU isa-debug-exit; odd, low 8 bits)
 *   0   the guest halted and nothing can wake it (HLT with IF = 0, or no interrupt source)
 *   2   bad usage or bad input (missing file, not a Multiboot image, truncated, bad size)
 *   4   shutdown (triple fault)
 *   6   the --max-instructions limit was reached
 *   70  host error (an internal error of vtlab; EX_SOFTWARE)
 *   130 interrupted (SIGINT)
 * Every non-debug-exit ending prints one line on stderr saying which it was.
 */
import { readFileSync, statSync } from "fs";
import { builtinGuest } from "../guests";
import { ImageError } from "../machine/elf32";
import { Machine, type MachineStop } from "../machine/machine";
import { MemorySizeError } from "../machine/memory";
import { IER_ERBFI } from "../machine/devices/uart16550";

export const EXIT_HALTED = 0;
export const EXIT_USAGE = 2;
export const EXIT_SHUTDOWN = 4;
export const EXIT_LIMIT = 6;
export const EXIT_HOST_ERROR = 70;
export const EXIT_INTERRUPTED = 130;

export const HELP = `usage: vtlab boot <image> [--memory 64M] [--append "<cmdline>"] [--max-instructions N] [--cpu core2]

Boots a Multiboot v1 kernel (ELF32, or a binary with the address-fields header) or a
built-in guest by name, and writes the guest's serial port (COM1) output to stdout.
The Multiboot command line is "<image> <append text>", as with QEMU. Piped standard
input is typed into COM1; a guest halted waiting for it keeps waiting until stdin ends.

options:
  --memory SIZE            RAM size: 64M (default), 256M, 1G, ... (2M-2G; a bare number means MiB)
  --append TEXT            text after the image name on the Multiboot command line
  --max-instructions N     stop after N guest instructions
  --cpu MODEL              CPU model: core2 (default), athlon64x2, qemu32

exit status:
  (v << 1) | 1   the guest wrote v to port 0xF4 (QEMU isa-debug-exit), low 8 bits
  0              the guest halted and nothing can wake it (HLT with interrupts off,
                 or every interrupt source masked or silent)
  2              bad usage or bad input (missing file, not a Multiboot image, ...)
  4              shutdown (triple fault)
  6              instruction limit reached
  70             host error (internal error in vtlab)
  130            interrupted (Ctrl-C)
`;

interface BootArgs {
  image: string;
  memory?: string;
  append: string;
  maxInstructions?: number;
  cpu?: string;
}

class UsageError extends Error {}

function parseArgs(argv: string[]): BootArgs | "help" {
  const args: Partial<BootArgs> = { append: "" };
  const valued = new Set(["--memory", "--append", "--max-instructions", "--cpu"]);
  for (let i = 0; i < argv.length; i++) {
    let a = argv[i];
    let value: string | undefined;
    if (a === "-h" || a === "--help") return "help";
    const eq = a.indexOf("=");
    if (a.startsWith("--") && eq > 0) {
      value = a.slice(eq + 1);
      a = a.slice(0, eq);
    }
    if (valued.has(a)) {
      if (value === undefined) {
        if (i + 1 >= argv.length) throw new UsageError(`option ${a} needs a value`);
        value = argv[++i];
      }
      if (a === "--memory") args.memory = value;
      else if (a === "--append") args.append = value;
      else if (a === "--cpu") args.cpu = value;
      else {
        if (!/^\d+$/.test(value) || Number(value) <= 0 || !Number.isSafeInteger(Number(value))) {
          throw new UsageError(`--max-instructions needs a positive whole number, not '${value}'`);
        }
        args.maxInstructions = Number(value);
      }
    } else if (a.startsWith("-") && a !== "-") {
      throw new UsageError(`unknown option '${a}'`);
    } else if (args.image === undefined) {
      args.image = a;
    } else {
      throw new UsageError(`unexpected argument '${a}' (one image only)`);
    }
  }
  if (args.image === undefined) throw new UsageError("missing <image> (a Multiboot kernel file or a built-in guest name)");
  return args as BootArgs;
}

function readImage(name: string): Uint8Array {
  let isFile = false;
  try {
    isFile = statSync(name).isFile();
  } catch {
    isFile = false;
  }
  if (isFile) {
    try {
      return new Uint8Array(readFileSync(name));
    } catch (e) {
      throw new UsageError(`cannot read '${name}': ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    }
  }
  const guest = builtinGuest(name);
  if (guest) return guest;
  throw new UsageError(`'${name}': no such file or built-in guest`);
}

function writeOut(data: Uint8Array): Promise<void> {
  return new Promise((resolve) => {
    if (data.length === 0) resolve();
    else process.stdout.write(data, () => resolve());
  });
}

/** What the command reads typed input from (process.stdin, or a stream in tests). */
export type InputStream = NodeJS.ReadableStream & { isTTY?: boolean };

/** Piped stdin as typed input for COM1 (QEMU's `-serial stdio`). */
class StdinFeed {
  ended = false;
  private wake: (() => void) | null = null;
  private readonly onData = (chunk: Buffer): void => {
    this.machine.serialInput(new Uint8Array(chunk));
    this.wake?.();
  };
  private readonly onEnd = (): void => {
    this.ended = true;
    this.wake?.();
  };

  constructor(private readonly stream: InputStream, private readonly machine: Machine) {
    stream.on("data", this.onData);
    stream.on("end", this.onEnd);
    stream.on("error", this.onEnd);
  }

  /** True if the halted guest could be woken by serial input. */
  guestWaits(): boolean {
    const s = this.machine.cpu.state;
    return !this.ended && (s.eflags & 0x200) !== 0 && (this.machine.uart.s.ier & IER_ERBFI) !== 0;
  }

  /** Resolves on the next input, end of input, or abort. */
  next(signal: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      const done = (): void => {
        this.wake = null;
        signal.removeEventListener("abort", done);
        resolve();
      };
      this.wake = done;
      signal.addEventListener("abort", done);
    });
  }

  close(): void {
    this.stream.removeListener("data", this.onData);
    this.stream.removeListener("end", this.onEnd);
    this.stream.removeListener("error", this.onEnd);
    this.stream.pause();
  }
}

function describeStop(stop: MachineStop, m: Machine, limit: number | undefined): { status: number; message?: string } {
  const n = m.cpu.state.instructions;
  switch (stop.kind) {
    case "debug-exit":
      return { status: ((stop.value << 1) | 1) & 0xff };
    case "hlt":
      return {
        status: EXIT_HALTED,
        message: `guest halted at eip 0x${m.cpu.state.eip.toString(16)} with ${
          m.cpu.state.eflags & 0x200 ? "no interrupt that can wake it" : "interrupts disabled"} after ${n} instructions`,
      };
    case "shutdown":
      return { status: EXIT_SHUTDOWN, message: `shutdown (${stop.reason}) at eip 0x${m.cpu.state.eip.toString(16)} after ${n} instructions` };
    case "budget":
      return { status: EXIT_LIMIT, message: `instruction limit reached (${limit} instructions)` };
    case "requested":
      return { status: EXIT_INTERRUPTED, message: `interrupted after ${n} instructions` };
    default:
      return { status: EXIT_HOST_ERROR, message: `host error: unexpected stop '${stop.kind}' on bare metal` };
  }
}

export async function run(argv: string[], stdin: InputStream = process.stdin): Promise<number> {
  const err = (msg: string): void => {
    process.stderr.write(`vtlab boot: ${msg}\n`);
  };
  let machine: Machine;
  let args: BootArgs;
  const pending: number[] = [];
  try {
    const parsed = parseArgs(argv);
    if (parsed === "help") {
      process.stdout.write(HELP);
      return 0;
    }
    args = parsed;
    const image = readImage(args.image);
    machine = new Machine({ memory: args.memory, cpu: args.cpu, onSerial: (b) => pending.push(b) });
    machine.loadMultiboot(image, { cmdline: `${args.image} ${args.append}` });
  } catch (e) {
    if (e instanceof UsageError || e instanceof ImageError || e instanceof MemorySizeError) {
      err(e.message);
      return EXIT_USAGE;
    }
    if (e instanceof Error && /unknown CPU model/.test(e.message)) {
      err(e.message);
      return EXIT_USAGE;
    }
    err(`host error: ${e instanceof Error ? e.message : String(e)}`);
    return EXIT_HOST_ERROR;
  }

  const flush = async (): Promise<void> => {
    if (pending.length === 0) return;
    const chunk = Uint8Array.from(pending);
    pending.length = 0;
    await writeOut(chunk);
  };
  const abort = new AbortController();
  const onSigint = (): void => abort.abort();
  process.once("SIGINT", onSigint);
  const feed = stdin.isTTY ? null : new StdinFeed(stdin, machine);
  const st = machine.cpu.state;
  const end = args.maxInstructions === undefined ? Infinity : st.instructions + args.maxInstructions;
  let stop: MachineStop;
  try {
    for (;;) {
      stop = await machine.runAsync({
        maxInstructions: end - st.instructions,
        signal: abort.signal,
        onProgress: () => void flush(),
      });
      if (stop.kind !== "hlt" || feed === null || !feed.guestWaits()) break;
      await flush();
      await feed.next(abort.signal);
    }
  } catch (e) {
    await flush();
    err(`host error: ${e instanceof Error ? e.message : String(e)}`);
    return EXIT_HOST_ERROR;
  } finally {
    process.removeListener("SIGINT", onSigint);
    feed?.close();
  }
  await flush();
  const { status, message } = describeStop(stop, machine, args.maxInstructions);
  if (message) err(message);
  return status;
}
