/**
 * A reader of Liberty (.lib) files, plain or gzip-compressed, for `synth --liberty`: checks the
 * syntax of the whole file (groups `name (args) { ... }`, simple attributes `name : value ;`,
 * complex attributes `name (args) ;`, comments, strings, line continuations) and keeps what the
 * flow needs: the library's name and units, and per cell its area, `dont_use` flag, whether it
 * is sequential, and its pins (direction, function, capacitance). The timing tables themselves
 * are checked for syntax only: Yosys/ABC and OpenSTA read them from the file.
 * A malformed file is bad input: a UsageError naming the file and the line.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { UsageError } from '../../generator/errors.ts';

export interface LibertyPin {
  name: string;
  direction: string;
  function?: string;
  capacitance?: number;
  clock: boolean;
  /** `three_state` condition of a tristate output. */
  threeState?: string;
}

/** A cell's `ff (IQ, IQN) { ... }` or `latch (IQ, IQN) { ... }` group: its state variables and attributes (next_state, clocked_on, clear, ...). */
export interface LibertyStorage {
  kind: 'ff' | 'latch';
  /** The state variable and its complement, as named in the group's arguments. */
  names: [string, string];
  attrs: Record<string, string>;
}

export interface LibertyCell {
  name: string;
  area: number;
  dontUse: boolean;
  /** Has an ff, latch or statetable group (a storage element). */
  sequential: boolean;
  pins: LibertyPin[];
  /** The ff or latch group (statetable and ff_bank cells have none: no cell model is made for them). */
  storage?: LibertyStorage;
}

export interface Liberty {
  /** The file as given. */
  file: string;
  /** The library group's name. */
  name: string;
  /** Uncompressed text (what Yosys and OpenSTA read). */
  text: string;
  /** sha256 of the uncompressed text: the key of per-library caches. */
  hash: string;
  /** time_unit in ns (e.g. "1ns" -> 1, "1ps" -> 0.001). */
  timeUnitNs: number;
  /** capacitive_load_unit in pF. */
  capUnitPf: number;
  /** Unit strings as written, copied into the models written beside a netlist. */
  units: { time: string; capacitance: [number, string]; voltage: string; current: string };
  cells: Map<string, LibertyCell>;
}

interface Group { kind: string; args: string; attrs: Map<string, string>; lines: Map<string, number>; children: Group[] }

class Scanner {
  pos = 0;
  line = 1;
  constructor(readonly s: string, readonly file: string) {}

  fail(what: string): never {
    throw new UsageError(`${this.file}:${this.line}: malformed Liberty file: ${what}`);
  }

  /** Skips blanks, newlines, comments and backslash-newline continuations. */
  skip(): void {
    const s = this.s;
    for (;;) {
      const c = s.charCodeAt(this.pos);
      if (c === 10) { this.line++; this.pos++; } else if (c === 32 || c === 9 || c === 13 || c === 12) this.pos++;
      else if (c === 92 && (s[this.pos + 1] === '\n' || s[this.pos + 1] === '\r')) this.pos++;
      else if (c === 47 && s[this.pos + 1] === '*') {
        const end = s.indexOf('*/', this.pos + 2);
        if (end < 0) this.fail('unterminated comment');
        this.countLines(this.pos, end + 2);
        this.pos = end + 2;
      } else if (c === 47 && s[this.pos + 1] === '/') {
        const end = s.indexOf('\n', this.pos);
        this.pos = end < 0 ? s.length : end;
      } else return;
    }
  }

  countLines(from: number, to: number): void {
    for (let i = from; i < to; i++) if (this.s.charCodeAt(i) === 10) this.line++;
  }

  identifier(): string {
    const m = /[A-Za-z_][A-Za-z0-9_.\-[\]]*/y;
    m.lastIndex = this.pos;
    const r = m.exec(this.s);
    if (!r) this.fail(`expected a group or attribute name, found ${JSON.stringify(this.s.slice(this.pos, this.pos + 20))}`);
    this.pos += r[0].length;
    return r[0];
  }

