/*
 * Comms (Jupyter messaging spec 5.3, "Custom Messages"): a registry of targets and open comms, so
 * widgets can be added later. A front end's comm_open for a registered target creates a Comm and
 * calls the target's handler; for an unknown target the kernel answers comm_close (as ipykernel
 * does). Cells open comms from the kernel side with `comms.open(target, data)`. comm_info_request
 * lists the open comms, optionally filtered by target name.
 */
import { randomUUID } from "node:crypto";
import { log } from "../wire/log";

type Json = Record<string, unknown>;
export type CommPublisher = (msgType: "comm_open" | "comm_msg" | "comm_close", content: Json) => void;
export type CommTarget = (comm: Comm, data: Json) => void;

export class Comm {
  private msgHandlers: Array<(data: Json) => void> = [];
  private closeHandlers: Array<(data: Json) => void> = [];
  private closed = false;

  constructor(
    readonly id: string,
    readonly targetName: string,
    private readonly registry: CommRegistry,
  ) {}

  get isClosed(): boolean {
    return this.closed;
  }

  send(data: Json = {}): void {
    if (this.closed) throw new Error(`comm ${this.id} is closed`);
    this.registry.publish("comm_msg", { comm_id: this.id, data });
  }

  close(data: Json = {}): void {
    if (this.closed) return;
    this.registry.publish("comm_close", { comm_id: this.id, data });
    this.closedBy(data);
  }

  onMsg(handler: (data: Json) => void): this {
    this.msgHandlers.push(handler);
    return this;
  }

  onClose(handler: (data: Json) => void): this {
    this.closeHandlers.push(handler);
    return this;
  }

  /** @internal a comm_msg from the front end */
  received(data: Json): void {
    for (const h of this.msgHandlers) h(data);
  }

  /** @internal */
  closedBy(data: Json): void {
    this.closed = true;
    this.registry.forget(this.id);
    for (const h of this.closeHandlers) h(data);
  }
}

export class CommRegistry {
  private readonly targets = new Map<string, CommTarget>();
  private readonly open_ = new Map<string, Comm>();
  private publisher: CommPublisher | undefined;

  /** @internal the session sets where comm messages go */
  attach(publisher: CommPublisher): void {
    this.publisher = publisher;
  }

  /** @internal */
  publish(msgType: "comm_open" | "comm_msg" | "comm_close", content: Json): void {
    if (!this.publisher) throw new Error("comms are only available inside the vtlab kernel");
    this.publisher(msgType, content);
  }

  /** @internal */
  forget(id: string): void {
    this.open_.delete(id);
  }

  registerTarget(name: string, handler: CommTarget): void {
    this.targets.set(name, handler);
  }

  unregisterTarget(name: string): void {
    this.targets.delete(name);
  }

  /** Opens a comm from the kernel side. */
  open(targetName: string, data: Json = {}, metadata: Json = {}): Comm {
    const comm = new Comm(randomUUID(), targetName, this);
    this.open_.set(comm.id, comm);
    this.publish("comm_open", { comm_id: comm.id, target_name: targetName, data, metadata });
    return comm;
  }

  get(id: string): Comm | undefined {
    return this.open_.get(id);
  }

  info(targetName?: string): Record<string, { target_name: string }> {
    const out: Record<string, { target_name: string }> = {};
    for (const c of this.open_.values()) if (!targetName || c.targetName === targetName) out[c.id] = { target_name: c.targetName };
    return out;
  }

  /** @internal comm_open from the front end */
  handleOpen(content: Json): void {
    const id = String(content.comm_id ?? "");
    const target = String(content.target_name ?? "");
    const handler = this.targets.get(target);
    if (!handler || id === "") {
      log(`comm_open for unknown target ${JSON.stringify(target)}: closing it`);
      this.publish("comm_close", { comm_id: id, data: {} });
      return;
    }
    const comm = new Comm(id, target, this);
    this.open_.set(id, comm);
    handler(comm, (content.data ?? {}) as Json);
  }

  /** @internal */
  handleMsg(content: Json): void {
    const comm = this.open_.get(String(content.comm_id));
    if (!comm) {
      log(`comm_msg for unknown comm ${String(content.comm_id)}: ignored`);
      return;
    }
    comm.received((content.data ?? {}) as Json);
  }

  /** @internal */
  handleClose(content: Json): void {
    const comm = this.open_.get(String(content.comm_id));
    if (comm) comm.closedBy((content.data ?? {}) as Json);
  }
}

/** The kernel's registry, visible to cells as `comms`. */
export const comms = new CommRegistry();
