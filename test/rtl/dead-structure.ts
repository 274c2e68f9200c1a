/**
 * A scan of emitted Verilog for structure that does nothing: a case whose only arm is an empty
 * default, a select whose two arms are the same (`a ? y : y`), and a register that is written but
 * never read (reads inside `unused_*` wires, which only quiet the linter, do not count).
 */

/** Comments out, one statement per match. */
const code = (text: string) => text.replace(/\/\/.*$/gm, '');

export function emptyCases(text: string): string[] {
  return [...code(text).matchAll(/case\s*\(([^)]*)\)\s*default\s*:\s*;\s*endcase/g)].map((m) => `empty case (${m[1]})`);
}

export function sameArmSelects(text: string): string[] {
  const out: string[] = [];
  for (const m of code(text).matchAll(/\?\s*([^?:;(){}\s]+(?:\s*\[[^\]]*\])?)\s*:\s*([^?:;(){}\s]+(?:\s*\[[^\]]*\])?)\s*[;),]/g)) {
    if (m[1]!.replace(/\s/g, '') === m[2]!.replace(/\s/g, '')) out.push(`select with equal arms: ${m[0].trim()}`);
  }
  return out;
}

export function unreadRegisters(text: string): string[] {
  const src = code(text).split('\n').filter((l) => !/\bwire\s+unused_\w*\s*=/.test(l)).join('\n');
  const names = new Set<string>();
  // registers declared in the body (an `output reg` is read outside the module)
  for (const m of src.matchAll(/(?<!output\s+)\breg\b(?:\s+signed)?(?:\s*\[[^\]]*\])?\s+([^;]+);/g)) {
    for (const part of m[1]!.split(',')) {
      const n = /^\s*([A-Za-z_]\w*)/.exec(part);
      if (n) names.add(n[1]!);
    }
  }
  const out: string[] = [];
  for (const n of names) {
    let reads = 0;
    for (const m of src.matchAll(new RegExp(`\\b${n}\\b`, 'g'))) {
      const before = src.slice(Math.max(0, m.index! - 200), m.index!);
      const after = src.slice(m.index! + n.length);
      const declared = /\breg\b[^;]*$/.test(before);
      const written = /^\s*(\[[^\]]*\]\s*)*<?=(?!=)/.test(after);
      if (!declared && !written) reads++;
    }
    if (reads === 0) out.push(`register ${n} is never read`);
  }
  return out;
}

export const deadStructure = (text: string): string[] => [...emptyCases(text), ...sameArmSelects(text), ...unreadRegisters(text)];
