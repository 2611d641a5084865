/**
 * The answers of the CPUID instruction, computed from a CpuModel (src/cpu/model.ts).
 *
 * Follows SDM Vol. 2A, "CPUID—CPU Identification" and AMD APM Vol. 3, Appendix E:
 * - leaf 0: highest basic leaf in EAX, vendor string in EBX, EDX, ECX;
 * - leaf 1: version information in EAX (Figure 3-6: stepping 3:0, model 7:4, family 11:8,
 *   extended model 19:16 when family is 6 or 0Fh, extended family 27:20 when family is 0Fh),
 *   EBX as the model says, feature words in ECX/EDX;
 * - leaf 8000_0000h: highest extended leaf; 8000_0001h: signature (AMD) and extended features;
 *   8000_0002h..8000_0004h: the brand string, 16 ASCII bytes per leaf, NUL padded;
 * - other leaves (and any leaf above 1 the model lists explicitly): the model's raw table (keyed "leaf" or "leaf.subleaf"), zeros if absent.
 * Out-of-range leaves: Intel parts answer with the data of the highest basic leaf ("If a value
 * entered for CPUID.EAX is higher than the maximum input value for basic or extended function
 * ..., the data for the highest basic information leaf is returned"); AMD parts answer zeros.
 *
 * Left out: per-logical-processor fields (APIC IDs other than 0), leaf 0Bh/1Fh topology enumeration
 * beyond the model's raw table, OSXSAVE/OSPKE bits that mirror CR4.
 */
import { CpuidRegs, CpuModel, isIntel } from "./model";

/** The EAX value of CPUID leaf 1 for a display family/model/stepping (SDM Vol. 2A, Figure 3-6). */
export function versionSignature(family: number, model: number, stepping: number): number {
  const baseFamily = family >= 0xf ? 0xf : family;
  const extFamily = family >= 0xf ? family - 0xf : 0;
  const useExtModel = family === 6 || family >= 0xf;
  const baseModel = useExtModel ? model & 0xf : model;
  const extModel = useExtModel ? model >> 4 : 0;
  return ((extFamily << 20) | (extModel << 16) | (baseFamily << 8) | (baseModel << 4) | stepping) >>> 0;
}

/** Four little-endian ASCII characters packed into one register. */
function pack4(s: string, at: number): number {
  let v = 0;
  for (let i = 3; i >= 0; i--) v = (v << 8) | (at + i < s.length ? s.charCodeAt(at + i) & 0xff : 0);
  return v >>> 0;
}

function rawLeaf(m: CpuModel, leaf: number, subleaf: number): CpuidRegs {
  const k = leaf.toString(16);
  const r = m.leaves[`${k}.${subleaf.toString(16)}`] ?? m.leaves[k];
  return r ? { eax: r.eax >>> 0, ebx: r.ebx >>> 0, ecx: r.ecx >>> 0, edx: r.edx >>> 0 } : { eax: 0, ebx: 0, ecx: 0, edx: 0 };
}

function inRange(m: CpuModel, leaf: number): boolean {
  if (leaf < 0x80000000) {
    if (leaf <= m.maxBasicLeaf) return true;
    // A hypervisor leaf is in range when the model lists it (QEMU's 4000_0000h).
    return leaf >= 0x40000000 && leaf < 0x40000100 && m.leaves[leaf.toString(16)] !== undefined;
  }
  return leaf <= m.maxExtendedLeaf;
}

/** CPUID with EAX = leaf and ECX = subleaf on a processor of model `m`. */
export function cpuid(m: CpuModel, leaf: number, subleaf: number): CpuidRegs {
  leaf >>>= 0;
  subleaf >>>= 0;
  if (!inRange(m, leaf)) {
    if (!isIntel(m)) return { eax: 0, ebx: 0, ecx: 0, edx: 0 };
    leaf = m.maxBasicLeaf;
  }
  const v = m.vendor;
  // A raw entry in the model's table wins over the computed answer (QEMU's Intel models fill
  // 8000_0000h:EBX..EDX with the vendor and 8000_0001h:EAX with the signature).
  if (leaf > 1 && (m.leaves[leaf.toString(16)] || m.leaves[`${leaf.toString(16)}.${subleaf.toString(16)}`])) {
    return rawLeaf(m, leaf, subleaf);
  }
  switch (leaf) {
    case 0:
      return { eax: m.maxBasicLeaf >>> 0, ebx: pack4(v, 0), edx: pack4(v, 4), ecx: pack4(v, 8) };
    case 1:
      return {
        eax: versionSignature(m.family, m.model, m.stepping),
        ebx: m.leaf1Ebx >>> 0,
        ecx: m.features1Ecx >>> 0,
        edx: m.features1Edx >>> 0,
      };
    case 0x80000000:
      // Intel leaves EBX..EDX reserved (zero); AMD repeats the vendor string (APM Vol. 3, E.4.1).
      return isIntel(m)
        ? { eax: m.maxExtendedLeaf >>> 0, ebx: 0, ecx: 0, edx: 0 }
        : { eax: m.maxExtendedLeaf >>> 0, ebx: pack4(v, 0), edx: pack4(v, 4), ecx: pack4(v, 8) };
    case 0x80000001:
      return {
        eax: isIntel(m) ? 0 : versionSignature(m.family, m.model, m.stepping),
        ebx: 0,
        ecx: m.featuresExtEcx >>> 0,
        edx: m.featuresExtEdx >>> 0,
      };
    case 0x80000002:
    case 0x80000003:
    case 0x80000004: {
      const at = (leaf - 0x80000002) * 16;
      return { eax: pack4(m.brand, at), ebx: pack4(m.brand, at + 4), ecx: pack4(m.brand, at + 8), edx: pack4(m.brand, at + 12) };
    }
    default:
      return rawLeaf(m, leaf, subleaf);
  }
}
