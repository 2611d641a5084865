/**
 * Why `Cpu.run()` returned. A hypervisor or the bare-metal machine is a loop over this value,
 * as KVM's KVM_RUN ioctl returns an exit reason to user space (design: "cpu.run(budget)
 * returns why it stopped").
 */
export type StopReason =
  /** The instruction budget was spent or the cycle deadline was reached. */
  | { kind: "budget" }
  /** HLT executed; the CPU is halted until an interrupt arrives (the machine advances virtual time). */
  | { kind: "hlt" }
  /** Triple fault (SDM Vol. 3A, 6.15, "Interrupt 8 — Double Fault Exception"): the processor shut down. */
  | { kind: "shutdown"; reason: string }
  /** A device asked the run to stop (e.g. QEMU's isa-debug-exit port 0xF4 received `value`). */
  | { kind: "debug-exit"; value: number }
  /** A sensitive instruction was stopped at the intercept point before it acted (VMM modes). */
  | { kind: "intercept"; mnemonic: string; eip: number }
  /** An exception that the host owns (software VMMs own the real IDT); not delivered to the guest. */
  | { kind: "exception"; vector: number; errorCode?: number; eip: number }
  /** The machine itself asked the run to stop (e.g. an AbortSignal in runAsync). */
  | { kind: "requested" };
