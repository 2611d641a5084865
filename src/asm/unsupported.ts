/**
 * NASM instructions and registers outside vtlab's subset (x87 arithmetic, MMX/SSE/AVX, 64-bit,
 * and a few rare or vendor-specific instructions). They matter in two ways:
 * - a word alone on a line is a label for NASM only when it is not an instruction (NASM manual
 *   3.1), so `fsin` or `vzeroupper` alone must not silently become a label that emits nothing;
 * - using them gets the clear error "not supported: ..." instead of "unknown instruction" or
 *   "symbol not defined".
 * The mnemonic list holds every instruction NASM 2.16 assembles without operands that vtlab
 * lacks, plus the x87 and common MMX/SSE names written with operands (checked against nasm by
 * test/asm/hunt-unsupported.test.ts).
 */

const X87 = `f2xm1 fabs fadd faddp fbld fbstp fchs fcmovb fcmovbe fcmove fcmovnb fcmovnbe fcmovne fcmovnu fcmovu fcom
  fcomi fcomip fcomp fcompp fcos fdecstp fdisi fdiv fdivp fdivr fdivrp feni ffree ffreep fiadd ficom ficomp fidiv fidivr
  fild fimul fincstp fist fistp fisttp fisub fisubr fld fldl2e fldl2t fldlg2 fldln2 fldpi fmul fmulp fndisi fneni
  fpatan fprem fprem1 fptan frndint fscale fsetpm fsin fsincos fsqrt fst fstp fsub fsubp fsubr fsubrp
  ftst fucom fucomi fucomip fucomp fucompp fxam fxch fxtract fyl2x fyl2xp1`;

const SIMD = `femms vzeroall vzeroupper movd movq movdqa movdqu movaps movups movapd movupd movss movntdq movnti
  movntps movntq paddb paddw paddd paddq psubb psubw psubd psubq pand pandn por pxor pcmpeqb pcmpeqw pcmpeqd
  pshufd pshufb punpcklbw punpcklwd punpckldq addps addss addpd addsd subps subss mulps mulss divps divss sqrtps
  sqrtss xorps xorpd andps andpd orps orpd cvtsi2ss cvtsi2sd cvtss2si cvtsd2si cvttss2si cvttsd2si comiss comisd
  ucomiss ucomisd maskmovq maskmovdqu pmovmskb psllw pslld psllq psrlw psrld psrlq psraw psrad pslldq psrldq
  vmovaps vmovups vmovdqa vmovdqu vpxor vxorps aesenc aesdec pclmulqdq`;

const OTHER = `dmint encls enclu enclv loadall loadall286 montmul pcommit pconfig pvalidate rdm rmpadjust saveprevssp
  setssbsy smi smint smintold ud2b vmgexit xcryptcbc xcryptcfb xcryptctr xcryptecb xcryptofb xresldtrk xsha1
  xsha256 xstore xsusldtrk`;

const words = (s: string) => s.trim().split(/\s+/);

export const UNSUPPORTED_MNEMONICS: ReadonlySet<string> = new Set([...words(X87), ...words(SIMD), ...words(OTHER)]);

/** What kind of unsupported instruction `op` is, for the error message. */
export function unsupportedMessage(op: string): string | undefined {
  if (!UNSUPPORTED_MNEMONICS.has(op)) return undefined;
  const kind = words(X87).includes(op) ? "x87 floating-point instruction" : words(SIMD).includes(op) ? "MMX/SSE/AVX instruction" : "instruction";
  return `not supported: ${kind} '${op}' (outside vtlab's NASM subset)`;
}

/** x87, MMX, SSE/AVX, AVX-512 mask, MPX, AMX and 64-bit registers (NASM's regs.dat names). */
const UNSUPPORTED_REGISTER = /^(st[0-7]|mm[0-7]|[xyz]mm([0-9]|[12][0-9]|3[01])|k[0-7]|bnd[0-3]|tmm[0-7]|r[a-d]x|r[sd]i|r[sb]p|[sb]pl|[sd]il|r([89]|1[0-5])[bwd]?|cr([89]|1[0-5])|dr([89]|1[0-5])|segr[67])$/i;

/** The message for a name that is a register NASM knows but vtlab does not support. */
export function unsupportedRegister(name: string): string | undefined {
  if (!UNSUPPORTED_REGISTER.test(name)) return undefined;
  const r = name.toLowerCase();
  const kind = /^st/.test(r) ? "x87" : /^mm/.test(r) ? "MMX" : /mm/.test(r) ? "SSE/AVX" : /^(k|bnd|tmm)/.test(r) ? "AVX-512/MPX/AMX" : /^r|[sb]pl|[sd]il/.test(r) ? "64-bit" : "";
  return `not supported: ${kind ? kind + " " : ""}register '${name}' (outside vtlab's NASM subset)`;
}
