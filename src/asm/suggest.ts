/**
 * "Did you mean" for unknown mnemonics: the closest known mnemonic by edit distance
 * (Levenshtein), offered when it is at most two edits away.
 */
import { allMnemonics } from "./encoder";

export function unknownMessage(op: string): string {
  let best = "";
  let bestD = Infinity;
  for (const m of allMnemonics()) {
    const d = distance(op, m);
    if (d < bestD) { bestD = d; best = m; }
  }
  return bestD <= 2 ? `unknown instruction '${op}' (did you mean '${best}'?)` : `unknown instruction '${op}'`;
}

function distance(a: string, b: string): number {
  const dp = Array.from({ length: a.length + 1 }, (_, i) => [i, ...new Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) dp[0]![j] = j;
  for (let i = 1; i <= a.length; i++)
    for (let j = 1; j <= b.length; j++)
      dp[i]![j] = Math.min(dp[i - 1]![j]! + 1, dp[i]![j - 1]! + 1, dp[i - 1]![j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
  return dp[a.length]![b.length]!;
}
