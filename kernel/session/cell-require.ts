/*
 * `require` inside cells: resolves modules from the notebook's working directory (so a notebook can
 * use its own node_modules), except `require("vtlab")`, which is always this kernel's engine.
 */
import { createRequire } from "node:module";
import { join } from "node:path";

export function cellRequire(cwd: string, engine: Record<string, unknown> | undefined): NodeJS.Require {
  const base = createRequire(join(cwd, "__vtlab_cell__.js"));
  return new Proxy(base, {
    apply(target, thisArg, args: unknown[]) {
      if (args.length === 1 && args[0] === "vtlab") {
        if (!engine) throw new Error("require(\"vtlab\"): the engine (dist/src/index.js) is not built");
        return engine;
      }
      return Reflect.apply(target, thisArg, args) as unknown;
    },
  });
}
