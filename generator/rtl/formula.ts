/**
 * Cycle-count formulas as expressions over named terms, built once in code: the printed formula
 * (manifest, RTL header) and the value both derive from the same expression, so they cannot
 * disagree, and no formula text is ever evaluated.
 */
export type Terms = Readonly<Record<string, number>>;

export interface Expr {
  /** The formula as printed. */
  readonly text: string;
  /** Its value for the terms (a term not given counts as 0). */
  value(t: Terms): number;
  /** Binding strength of the text's outermost operator: 1 a sum, 2 a product, 3 an atom. */
  readonly prec: 1 | 2 | 3;
}

/** A named term (B, TL, C, ...). */
export const term = (name: string): Expr => ({ text: name, value: (t) => t[name] ?? 0, prec: 3 });

/** A constant. */
export const num = (k: number): Expr => ({ text: String(k), value: () => k, prec: 3 });

const wrap = (e: Expr, prec: number) => (e.prec < prec ? `(${e.text})` : e.text);

/** a + b + ...; `tight` prints it without spaces (as inside "(A+1)"). */
export function sum(parts: Array<Expr | string | number>, tight = false): Expr {
  const xs = parts.map(lift);
  return { text: xs.map((x) => x.text).join(tight ? '+' : ' + '), value: (t) => xs.reduce((a, x) => a + x.value(t), 0), prec: 1 };
}

/** a*b*...; a sum factor is parenthesised. */
export function product(parts: Array<Expr | string | number>): Expr {
  const xs = parts.map(lift);
  return { text: xs.map((x) => wrap(x, 2)).join('*'), value: (t) => xs.reduce((a, x) => a * x.value(t), 1), prec: 2 };
}

/** max(a, b). */
export function max(a: Expr | string | number, b: Expr | string | number): Expr {
  const [x, y] = [lift(a), lift(b)];
  return { text: `max(${x.text}, ${y.text})`, value: (t) => Math.max(x.value(t), y.value(t)), prec: 3 };
}

function lift(x: Expr | string | number): Expr {
  return typeof x === 'number' ? num(x) : typeof x === 'string' ? term(x) : x;
}

/** a - b; a sum subtrahend is parenthesised. */
export function sub(a: Expr | string | number, b: Expr | string | number): Expr {
  const [x, y] = [lift(a), lift(b)];
  return { text: `${x.text} - ${wrap(y, 2)}`, value: (t) => x.value(t) - y.value(t), prec: 1 };
}
