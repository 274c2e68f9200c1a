/**
 * An operand chosen by one-hot conditions, as one Verilog expression of WI bits. The conditions
 * are step bits of a static schedule (at most one is set at a time: the schedule issues one
 * operation per adder and cycle), so the choice is an AND-OR of the distinct values, each under
 * the OR of its conditions: a few gate levels from any condition, where a chain of
 * `if (cond) x = v;` overrides puts the first condition behind every later one (and that path
 * goes on into the adder's first stage).
 */

/** One value under one condition (a Verilog Boolean expression, e.g. `st[4]`). */
export interface Choice { when: string; value: string }

/**
 * The expression: `fallback` when no condition holds; without `fallback`, the first choice's
 * value is the fallback (taken when no other value's condition holds: idle, or one of its own).
 */
export function oneHotSelect(choices: Choice[], fallback?: string): string {
  const values: Array<{ value: string; when: string[] }> = [];
  for (const c of choices) {
    const same = values.find((v) => v.value === c.value);
    if (same) same.when.push(c.when);
    else values.push({ value: c.value, when: [c.when] });
  }
  const base = fallback ?? values[0]?.value;
  if (base === undefined) throw new Error('oneHotSelect: no choice and no fallback');
  const others = values.filter((v) => v.value !== base);
  if (!others.length) return base;
  const any = (v: { when: string[] }) => v.when.join(' | ');
  if (others.length === 1) return `(${any(others[0]!)}) ? ${others[0]!.value} : ${base}`;
  const terms = others.map((v) => `({WI{${any(v)}}} & ${v.value})`);
  return [...terms, `({WI{~(${others.map(any).join(' | ')})}} & ${base})`].join('\n            | ');
}
