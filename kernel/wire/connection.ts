/*
 * The kernel connection file (Jupyter client docs, "Connection files"): transport, ip, the five
 * ports, the signing key and scheme. Only HMAC-SHA256 (or an empty key meaning "no signing") is
 * accepted; anything else is a clear one-line error.
 * Leaves out: the ipc transport's path rules (we accept "tcp" and "ipc" and build the address as
 * jupyter_client does).
 */
import { readFileSync } from "node:fs";

export interface ConnectionInfo {
  transport: "tcp" | "ipc";
  ip: string;
  shell_port: number;
  iopub_port: number;
  stdin_port: number;
  control_port: number;
  hb_port: number;
  key: string;
  signature_scheme: string;
  kernel_name?: string;
}

const PORTS = ["shell_port", "iopub_port", "stdin_port", "control_port", "hb_port"] as const;
export type PortName = (typeof PORTS)[number];

export function parseConnection(text: string, source = "connection file"): ConnectionInfo {
  let raw: Record<string, unknown>;
  try {
    raw = JSON.parse(text) as Record<string, unknown>;
  } catch (e) {
    throw new Error(`${source}: not JSON (${(e as Error).message})`);
  }
  const transport = raw.transport ?? "tcp";
  if (transport !== "tcp" && transport !== "ipc") throw new Error(`${source}: unsupported transport ${String(transport)}`);
  if (typeof raw.ip !== "string") throw new Error(`${source}: missing "ip"`);
  for (const p of PORTS) {
    const v = raw[p];
    if (typeof v !== "number" || !Number.isInteger(v) || v < 0 || v > 65535) throw new Error(`${source}: bad or missing "${p}"`);
  }
  const key = typeof raw.key === "string" ? raw.key : "";
  const scheme = typeof raw.signature_scheme === "string" ? raw.signature_scheme : "hmac-sha256";
  if (key !== "" && scheme !== "hmac-sha256") throw new Error(`${source}: unsupported signature_scheme ${scheme}`);
  return { ...(raw as unknown as ConnectionInfo), transport, key, signature_scheme: scheme };
}

export function readConnectionFile(path: string): ConnectionInfo {
  return parseConnection(readFileSync(path, "utf8"), path);
}

/** The ZMQ endpoint for one port, as jupyter_client builds it. */
export function endpoint(info: ConnectionInfo, port: PortName): string {
  if (info.transport === "ipc") return `ipc://${info.ip}-${info[port]}`;
  return `tcp://${info.ip}:${info[port]}`;
}
