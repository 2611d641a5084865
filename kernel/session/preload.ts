/*
 * The hidden first cell: imports the display helpers (globals.ts) and every runtime export of the
 * engine (`require("vtlab")` = this repository's dist/src/index.js, found from the kernel's own
 * location, not the notebook's working directory) so cells use them without an import and the type
 * checker knows their types. The names come from what the modules export at start-up; nothing is
 * hard-coded, so the preload grows with the engine.
 */
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { log } from "../wire/log";

const IDENT = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

export interface Preload {
  /** TypeScript source of the hidden cell. */
  source: string;
  globalNames: string[];
  engineNames: string[];
  /** dist/src/index.js, when it exists. */
  enginePath?: string;
  engine?: Record<string, unknown>;
  /** Why the engine is not preloaded, when it is not. */
  engineProblem?: string;
}

/**
 * dist/src/index.js relative to this file (dist/kernel/session/preload.js); tests may point
 * VTLAB_ENGINE_PATH at another module.
 */
export function enginePath(): string {
  return process.env.VTLAB_ENGINE_PATH || resolve(__dirname, "..", "..", "src", "index.js");
}

const importPath = (jsPath: string) => JSON.stringify(jsPath.replace(/\.js$/, ""));

export function runtimeNames(mod: Record<string, unknown>): string[] {
  return Object.keys(mod).filter((k) => IDENT.test(k) && k !== "default" && k !== "__esModule");
}

export function buildPreload(opts: { withEngine?: boolean } = {}): Preload {
  const globalsPath = resolve(__dirname, "globals.js");
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const globalNames = runtimeNames(require(globalsPath) as Record<string, unknown>);
  const lines = [`import { ${globalNames.join(", ")} } from ${importPath(globalsPath)};`];
  const out: Preload = { source: "", globalNames, engineNames: [] };
  const path = enginePath();
  if (opts.withEngine === false) {
    out.engineProblem = "engine preload disabled";
  } else if (!existsSync(path)) {
    out.engineProblem = `${path} does not exist (build the engine with npx tsc -p .)`;
  } else {
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const engine = require(path) as Record<string, unknown>;
      const taken = new Set(globalNames);
      out.engine = engine;
      out.enginePath = path;
      out.engineNames = runtimeNames(engine).filter((n) => !taken.has(n));
      if (out.engineNames.length > 0) lines.push(`import { ${out.engineNames.join(", ")} } from ${importPath(path)};`);
    } catch (e) {
      out.engineProblem = `cannot load ${path}: ${(e as Error).message.split("\n")[0]}`;
    }
  }
  if (out.engineProblem) log(`engine not preloaded: ${out.engineProblem}`);
  out.source = lines.join("\n") + "\n";
  return out;
}
