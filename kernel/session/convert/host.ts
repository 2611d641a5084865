/*
 * The compiler set-up of a cell program: the same compiler options tslab 1.0.22 gives its watch
 * program (so a cell type-checks and emits exactly as under tslab), two in-memory files (the cell,
 * `__tslab__.ts`, and the declarations left by earlier cells, `__prev__.d.ts`, both prefixed with
 * `export {};` so they are modules), and a host that parses every other file once per session:
 * lib.*.d.ts, @types and the engine's declarations do not change while a kernel runs, and parsing
 * and binding them again for every cell is what makes tslab's per-cell rebuild slow.
 */
import { join } from "node:path";
import * as ts from "@tslab/typescript-for-tslab";

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { normalizeJoin } = require("tslab/dist/tspath") as { normalizeJoin(...p: string[]): string };

/** Makes both files external modules ("any file containing a top-level import or export is a module"). */
export const SRC_PREFIX = "export {};\n";

/** Node 18 and later run ES2022 (tslab's getTranspileTargets). */
export const TARGET = ts.ScriptTarget.ES2022;

export interface CellFiles {
  cwd: string;
  src: string;
  decl: string;
}

export function cellFiles(cwd: string): CellFiles {
  return { cwd, src: normalizeJoin(cwd, "__tslab__.ts"), decl: normalizeJoin(cwd, "__prev__.d.ts") };
}

/** Type roots as tslab computes them: the default ones from `cwd`, plus tslab's own @types when none has node's. */
function typeRoots(cwd: string, directoryExists: (p: string) => boolean): string[] {
  const roots = ts.getDefaultTypeRoots(cwd, { directoryExists }) ?? [];
  if (roots.some((r) => ts.sys.fileExists(normalizeJoin(r, "node", "package.json")))) return roots;
  const tslabDir = join(require.resolve("tslab/package.json"), "..");
  return [...roots, normalizeJoin(tslabDir, "node_modules", "@types")];
}

export function compilerOptions(files: CellFiles, directoryExists: (p: string) => boolean): ts.CompilerOptions {
  return {
    // ESNext modules (dynamic import); the output is turned into CommonJS afterwards.
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Node10,
    esModuleInterop: true,
    target: TARGET,
    lib: ["lib.es2022.d.ts"],
    declaration: true,
    newLine: ts.NewLineKind.LineFeed,
    noImplicitUseStrict: true,
    experimentalDecorators: true,
    resolveJsonModule: true,
    jsx: ts.JsxEmit.React,
    typeRoots: typeRoots(files.cwd, directoryExists),
    allowJs: true,
    checkJs: true,
    // tslab's fork reports a top-level await as error 1308, which the converter turns into a flag.
    disableTopLevelAwait: true,
    skipLibCheck: true,
    rootDir: files.cwd,
    outDir: "outDir",
  };
}

/**
 * A CompilerHost over the real file system with the two cell files in memory. Declaration files
 * are parsed once and kept; other files (a notebook's own .ts modules) are read afresh each time.
 */
export class CellHost {
  readonly options: ts.CompilerOptions;
  readonly host: ts.CompilerHost;
  private srcText = "";
  private declText = "";
  private declFile: ts.SourceFile | undefined;
  private readonly parsed = new Map<string, ts.SourceFile | undefined>();

  constructor(readonly files: CellFiles) {
    const directoryExists = (p: string) => ts.sys.directoryExists(p) || p === normalizeJoin(files.cwd, "node_modules");
    this.options = compilerOptions(files, directoryExists);
    const base = ts.createCompilerHost(this.options);
    // The automatic type directives (every package under the type roots) would otherwise be
    // looked up again, and their package.json files parsed again, for every program.
    this.options.types = ts.getAutomaticTypeDirectiveNames(this.options, { directoryExists, fileExists: ts.sys.fileExists, getDirectories: ts.sys.getDirectories, readFile: ts.sys.readFile });
    const isCell = (name: string) => name === files.src || name === files.decl;
    this.host = {
      ...base,
      getCurrentDirectory: () => files.cwd,
      useCaseSensitiveFileNames: () => true,
      getCanonicalFileName: (f) => f,
      fileExists: (f) => isCell(f) || base.fileExists(f),
      readFile: (f) => (f === files.src ? SRC_PREFIX + this.srcText : f === files.decl ? SRC_PREFIX + this.declText : base.readFile(f)),
      directoryExists,
      writeFile: () => {
        throw new Error("the cell converter never writes files");
      },
      getSourceFile: (name, languageVersion) => {
        if (name === files.src) return ts.createSourceFile(name, SRC_PREFIX + this.srcText, languageVersion);
        if (name === files.decl) return (this.declFile ??= ts.createSourceFile(name, SRC_PREFIX + this.declText, languageVersion));
        if (!name.endsWith(".d.ts")) return base.getSourceFile(name, languageVersion);
        if (!this.parsed.has(name)) this.parsed.set(name, base.getSourceFile(name, languageVersion));
        return this.parsed.get(name);
      },
    };
  }

  /** Sets the two in-memory files for the next program. */
  setContent(decl: string, src: string): void {
    if (decl !== this.declText) this.declFile = undefined;
    this.declText = decl;
    this.srcText = src;
  }

  /** The declarations file was changed in place (remainingDecls): parse it again next time. */
  forgetDeclFile(): void {
    this.declFile = undefined;
  }
}
