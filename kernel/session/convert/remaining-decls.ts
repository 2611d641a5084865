/*
 * What of the earlier cells' declarations survives a new cell (tslab 1.0.22 semantics): a name the
 * new cell declares again as a value replaces the old value, as a type the old type; whatever the
 * cell does not redeclare is carried over. Works on the declarations file of the cell's program and
 * prints what is left; the file is changed in place, so the caller must not reuse it afterwards.
 * A class or enum whose type was redeclared but whose value was not stays usable as `let X: any`.
 */
import * as ts from "@tslab/typescript-for-tslab";
import { converter } from "../tslab";
import { mutable } from "./internal";

interface Keep {
  value: boolean;
  type: boolean;
}

/** Which meanings of an earlier name the new cell leaves in place. */
function keepOf(checker: ts.TypeChecker, redeclared: ts.Symbol | undefined): Keep {
  const keep = { value: true, type: true };
  if (!redeclared) return keep;
  const sym = redeclared.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(redeclared) : redeclared;
  if (sym.flags & ts.SymbolFlags.Value) keep.value = false;
  if (sym.flags & ts.SymbolFlags.Type) keep.type = false;
  return keep;
}

function topLevel(node: ts.Node, file: ts.SourceFile): ts.Node {
  while (node.parent !== file) node = node.parent;
  return node;
}

export function remainingDecls(checker: ts.TypeChecker, srcFile: ts.SourceFile, declsFile: ts.SourceFile): string {
  const kept = new Map<ts.Node, Set<string>>();
  const keepName = (node: ts.Node, name: string) => {
    const s = kept.get(node) ?? new Set<string>();
    s.add(name);
    kept.set(node, s);
  };
  const valueNames = new Set<string>();
  const anyVars = new Set<string>();
  const cellLocals = srcFile.locals;

  declsFile.locals?.forEach((sym, escaped) => {
    const key = escaped as string;
    const keep = keepOf(checker, cellLocals?.get(escaped));
    if (!keep.type && !keep.value) return;
    for (const decl of sym.declarations ?? []) {
      const node = topLevel(decl, declsFile);
      if (ts.isVariableStatement(node)) {
        if (keep.value) {
          keepName(node, key);
          anyVars.delete(key);
          valueNames.add(key);
        }
      } else if (ts.isTypeAliasDeclaration(node) || ts.isInterfaceDeclaration(node)) {
        if (keep.type) keepName(node, key);
      } else if (ts.isClassDeclaration(node) || ts.isEnumDeclaration(node)) {
        if (keep.type) {
          // Type kept: the declaration stays only if its value is kept too.
          if (keep.value) keepName(node, key);
        } else {
          const name = node.name!.escapedText as string;
          if (!valueNames.has(name)) anyVars.add(name);
        }
      } else if (ts.isImportDeclaration(node)) {
        keepImport(checker, sym, keep, node, key, valueNames, anyVars, keepName);
      } else if (ts.isFunctionDeclaration(node)) {
        if (keep.value) keepName(node, key);
      }
    }
  });

  const statements: ts.Statement[] = [];
  for (const stmt of declsFile.statements) {
    const names = kept.get(stmt);
    if (!names) continue;
    statements.push(stmt);
    if (ts.isVariableStatement(stmt)) {
      const decls = stmt.declarationList.declarations.filter((d) => ts.isIdentifier(d.name) && names.has(d.name.escapedText as string));
      mutable(stmt.declarationList).declarations = ts.factory.createNodeArray(decls);
    } else if (ts.isImportDeclaration(stmt)) {
      converter.keepNamesInImport(stmt, names as Set<unknown> as Set<ts.__String>);
    }
  }
  mutable(declsFile).statements = ts.factory.createNodeArray(statements);
  const printed = ts.createPrinter({ newLine: ts.NewLineKind.LineFeed }).printFile(declsFile);
  return printed + [...anyVars].map((n) => `let ${n}: any;\n`).join("");
}

function keepImport(
  checker: ts.TypeChecker,
  sym: ts.Symbol,
  keep: Keep,
  node: ts.ImportDeclaration,
  key: string,
  valueNames: Set<string>,
  anyVars: Set<string>,
  keepName: (node: ts.Node, name: string) => void,
): void {
  if (keep.type && keep.value) {
    keepName(node, key);
    return;
  }
  const target = checker.getAliasedSymbol(sym);
  if (!keep.value) {
    // Only the type survives: keep the import unless what it names is (also) a value, which the
    // cell has just replaced. (tslab tests `flags && Type`, i.e. any flags at all; kept as is.)
    if (target.flags & ts.SymbolFlags.Value) return;
    if (target.flags) keepName(node, key);
    return;
  }
  // Only the value survives.
  if (target.flags & ts.SymbolFlags.Type) {
    if (target.flags & ts.SymbolFlags.Value && !valueNames.has(target.escapedName as string)) anyVars.add(target.escapedName as string);
    return;
  }
  keepName(node, key);
}
