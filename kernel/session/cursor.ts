/*
 * Cursor positions: the Jupyter messaging spec (5.2+, "Cursor position") counts unicode code points;
 * JavaScript strings index UTF-16 code units. These convert between the two.
 */
export function toCodeUnits(text: string, codePoints: number): number {
  let units = 0;
  let points = 0;
  for (const ch of text) {
    if (points >= codePoints) break;
    units += ch.length;
    points++;
  }
  return units;
}

export function toCodePoints(text: string, codeUnits: number): number {
  return [...text.slice(0, Math.max(0, codeUnits))].length;
}
