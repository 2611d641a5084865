/**
 * The engine's version, read from package.json. The file sits at the package root, which is
 * one level above src/ when run from source (vitest) and two levels above dist/src/ when built,
 * so it is found by walking up rather than by a fixed relative path.
 */
import { existsSync, readFileSync } from "fs";
import { dirname, join } from "path";

function findPackageRoot(start: string): string {
  let dir = start;
  for (;;) {
    const candidate = join(dir, "package.json");
    if (existsSync(candidate) && (JSON.parse(readFileSync(candidate, "utf8")) as { name?: string }).name === "vtlab") {
      return dir;
    }
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`vtlab: package.json not found above ${start}`);
    dir = parent;
  }
}

/** Absolute path of the vtlab package root (where package.json is). */
export const packageRoot: string = findPackageRoot(__dirname);

export const version: string = (JSON.parse(readFileSync(join(packageRoot, "package.json"), "utf8")) as { version: string }).version;
