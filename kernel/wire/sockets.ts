/*
 * The five kernel sockets over zeromq 6 (Jupyter messaging spec 5.3, "Introduction" and
 * "Heartbeat for kernels"): shell, control and stdin are ROUTER, iopub is PUB, heartbeat is REP and
 * echoes every frame back. Incoming frames are decoded and verified (framing.ts); a message that
 * fails is logged on stderr and dropped. Sends on one socket are serialized, because a zeromq 6
 * socket allows one send in flight.
 * Leaves out: CURVE security, ipc cleanup.
 */
import * as zmq from "zeromq";
import { endpoint, type ConnectionInfo } from "./connection";
import { decode, encode, FramingError } from "./framing";
import { iopubTopic, type Channel, type Message } from "./message";
import { log } from "./log";

export type Receiver = (channel: Channel, msg: Message) => void;

export class KernelSockets {
  private readonly routers: Record<"shell" | "control" | "stdin", zmq.Router>;
  private readonly iopub = new zmq.Publisher({ linger: 1000, sendHighWaterMark: 100_000 });
  private readonly hb = new zmq.Reply({ linger: 0 });
  private readonly chains = new Map<Channel, Promise<void>>();
  private closed = false;

  private constructor(
    private readonly info: ConnectionInfo,
    private readonly kernelId: string,
  ) {
    const router = () => new zmq.Router({ linger: 1000, sendHighWaterMark: 100_000 });
    this.routers = { shell: router(), control: router(), stdin: router() };
  }

  static async bind(info: ConnectionInfo, kernelId: string, receive: Receiver): Promise<KernelSockets> {
    const s = new KernelSockets(info, kernelId);
    await Promise.all([
      s.routers.shell.bind(endpoint(info, "shell_port")),
      s.routers.control.bind(endpoint(info, "control_port")),
      s.routers.stdin.bind(endpoint(info, "stdin_port")),
      s.iopub.bind(endpoint(info, "iopub_port")),
      s.hb.bind(endpoint(info, "hb_port")),
    ]);
    for (const ch of ["shell", "control", "stdin"] as const) void s.receiveLoop(ch, receive);
    void s.heartbeatLoop();
    return s;
  }

  private async receiveLoop(channel: "shell" | "control" | "stdin", receive: Receiver): Promise<void> {
    try {
      for await (const frames of this.routers[channel]) {
        let msg: Message;
        try {
          msg = decode(frames, this.info.key);
        } catch (e) {
          if (!(e instanceof FramingError)) throw e;
          log(`dropped a message on ${channel}: ${e.message}`);
          continue;
        }
        receive(channel, msg);
      }
    } catch (e) {
      if (!this.closed) log(`${channel} receive loop ended: ${(e as Error).message}`);
    }
  }

  private async heartbeatLoop(): Promise<void> {
    try {
      for await (const frames of this.hb) await this.hb.send(frames);
    } catch (e) {
      if (!this.closed) log(`heartbeat ended: ${(e as Error).message}`);
    }
  }

  /** Sign, frame and send; resolves when zeromq has queued the frames. */
  send(channel: Channel, msg: Message): Promise<void> {
    if (this.closed) return Promise.resolve();
    const frames = encode(msg, this.info.key);
    const sock = channel === "iopub" ? this.iopub : this.routers[channel];
    if (channel === "iopub") frames.unshift(Buffer.from(iopubTopic(this.kernelId, msg.header.msg_type)));
    const prev = this.chains.get(channel) ?? Promise.resolve();
    const next = prev
      .then(() => sock.send(frames))
      .catch((e: Error) => {
        if (!this.closed) log(`send on ${channel} failed (${msg.header.msg_type}): ${e.message}`);
      });
    this.chains.set(channel, next);
    return next;
  }

  async flush(): Promise<void> {
    await Promise.all(this.chains.values());
  }

  close(): void {
    this.closed = true;
    for (const s of [...Object.values(this.routers), this.iopub, this.hb]) s.close();
  }
}