  /** A quoted string starting at pos (returned with its quotes). */
  string(): string {
    const start = this.pos;
    let i = this.pos + 1;
    const s = this.s;
    for (;;) {
      if (i >= s.length) { this.pos = start; this.fail('unterminated string'); }
      const c = s[i];
      if (c === '\\') i += 2;
      else if (c === '"') break;
      else i++;
    }
    this.countLines(start, i + 1);
    this.pos = i + 1;
    return s.slice(start, i + 1);
  }

  /** The arguments of a group or complex attribute: from after '(' to the matching ')'. */
  args(): string {
    let out = '';
    for (;;) {
      this.skip();
      const c = this.s[this.pos];
      if (c === undefined) this.fail('unterminated argument list (missing ")")');
      if (c === ')') { this.pos++; return out.trim(); }
      if (c === '"') out += this.string();
      else if (c === '(' || c === '{' || c === '}' || c === ';') this.fail(`unexpected ${JSON.stringify(c)} in an argument list`);
      else { out += c; this.pos++; }
    }
  }

  /** A simple attribute's value: up to ';' or the end of the line. */
  value(): string {
    let out = '';
    const s = this.s;
    for (;;) {
      const c = s[this.pos];
      if (c === undefined || c === '\n' || c === '}') break;
      if (c === ';') { this.pos++; break; }
      if (c === '"') out += this.string();
      else if (c === '\\' && (s[this.pos + 1] === '\n' || s[this.pos + 1] === '\r')) this.skip();
      else { out += c; this.pos++; }
    }
    const v = out.trim();
    if (!v) this.fail('attribute without a value');
    return v;
  }
}

const unquote = (v: string) => (v.startsWith('"') && v.endsWith('"') ? v.slice(1, -1) : v);

/** Parses the text; groups deeper than `keepDepth` are checked but not kept. */
function parseGroups(sc: Scanner, keepDepth: number): Group {
  const root: Group = { kind: '', args: '', attrs: new Map(), lines: new Map(), children: [] };
  const stack: Array<Group | null> = [root];
  for (;;) {
    sc.skip();
    if (sc.pos >= sc.s.length) break;
    if (sc.s[sc.pos] === '}') {
      if (stack.length === 1) sc.fail('unmatched "}"');
      stack.pop();
      sc.pos++;
      continue;
    }
    const name = sc.identifier();
    sc.skip();
    const parent = stack.at(-1)!;
    const c = sc.s[sc.pos];
    if (c === ':') {
      sc.pos++;
      sc.skip();
      const line = sc.line;
      const v = sc.value();
      if (parent) { parent.attrs.set(name, v); parent.lines.set(name, line); }
    } else if (c === '(') {
      sc.pos++;
      const args = sc.args();
      sc.skip();
      if (sc.s[sc.pos] === '{') {
        sc.pos++;
        const keep = parent !== null && stack.length <= keepDepth;
        const g: Group | null = keep ? { kind: name, args, attrs: new Map(), lines: new Map(), children: [] } : null;
        if (g) parent!.children.push(g);
        stack.push(g);
      } else {
        if (sc.s[sc.pos] === ';') sc.pos++;
        if (parent && !parent.attrs.has(name)) { parent.attrs.set(name, args); parent.lines.set(name, sc.line); }
      }
    } else sc.fail(`expected ":" or "(" after ${JSON.stringify(name)}`);
  }
  if (stack.length !== 1) sc.fail(`unterminated group (${stack.length - 1} "{" without "}" at the end of the file)`);
  return root;
}

function timeUnitNs(v: string, sc: Scanner): number {
  const m = /^(1|10|100)(ps|ns|us)$/.exec(unquote(v).trim());
  if (!m) sc.fail(`time_unit ${v}: expected 1ps, 10ps, 100ps, 1ns, 10ns, 100ns or 1us`);
  return Number(m[1]) * { ps: 1e-3, ns: 1, us: 1e3 }[m[2] as 'ps' | 'ns' | 'us'];
}

