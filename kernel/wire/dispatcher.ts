/*
 * msg_type -> handler map (Jupyter messaging spec 5.3, "Messages on the shell (ROUTER/DEALER)
 * channel" and "Kernel status"). Every request is framed by iopub status busy ... idle with the
 * request as parent; the handler answers through `ctx.reply` with the `*_reply` type on the channel
 * the request came in on. Unknown types are logged and get no reply (as ipykernel does); a handler
 * that throws gets a `status: "error"` reply so the front end never waits forever.
 * Knows no sockets: it talks to a `Transport`, which a test can fake.
 */
import { childMessage, replyType, type Channel, type JsonObject, type Message, type Origin } from "./message";
import { log } from "./log";

export interface Transport {
  send(channel: Channel, msg: Message): void;
}

export interface RequestContext {
  readonly request: Message;
  readonly channel: Channel;
  /** Send the `*_reply` for this request (once). */
  reply(content: JsonObject, metadata?: JsonObject): void;
  /** Publish on iopub with this request as parent. */
  publish(msgType: string, content: JsonObject, metadata?: JsonObject, buffers?: Uint8Array[]): void;
  readonly replied: boolean;
}

export type Handler = (ctx: RequestContext) => Promise<void> | void;

export class Dispatcher {
  private readonly handlers = new Map<string, Handler>();

  constructor(
    private readonly transport: Transport,
    readonly origin: Origin,
  ) {}

  on(msgType: string, handler: Handler): this {
    this.handlers.set(msgType, handler);
    return this;
  }

  has(msgType: string): boolean {
    return this.handlers.has(msgType);
  }

  publish(parent: Message | undefined, msgType: string, content: JsonObject, metadata: JsonObject = {}, buffers: Uint8Array[] = []): void {
    const msg = childMessage(this.origin, parent, msgType, content, metadata, buffers);
    msg.identities = [];
    this.transport.send("iopub", msg);
  }

  context(channel: Channel, request: Message): RequestContext {
    let replied = false;
    const self = this;
    return {
      request,
      channel,
      get replied() {
        return replied;
      },
      reply(content, metadata = {}) {
        if (replied) throw new Error(`${request.header.msg_type} answered twice`);
        replied = true;
        self.transport.send(channel, childMessage(self.origin, request, replyType(request.header.msg_type), content, metadata));
      },
      publish(msgType, content, metadata, buffers) {
        self.publish(request, msgType, content, metadata, buffers);
      },
    };
  }

  async dispatch(channel: Channel, request: Message): Promise<void> {
    const type = request.header.msg_type;
    const handler = this.handlers.get(type);
    this.publish(request, "status", { execution_state: "busy" });
    try {
      if (!handler) {
        log(`unknown message type ${JSON.stringify(type)} on ${channel}: ignored`);
        return;
      }
      const ctx = this.context(channel, request);
      try {
        await handler(ctx);
      } catch (e) {
        const err = e instanceof Error ? e : new Error(String(e));
        log(`handler for ${type} failed: ${err.stack ?? err.message}`);
        if (!ctx.replied && type.endsWith("_request")) {
          ctx.reply({ status: "error", ename: err.name, evalue: err.message, traceback: [String(err.stack ?? err.message)] });
        }
      }
    } finally {
      this.publish(request, "status", { execution_state: "idle" });
    }
  }
}
