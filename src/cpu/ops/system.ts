/**
 * The system-instruction handlers of cpu-system, merged into one record for the dispatch table
 * (ops/index.ts): control state (system-control.ts), descriptor tables and probes
 * (system-tables.ts), segment registers (system-seg.ts), software interrupts and BOUND
 * (system-int.ts), port I/O (system-io.ts), CPUID/MSR/TSC/SYSENTER/VMCALL (system-misc.ts).
 * Far JMP/CALL/RET/IRET are in ops/far.ts (`farHandlers`).
 *
 * Left out: nothing of its own; see each family file.
 */
import type { Handler } from "../decode";
import { controlStateHandlers } from "./system-control";
import { interruptHandlers } from "./system-int";
import { ioHandlers } from "./system-io";
import { miscHandlers } from "./system-misc";
import { segmentHandlers } from "./system-seg";
import { tableHandlers } from "./system-tables";

export const systemHandlers: Record<string, Handler> = {
  ...controlStateHandlers,
  ...tableHandlers,
  ...segmentHandlers,
  ...interruptHandlers,
  ...ioHandlers,
  ...miscHandlers,
};