function capUnit(v: string, sc: Scanner): [number, string] {
  const m = /^\s*([0-9.]+)\s*,\s*"?(ff|pf)"?\s*$/i.exec(v);
  if (!m) sc.fail(`capacitive_load_unit (${v}): expected (number, ff or pf)`);
  return [Number(m[1]), m[2]!.toLowerCase()];
}

/** Reads and checks a Liberty file (plain, or gzip when it starts with the gzip magic number). */
export function readLiberty(file: string): Liberty {
  let raw: Buffer;
  try {
    raw = readFileSync(file);
  } catch (e) {
    throw new UsageError(`--liberty: cannot read ${file} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  let text: string;
  try {
    text = (raw[0] === 0x1f && raw[1] === 0x8b ? gunzipSync(raw) : raw).toString('utf8');
  } catch (e) {
    throw new UsageError(`${file}:1: malformed Liberty file: not a valid gzip file (${(e as Error).message})`);
  }
  return parseLiberty(text, file);
}

export function parseLiberty(text: string, file: string): Liberty {
  const sc = new Scanner(text, file);
  const root = parseGroups(sc, 3);
  const found = root.children.find((g) => g.kind === 'library');
  if (!found || root.children.length !== 1) { sc.line = 1; return sc.fail('expected one library (...) { ... } group'); }
  const lib: Group = found;
  const attr = (g: Group, k: string) => { const v = g.attrs.get(k); return v === undefined ? undefined : unquote(v); };
  const time = attr(lib, 'time_unit') ?? '1ns';
  sc.line = lib.lines.get('capacitive_load_unit') ?? 1;
  const cap = capUnit(lib.attrs.get('capacitive_load_unit') ?? '1,pf', sc);
  sc.line = lib.lines.get('time_unit') ?? 1;
  const timeNs = timeUnitNs(time, sc);
  const cells = new Map<string, LibertyCell>();
  for (const g of lib.children.filter((c) => c.kind === 'cell')) {
    const name = unquote(g.args);
    const pins: LibertyPin[] = g.children.filter((p) => p.kind === 'pin').flatMap((p) => unquote(p.args).split(',').map((n) => ({
      name: unquote(n.trim()),
      direction: attr(p, 'direction') ?? '',
      function: attr(p, 'function'),
      capacitance: p.attrs.has('capacitance') ? Number(attr(p, 'capacitance')) : undefined,
      clock: attr(p, 'clock') === 'true',
      ...(p.attrs.has('three_state') ? { threeState: attr(p, 'three_state') } : {}),
    })));
    const st = g.children.find((c) => c.kind === 'ff' || c.kind === 'latch');
    const stNames = st ? st.args.split(',').map((n) => unquote(n.trim())) : [];
    cells.set(name, {
      name,
      area: Number(attr(g, 'area') ?? 0),
      dontUse: attr(g, 'dont_use') === 'true',
      sequential: g.children.some((c) => c.kind === 'ff' || c.kind === 'latch' || c.kind === 'statetable' || c.kind === 'ff_bank'),
      pins,
      ...(st && stNames.length === 2 ? {
        storage: { kind: st.kind as 'ff' | 'latch', names: [stNames[0]!, stNames[1]!] as [string, string], attrs: Object.fromEntries([...st.attrs.keys()].map((k) => [k, attr(st, k)!])) },
      } : {}),
    });
  }
  if (!cells.size) { sc.line = 1; return sc.fail('the library has no cell'); }
  const capInPf = cap[1] === 'pf' ? cap[0] : cap[0] / 1000;
  return {
    file,
    name: unquote(lib.args),
    text,
    hash: createHash('sha256').update(text).digest('hex'),
    timeUnitNs: timeNs,
    capUnitPf: capInPf,
    units: { time, capacitance: cap, voltage: attr(lib, 'voltage_unit') ?? '1V', current: attr(lib, 'current_unit') ?? '1mA' },
    cells,
  };
}
