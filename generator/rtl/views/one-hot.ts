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
  const values = byValue(choices);
  const base = fallback ?? values[0]?.value;
  if (base === undefined) throw new Error('oneHotSelect: no choice and no fallback');
  const others = values.filter((v) => v.value !== base);
  if (!others.length) return base;
  const any = (v: { when: string[] }) => v.when.join(' | ');
  if (others.length === 1) return `(${any(others[0]!)}) ? ${others[0]!.value} : ${base}`;
  const terms = others.map((v) => `({WI{${any(v)}}} & ${v.value})`);
  return [...terms, `({WI{~(${others.map(any).join(' | ')})}} & ${base})`].join('\n            | ');
}

/** One value chosen in the cycles of a static schedule whose step bits are one-hot (`st[step]`). */
export interface StepChoice { step: number; value: string }

/**
 * A one-hot choice under registered select bits: each distinct value's select (the OR of its
 * steps) is computed a cycle early from the step bits' next values (`next(step)`, reset
 * included) and kept in a flip-flop of `name`; the fallback's (the first value: no other
 * selected) is the NOR of the others. The operand is then one AND-OR level behind flip-flops,
 * each driving one value's WI bits: the OR of a value's steps, the fallback's NOR of all the
 * others and one step bit's fan-out into every operand bit are off the path into the operator
 * (in sg13g2 that choice took 4 ns of a 13 ns cycle). The register is a `<prefix>_replica`, so
 * that synthesis does not merge it with another operand's identical one. `decl` declares and
 * loads it, `expr` is the operand. No register when only one value is ever chosen.
 */
export function registeredOneHotSelect(prefix: string, name: string, choices: StepChoice[], next: (step: number) => string): { decl: string[]; expr: string } {
  const [base, ...others] = byValue(choices.map((c) => ({ when: next(c.step), value: c.value })));
  if (!base) throw new Error('registeredOneHotSelect: no choice');
  if (!others.length) return { decl: [], expr: base.value };
  const sels = others.map((v) => v.when.join(' | '));
  const register = (width: number, d: string) => [
    `wire ${width > 1 ? `[${width - 1}:0] ` : ''}${name};`,
    `${prefix}_replica #(.WIDTH(${width})) ${name}_r (.clk(clk), .en(1'b1), .d(${d}), .q(${name}));`,
  ];
  if (others.length === 1) return { decl: register(1, sels[0]!), expr: `${name} ? ${others[0]!.value} : ${base.value}` };
  // bit k: others[k] chosen; the top bit: none of them (the fallback)
  const n = others.length + 1;
  return {
    decl: register(n, `{ ~(${sels.join(' | ')}), ${[...sels].reverse().map((x) => `(${x})`).join(', ')} }`),
    expr: [...others.map((v, k) => `({WI{${name}[${k}]}} & ${v.value})`), `({WI{${name}[${n - 1}]}} & ${base.value})`].join('\n            | '),
  };
}

/** The distinct values in the order they first come, each with every condition it is chosen under. */
function byValue(choices: Choice[]): Array<{ value: string; when: string[] }> {
  const values: Array<{ value: string; when: string[] }> = [];
  for (const c of choices) {
    const same = values.find((v) => v.value === c.value);
    if (same) same.when.push(c.when);
    else values.push({ value: c.value, when: [c.when] });
  }
  return values;
}
