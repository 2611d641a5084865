/**
 * Placement of `bin` sections (NASM manual 8.1.3 "Multisection Support for the bin Format"), in
 * the order nasm's bin output writer uses:
 * 1. progbits sections keep the order they were first named in; a section with `follows=X` moves,
 *    together with the sections named after it that have no start=/follows= of their own, to just
 *    after X;
 * 2. groups led by a `start=` section are sorted by that address;
 * 3. each section without start= begins at the end of the previous one, aligned to its `align=`
 *    (or the largest `align` used in it; 4 by default); the first begins at the origin (aligned
 *    only when it asked for an alignment); without `org`, a first section with start= sets it;
 * 4. the virtual address is `vstart=`, or after the `vfollows=` section, or the load address; a
 *    nobits section follows the section named before it (`.bss`: the last progbits section).
 */
import type { SectionOut } from "./layout";

export interface Placement { origin: number; errors: { at: SectionOut; message: string }[] }

const alignUp = (n: number, a: number) => Math.ceil(n / a) * a;

export function placeSections(created: SectionOut[], origin: number, orgGiven: boolean): Placement {
  const errors: Placement["errors"] = [];
  const prog = created.filter((s) => s.progbits);
  const byName = (n: string | undefined) => created.find((s) => s.name === n);

  // 1. follows= groups move after the section they follow
  let list = [...prog];
  let i = 0;
  for (let guard = 0; guard < 4 * list.length + 4 && i < list.length; guard++) {
    let g = i;
    if (list[g]!.follows === undefined) {
      while (g + 1 < list.length && !(list[g + 1]!.follows !== undefined && list[g]!.name !== list[g + 1]!.follows)) g++;
      if (g + 1 >= list.length) break;
      g++;
    }
    const lead = list[g]!;
    const target = list.find((s) => s.name === lead.follows);
    if (!target) {
      if (!byName(lead.follows)) errors.push({ at: lead, message: `section '${lead.name}' follows '${lead.follows}', which is not defined` });
      else errors.push({ at: lead, message: `section '${lead.name}' cannot follow nobits section '${lead.follows}'` });
      break;
    }
    let e = g + 1;
    while (e < list.length && list[e] !== target && list[e]!.fixedStart === undefined) {
      if (e + 1 < list.length && list[e + 1]!.follows !== undefined && list[e]!.name !== list[e + 1]!.follows) { e++; break; }
      e++;
    }
    const group = list.slice(g, e);
    if (group.includes(target)) { errors.push({ at: lead, message: `sections follow each other in a circle ('${lead.name}' follows '${lead.follows}')` }); break; }
    const next = list[e];
    list = [...list.slice(0, g), ...list.slice(e)];
    const t = list.indexOf(target);
    list.splice(t + 1, 0, ...group);
    if (!next) break;
    i = list.indexOf(next);
  }

  // 2. start= groups sorted by address
  const sorted: SectionOut[] = [];
  for (let k = 0; k < list.length; ) {
    let e = k + 1;
    while (e < list.length && list[e]!.fixedStart === undefined) e++;
    const start = list[k]!.fixedStart ?? 0;
    let pos = sorted.findIndex((s) => s.fixedStart !== undefined && start < s.fixedStart);
    if (pos < 0) pos = sorted.length;
    sorted.splice(pos, 0, ...list.slice(k, e));
    k = e;
  }

  // 3. load addresses
  const first = sorted[0];
  if (first) {
    if (!orgGiven && first.fixedStart !== undefined) origin = first.fixedStart;
    if (first.fixedStart !== undefined && first.fixedStart < origin) errors.push({ at: first, message: `section '${first.name}' begins before the origin` });
    first.start = first.fixedStart ?? (first.alignSet ? alignUp(origin, first.align) : origin);
  }
  let pend = first?.start ?? origin;
  let lastNonEmpty: SectionOut | undefined;
  for (const g of sorted) {
    if (g.fixedStart !== undefined) g.start = g.fixedStart;
    else if (g !== first) g.start = alignUp(pend, g.align);
    if (g.start < pend) {
      if (g.size > 0 && lastNonEmpty) errors.push({ at: g, message: `sections '${lastNonEmpty.name}' and '${g.name}' overlap` });
      continue;
    }
    pend = g.start + g.size;
    if (g.size > 0) lastNonEmpty = g;
  }

  // 4. virtual addresses; nobits sections after the section named before them
  const lastProg = sorted[sorted.length - 1];
  const done = new Set<SectionOut>();
  for (const s of sorted) {
    if (s.vfollows === undefined) { s.vaddr = s.vstart ?? s.start; done.add(s); }
  }
  for (const s of created) {
    if (s.progbits) continue;
    if (s.vstart !== undefined || s.fixedStart !== undefined) { s.vaddr = s.start = s.vstart ?? s.fixedStart!; done.add(s); }
  }
  for (let changed = true; changed; ) {
    changed = false;
    for (const s of created) {
      if (done.has(s)) continue;
      const name = s.vfollows ?? s.follows;
      const idx = created.indexOf(s);
      const after = name !== undefined ? byName(name) : s.name === ".bss" || idx === 0 ? lastProg : created[idx - 1];
      if (!after) {
        if (name !== undefined) errors.push({ at: s, message: `section '${s.name}' follows '${name}', which is not defined` });
        s.vaddr = s.start = origin;
        done.add(s);
        continue;
      }
      if (!done.has(after)) continue;
      s.vaddr = alignUp(after.vaddr + after.size, s.progbits ? 4 : s.align);
      if (!s.progbits) s.start = s.vaddr;
      done.add(s);
      changed = true;
    }
  }
  for (const s of created) {
    if (!done.has(s)) {
      errors.push({ at: s, message: `sections follow each other in a circle ('${s.name}' follows '${s.vfollows ?? s.follows}')` });
      s.vaddr = s.start;
    }
  }
  return { origin, errors };
}
