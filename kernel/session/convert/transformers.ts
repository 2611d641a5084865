/*
 * Emit-time rewrites of a cell, with the behaviour of tslab 1.0.22's converter:
 * - names declared by earlier cells become `exports.name` (all cells share one exports object, and
 *   the cell's own module scope would otherwise shadow nothing and find nothing);
 * - the cell's last expression statement becomes `export const tsLastExpr = <expr>` so the kernel
 *   can return the value as execute_result (the name avoids the cell's own top-level names);
 * - in the declaration output, the `export { ... }` list the converter appended is dropped (the
 *   names are carried to the next cell as plain declarations).
 */
import * as ts from "@tslab/typescript-for-tslab";
import { mutable } from "./internal";

const LAST_EXPR = "tsLastExpr";

export function lastExprName(locals: ReadonlySet<string>): string {
  if (!locals.has(LAST_EXPR)) return LAST_EXPR;
  for (let i = 0; ; i++) if (!locals.has(`${LAST_EXPR}${i}`)) return `${LAST_EXPR}${i}`;
}

export function cellTransformers(checker: ts.TypeChecker, declsFile: ts.SourceFile, locals: ReadonlySet<string>, onLastExpr: (name: string) => void): ts.CustomTransformers {
  const ctx = ts.getNullTransformationContext();
  const declaredEarlier = (id: ts.Identifier): boolean => (checker.getSymbolAtLocation(id)?.declarations ?? []).some((d) => d.getSourceFile() === declsFile);

  const toExports = (node: ts.Node): ts.Node => {
    if (!ts.isIdentifier(node)) return ts.visitEachChild(node, toExports, ctx);
    const p = node.parent;
    if (p && ts.isPropertyAccessExpression(p) && p.name === node) return node;
    if (!declaredEarlier(node)) return node;
    return ts.factory.createPropertyAccessExpression(ts.factory.createIdentifier("exports"), node);
  };

  const after = (): ts.Transformer<ts.SourceFile> => (file) => {
    const out = ts.visitEachChild(file, toExports, ctx);
    const stmts = out.statements;
    for (let i = stmts.length - 1; i >= 0; i--) {
      const s = stmts[i];
      if (ts.isExportDeclaration(s)) continue;
      if (!ts.isExpressionStatement(s)) break;
      const name = lastExprName(locals);
      const decl = ts.factory.createVariableStatement(
        [ts.factory.createModifier(ts.SyntaxKind.ExportKeyword)],
        ts.factory.createVariableDeclarationList([ts.factory.createVariableDeclaration(name, undefined, undefined, s.expression)], ts.NodeFlags.Const),
      );
      onLastExpr(name);
      mutable(out).statements = ts.factory.createNodeArray([...stmts.slice(0, i), decl, ...stmts.slice(i + 1)]);
      break;
    }
    return out;
  };

  const afterDeclarations = (): ts.Transformer<ts.SourceFile | ts.Bundle> => (node) => {
    if (!ts.isSourceFile(node)) return node;
    mutable(node).statements = ts.factory.createNodeArray(node.statements.filter((s) => !ts.isExportDeclaration(s)));
    return node;
  };

  return { after: [after], afterDeclarations: [afterDeclarations] };
}
