/*
 * The cell converter: type-checks a cell against the declarations of earlier cells and emits
 * CommonJS, with the results of tslab 1.0.22's converter (same output, declarations, diagnostics,
 * last-expression variable and top-level-await flag; test/kernel/converter.test.ts compares the two
 * cell by cell, and runs both outputs), at a fraction of the cost per cell.
 *
 * Why not tslab's converter itself: it drives a watch program whose builder re-derives, for every
 * cell, the reference graph and signatures of every file in the program (lib, @types/node, the
 * engine's declarations: about 210 files) and then runs a whole second compilation to turn ES
 * modules into CommonJS (transpileModule). A plain program that reuses the previous one (`oldProgram`) and a host that
 * keeps parsed declaration files does only what the cell needs, and CommonJS comes out of the same
 * emit (withCommonJs).
 *
 * tslab's converter is still used, unchanged, for cells that import a notebook's own .ts/.js files
 * (it compiles those too and hands them back as side outputs); it is created on first such cell.
 */
import * as ts from "@tslab/typescript-for-tslab";
import { converter, type Converter, type QuickInfo } from "../tslab";
import { CellHost, cellFiles, SRC_PREFIX, TARGET } from "./host";
import { convertDiagnostics } from "./diagnostics";
import { cellTransformers } from "./transformers";
import { remainingDecls } from "./remaining-decls";
import { completions, quickInfo, type CompletionResult } from "./completion";
import { resolvedModules, tsInternal } from "./internal";

export type ConvertResult = ReturnType<Converter["convert"]>;

/** What the kernel asks of a converter; both this one and tslab's provide it. */
export interface CellConverter {
  convert(prevDecl: string, src: string): ConvertResult;
  complete(prevDecl: string, src: string, position: number): CompletionResult;
  inspect(prevDecl: string, src: string, position: number): QuickInfo | undefined;
}

export class FastConverter implements CellConverter {
  private readonly cell: CellHost;
  private program: ts.Program | undefined;
  private tslab: Converter | undefined;
  private carried: { prevDecl: string; text: string } | undefined;

  constructor(cwd: string = ts.sys.getCurrentDirectory()) {
    this.cell = new CellHost(cellFiles(cwd));
  }

  /** Cells compiled by tslab's converter because they import local sources (for tests and notes). */
  fallbacks = 0;

  convert(prevDecl: string, src: string): ConvertResult {
    const names = topLevelNames(src, this.cell);
    // Every top-level name of the cell is exported, so the next cell sees it (exports.name).
    const text = names.size > 0 ? `${src}\nexport {${[...names].join(", ")}}` : src;
    const { program, srcFile, declsFile } = this.build(prevDecl, text);
    if (importsLocalSources(program, srcFile, this.cell.files.src)) {
      this.fallbacks++;
      this.tslab ??= converter.createConverter({ isJS: false, isBrowser: false });
      return this.tslab.convert(prevDecl, src);
    }
    const diag = convertDiagnostics(this.cell.files, srcFile, ts.getPreEmitDiagnosticsOfFiles(program, [srcFile]));
    if (diag.diagnostics.length > 0) return { diagnostics: diag.diagnostics };
    const checker = program.getTypeChecker();
    let output: string | undefined;
    let declOutput: string | undefined;
    let lastExpressionVar: string | undefined;
    program.emit(
      srcFile,
      (fileName, data) => {
        if (fileName.endsWith(".d.ts")) declOutput = data;
        else if (fileName.endsWith(".js")) output = data;
      },
      undefined,
      undefined,
      withCommonJs(cellTransformers(checker, declsFile, names, (n) => (lastExpressionVar = n))),
    );
    declOutput = `${declOutput}${this.remaining(checker, srcFile, declsFile, prevDecl, names.size === 0)}`;
    return {
      output: output ?? "",
      declOutput,
      diagnostics: [],
      hasToplevelAwait: diag.hasToplevelAwait,
      sideOutputs: undefined,
      lastExpressionVar,
    };
  }

  /**
   * Earlier declarations that survive the cell. A cell that declares nothing keeps them all, and
   * what is printed then depends on the declarations alone: kept for the next such cell, which also
   * spares the declarations file the in-place edit (and a new parse next time).
   */
  private remaining(checker: ts.TypeChecker, srcFile: ts.SourceFile, declsFile: ts.SourceFile, prevDecl: string, declaresNothing: boolean): string {
    if (declaresNothing && this.carried?.prevDecl === prevDecl) return this.carried.text;
    const text = remainingDecls(checker, srcFile, declsFile);
    this.cell.forgetDeclFile();
    this.carried = declaresNothing ? { prevDecl, text } : undefined;
    return text;
  }

  complete(prevDecl: string, src: string, position: number): CompletionResult {
    const { program, srcFile } = this.build(prevDecl, src);
    // Binding (done by the checker) sets the parent links the completion engine walks.
    program.getTypeChecker();
    return completions(program, srcFile, position);
  }

  inspect(prevDecl: string, src: string, position: number): QuickInfo | undefined {
    const { program, srcFile } = this.build(prevDecl, src);
    return quickInfo(program.getTypeChecker(), srcFile, position);
  }

  /** A program for this cell, built from the previous one (unchanged files are reused as they are). */
  private build(prevDecl: string, src: string): { program: ts.Program; srcFile: ts.SourceFile; declsFile: ts.SourceFile } {
    const { files } = this.cell;
    this.cell.setContent(prevDecl, src);
    this.program = ts.createProgram([files.decl, files.src], this.cell.options, this.cell.host, this.program);
    const srcFile = this.program.getSourceFile(files.src)!;
    const declsFile = this.program.getSourceFile(files.decl)!;
    // Earlier cells' names resolve as if the cell were nested in their declarations (tslab's scheme).
    (srcFile as { parent: ts.Node }).parent = declsFile;
    return { program: this.program, srcFile, declsFile };
  }
}

/** The cell's top-level names, from binding the cell alone (the binder needs no other file). */
function topLevelNames(src: string, cell: CellHost): Set<string> {
  const file = ts.createSourceFile(cell.files.src, SRC_PREFIX + src, TARGET);
  tsInternal.bindSourceFile(file, cell.options);
  const names = new Set<string>();
  file.locals?.forEach((_, name) => names.add(name as string));
  return names;
}

/** Whether the cell reaches, through its imports, a file that is compiled rather than declared. */
function importsLocalSources(program: ts.Program, srcFile: ts.SourceFile, srcName: string): boolean {
  const seen = new Set<string>([srcName]);
  const todo: ts.SourceFile[] = [srcFile];
  while (todo.length > 0) {
    const file = todo.pop()!;
    for (const r of resolvedModules(file)) {
      if (seen.has(r.resolvedFileName)) continue;
      seen.add(r.resolvedFileName);
      const dep = program.getSourceFile(r.resolvedFileName);
      if (!dep) continue;
      if (!dep.isDeclarationFile && /\.[cm]?[jt]sx?$/.test(dep.fileName)) return true;
      todo.push(dep);
    }
  }
  return false;
}

/**
 * Adds TypeScript's own CommonJS module transformer after tslab's rewrites, so one emit gives the
 * CommonJS that tslab gets by printing ES modules and compiling that text again (transpileModule).
 * The statements come out the same; the one visible difference is where an exported enum or
 * namespace is copied to `exports` (after its initializer rather than before), which changes no value.
 */
function withCommonJs(t: ts.CustomTransformers): ts.CustomTransformers {
  return { ...t, after: [...(t.after ?? []), tsInternal.transformModule] };
}
