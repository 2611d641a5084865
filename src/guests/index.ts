/**
 * Guest operating systems that vtlab boots: their builders and the built-in names that
 * `vtlab boot <name>` and `vtlab guest <name>` accept. Today there is one guest, miniOS
 * (src/guests/minios/, see minios.ts and minios/minios.asm).
 */
import { buildMinios, type GuestImage, type MiniosOptions } from "./minios";

export type { GuestImage, MiniosOptions } from "./minios";
export { MINIOS_WORKLOADS, miniosCmdline, miniosSourceDir, miniosSources } from "./minios";

/** Builders of the guest images, e.g. `guests.minios({ workload: "syscall", iters: 1000 })`. */
export const guests: { minios(opts?: MiniosOptions): GuestImage } = {
  minios: (opts?: MiniosOptions) => buildMinios(opts),
};

/** Names accepted by builtinGuest. */
export const BUILTIN_GUESTS: readonly string[] = ["minios"];

/**
 * The image bytes of a built-in guest, or undefined for an unknown name. The workload is
 * chosen at boot time by the command line, so the bytes do not depend on it.
 */
export function builtinGuest(name: string): Uint8Array | undefined {
  if (name === "minios") return buildMinios().bytes;
  return undefined;
}
