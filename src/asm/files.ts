/**
 * Finding files named by %include and incbin (NASM manual 4.6.1 "%include", 2.1.16 "-I"):
 * the in-memory file map (notebooks) first, then the including file's directory, then each
 * include path (and the main file's directory), then the current directory. NASM itself looks
 * only in the current directory, then the -I paths: the places are a superset of NASM's, but a
 * name present in several of them may resolve differently. Left out: NASM's `-P` pre-include and dependency output.
 */
import * as fs from "fs";
import * as path from "path";

/** Candidate paths for `name` included from `fromFile`, in search order. */
export function includeCandidates(name: string, fromFile: string, includePaths: string[]): string[] {
  const dir = path.dirname(fromFile);
  return [path.resolve(dir, name), ...includePaths.map((p) => path.resolve(p, name)), path.resolve(name)];
}

/** Reads an included file as bytes, or undefined when it cannot be found. */
export function readInclude(name: string, fromFile: string, files: Record<string, string>, includePaths: string[]): Buffer | undefined {
  const rel = path.join(path.dirname(fromFile), name);
  if (files[name] !== undefined) return Buffer.from(files[name]!, "utf8");
  if (files[rel] !== undefined) return Buffer.from(files[rel]!, "utf8");
  for (const c of includeCandidates(name, fromFile, includePaths)) {
    try {
      if (fs.statSync(c).isFile()) return fs.readFileSync(c);
    } catch {
      // not there: try the next candidate
    }
  }
  return undefined;
}
