/**
 * Switching activity from a VCD file: for every bit of every dumped signal, how often its
 * value changed and how long it was 1. A signal that changes several times within one time step
 * (zero-delay glitches) counts once, by its value at the end of the step, so the counts are
 * those of a cycle-based (zero-delay) simulation: transitions of settled values.
 */

export interface BitActivity {
  /** Scope path below the dumped top (e.g. ['g12']) and the signal's name, and the bit for a vector. */
  scope: string[];
  name: string;
  bit: number | null;
  /** Changes between settled 0 and 1 (X and Z count neither as a toggle nor as 1). */
  toggles: number;
  /** Time at 1, in the VCD's time unit. */
  highTime: number;
}

export interface VcdActivity {
  bits: BitActivity[];
  /** The last time stamp (the run's length in the VCD's time unit). */
  endTime: number;
  /** `$timescale`, e.g. "1ps". */
  timescale: string;
}

interface Var { width: number; bits: BitActivity[]; value: string[]; since: number[] }

/** Bytes of a VCD held as one string at a time: a whole 16-lane VCD can pass V8's string limit (512 MiB). */
const CHUNK_BYTES = 64 << 20;

/** The lines of a VCD given as text, or as bytes read a chunk at a time (latin1: VCD is ASCII). */
function* linesOf(source: string | Buffer, chunkBytes: number): Generator<string> {
  if (typeof source === 'string') {
    yield* linesOfText(source);
    return;
  }
  let pos = 0;
  while (pos < source.length) {
    let end = Math.min(source.length, pos + chunkBytes);
    if (end < source.length) {
      const nl = source.lastIndexOf(10, end - 1);
      // a line longer than a chunk (never in a VCD a simulator writes): take up to its end
      end = nl >= pos ? nl + 1 : (source.indexOf(10, end) + 1 || source.length);
    }
    yield* linesOfText(source.toString('latin1', pos, end));
    pos = end;
  }
}

function* linesOfText(text: string): Generator<string> {
  let pos = 0;
  while (pos < text.length) {
    let e = text.indexOf('\n', pos);
    if (e < 0) e = text.length;
    yield text.slice(pos, e);
    pos = e + 1;
  }
}

/**
 * Parses a VCD (its text, or its bytes: any size); `under` is the scope whose signals are kept
 * (e.g. ['tb', 'dut']), with its sub-scopes. Vectors `name [msb:lsb]` give one entry per bit.
 * Bytes are decoded `chunkBytes` at a time, at line ends.
 */
export function vcdActivity(source: string | Buffer, under: string[], chunkBytes = CHUNK_BYTES): VcdActivity {
  const vars = new Map<string, Var[]>();
  const scope: string[] = [];
  let timescale = '';
  const lines = linesOf(source, chunkBytes);
  const nextLine = (): string | undefined => {
    const r = lines.next();
    return r.done ? undefined : r.value;
  };
  // header
  for (let l = nextLine(); l !== undefined; l = nextLine()) {
    const t = l.trim();
    if (t.startsWith('$timescale')) {
      let body = t.replace('$timescale', '');
      while (!body.includes('$end')) body += ` ${nextLine() ?? '$end'}`;
      timescale = body.replace('$end', '').trim();
    } else if (t.startsWith('$scope')) scope.push(t.split(/\s+/)[2]!);
    else if (t.startsWith('$upscope')) scope.pop();
    else if (t.startsWith('$var')) {
      // $var wire 8 ! in_data [7:0] $end
      const p = t.split(/\s+/);
      const width = Number(p[2]);
      const code = p[3]!;
      const name = p[4]!;
      if (under.some((s, i) => scope[i] !== s)) continue;
      const range = /^\[(\d+)(?::(\d+))?\]$/.exec(p[5] ?? '');
      const lsb = range ? Number(range[2] ?? range[1]) : 0;
      const msb = range ? Number(range[1]) : 0;
      const rel = scope.slice(under.length);
      const bits: BitActivity[] = [];
      for (let k = 0; k < width; k++) {
        bits.push({ scope: rel, name, bit: range ? (msb >= lsb ? lsb + k : lsb - k) : null, toggles: 0, highTime: 0 });
      }
      const v: Var = { width, bits, value: new Array(width).fill('x'), since: new Array(width).fill(0) };
      const list = vars.get(code);
      if (list) list.push(v); else vars.set(code, [v]);
    } else if (t.startsWith('$enddefinitions')) break;
  }
  // changes: values pending within the current time step, committed at the next stamp
  let time = 0;
  const pending = new Map<string, string>();
  const commit = (at: number) => {
    for (const [code, raw] of pending) {
      for (const v of vars.get(code)!) {
        // a vector's value is msb first and may be shorter than the width (left-extended)
        const ext = raw.length < v.width ? (raw[0] === '1' ? '0' : raw[0]!).repeat(v.width - raw.length) + raw : raw.slice(-v.width);
        for (let k = 0; k < v.width; k++) {
          const nv = ext[v.width - 1 - k]!;
          const old = v.value[k]!;
          if (nv === old) continue;
          const b = v.bits[k]!;
          if (old === '1') b.highTime += at - v.since[k]!;
          if ((old === '0' && nv === '1') || (old === '1' && nv === '0')) b.toggles++;
          v.value[k] = nv;
          v.since[k] = at;
        }
      }
    }
    pending.clear();
  };
  for (let l = nextLine(); l !== undefined; l = nextLine()) {
    if (!l) continue;
    const c = l[0];
    if (c === '#') {
      const t = Number(l.slice(1));
      commit(time);
      time = t;
    } else if (c === 'b' || c === 'B' || c === 'r' || c === 'R') {
      const sp = l.indexOf(' ');
      const code = l.slice(sp + 1).trim();
      if (vars.has(code)) pending.set(code, l.slice(1, sp).toLowerCase());
    } else if (c === '0' || c === '1' || c === 'x' || c === 'X' || c === 'z' || c === 'Z') {
      const code = l.slice(1).trim();
      if (vars.has(code)) pending.set(code, c.toLowerCase());
    }
  }
  commit(time);
  // time at 1 up to the end
  for (const list of vars.values()) {
    for (const v of list) {
      for (let k = 0; k < v.width; k++) if (v.value[k] === '1') v.bits[k]!.highTime += time - v.since[k]!;
    }
  }
  return { bits: [...vars.values()].flat().flatMap((v) => v.bits), endTime: time, timescale };
}
