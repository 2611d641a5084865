/**
 * Floating-point constants in data (NASM manual 3.4.6): the decimal text converted exactly (no
 * detour through a JS double, so no double rounding) to the IEEE 754 format of the unit, rounded
 * to nearest even: DB 8-bit (1.4.3, bias 7), DW half, DD single, DQ double, DT 80-bit extended
 * (explicit integer bit). Also the special values __Infinity__, __QNaN__, __SNaN__.
 */

interface Format { exp: number; man: number; explicit: boolean }

const FORMATS: Readonly<Record<number, Format>> = {
  1: { exp: 4, man: 3, explicit: false },
  2: { exp: 5, man: 10, explicit: false },
  4: { exp: 8, man: 23, explicit: false },
  8: { exp: 11, man: 52, explicit: false },
  10: { exp: 15, man: 63, explicit: true },
};

const bitLength = (x: bigint) => (x === 0n ? 0 : x.toString(2).length);

/** The value of a NASM decimal floating-point constant as sign and exact fraction num/den. */
function parseDecimal(text: string): { neg: boolean; num: bigint; den: bigint } | undefined {
  const m = /^([0-9_]*)(?:\.([0-9_]*))?(?:[eE]([+-]?[0-9_]*))?$/.exec(text);
  if (!m) return undefined;
  const int = m[1]!.replace(/_/g, "");
  const frac = (m[2] ?? "").replace(/_/g, "");
  const e = Number((m[3] ?? "0").replace(/_/g, "").replace(/^[+-]?$/, "0")) - frac.length;
  const digits = BigInt((int + frac) || "0");
  if (e >= 0) return { neg: false, num: digits * 10n ** BigInt(e), den: 1n };
  return { neg: false, num: digits, den: 10n ** BigInt(-e) };
}

/** Rounds num/den * 2^-shift to an integer, ties to even. */
function roundScaled(num: bigint, den: bigint, shift: number): bigint {
  let n = num, d = den;
  if (shift >= 0) d <<= BigInt(shift);
  else n <<= BigInt(-shift);
  const q = n / d, r = n - q * d;
  if (2n * r > d || (2n * r === d && (q & 1n) === 1n)) return q + 1n;
  return q;
}

function encode(neg: boolean, num: bigint, den: bigint, f: Format): bigint {
  const p = f.man + 1; // significant bits including the leading one
  const bias = (1 << (f.exp - 1)) - 1;
  const maxBiased = (1 << f.exp) - 1;
  const sign = neg ? 1n << BigInt(f.exp + f.man + (f.explicit ? 1 : 0)) : 0n;
  const pack = (biased: number, mant: bigint) => {
    const fracBits = f.explicit ? BigInt(f.man + 1) : BigInt(f.man);
    const m = f.explicit ? mant : mant & ((1n << BigInt(f.man)) - 1n);
    return sign | (BigInt(biased) << fracBits) | m;
  };
  if (num === 0n) return sign;
  // exponent e such that num/den * 2^-e has p bits
  let e = bitLength(num) - bitLength(den) - p;
  let q = roundScaled(num, den, e);
  while (q >= 1n << BigInt(p)) { e++; q = roundScaled(num, den, e); }
  while (q < 1n << BigInt(p - 1)) { e--; q = roundScaled(num, den, e); }
  let biased = e + p - 1 + bias;
  if (biased >= maxBiased) return pack(maxBiased, f.explicit ? 1n << BigInt(f.man) : 0n); // infinity
  if (biased <= 0) {
    // subnormal: the quantum is the smallest subnormal, 2^(1 - bias - man)
    q = roundScaled(num, den, 1 - bias - f.man);
    biased = q >= 1n << BigInt(f.man) ? 1 : 0;
    return pack(biased, q);
  }
  return pack(biased, q);
}

function special(name: string, f: Format): bigint | undefined {
  const n = name.replace(/^__\?(.*)\?__$/, "__$1__");
  const expAll = BigInt((1 << f.exp) - 1) << BigInt(f.explicit ? f.man + 1 : f.man);
  const intBit = f.explicit ? 1n << BigInt(f.man) : 0n;
  const quiet = 1n << BigInt(f.man - 1);
  if (n === "__Infinity__") return expAll | intBit;
  if (n === "__QNaN__" || n === "__NaN__") return expAll | intBit | quiet;
  if (n === "__SNaN__") return expAll | intBit | 1n;
  return undefined;
}

/** Little-endian bytes of a float constant (decimal text or a special name) in a unit of `unit` bytes, or undefined when unsupported. */
export function floatData(text: string, negative: boolean, unit: number): number[] | undefined {
  const f = FORMATS[unit];
  if (!f) return undefined;
  let v = special(text, f);
  if (v === undefined) {
    const d = parseDecimal(text);
    if (!d) return undefined;
    v = encode(negative, d.num, d.den, f);
  } else if (negative) v |= 1n << BigInt(unit * 8 - 1);
  const out: number[] = [];
  for (let k = 0; k < unit; k++) out.push(Number((v >> BigInt(8 * k)) & 0xffn));
  return out;
}

/** Whether `name` is one of NASM's special floating-point constants. */
export function isSpecialFloat(name: string): boolean {
  return /^__\??(Infinity|QNaN|NaN|SNaN)\??__$/.test(name);
}
