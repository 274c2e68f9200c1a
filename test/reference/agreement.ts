/**
 * Agreement between two sequences of output codes: the fraction of words equal and the largest
 * distance in steps (neighbouring representable values are one step apart), as docs/engines.md
 * states it for the golden model against each engine's reference.
 */

export interface Agreement {
  words: number;
  equal: number;
  /** Largest |ordinal(a) - ordinal(b)|. */
  maxSteps: number;
}

export function agreement(a: readonly number[], b: readonly number[], ordinal: (code: number) => number): Agreement {
  if (a.length !== b.length) throw new RangeError(`${a.length} words against ${b.length}`);
  let equal = 0;
  let maxSteps = 0;
  for (let i = 0; i < a.length; i++) {
    if (a[i] === b[i]) equal++;
    else maxSteps = Math.max(maxSteps, Math.abs(ordinal(a[i]!) - ordinal(b[i]!)));
  }
  return { words: a.length, equal, maxSteps };
}

export function addAgreement(x: Agreement, y: Agreement): Agreement {
  return { words: x.words + y.words, equal: x.equal + y.equal, maxSteps: Math.max(x.maxSteps, y.maxSteps) };
}

/** "99.61% equal (1,020 of 1,024), at most 1 step off". */
export function describeAgreement(a: Agreement): string {
  const pct = ((100 * a.equal) / a.words).toFixed(2);
  return `${pct}% equal (${a.equal.toLocaleString('en-US')} of ${a.words.toLocaleString('en-US')}), at most ${a.maxSteps} step${a.maxSteps === 1 ? '' : 's'} off`;
}

/** Signed ordinal of a sign-magnitude pattern of `width` bits. */
export function signMagnitudeOrdinal(width: number): (code: number) => number {
  const sign = 2 ** (width - 1);
  return (code) => (code >= sign ? -(code - sign) : code);
}
