/**
 * Verilog simulation models of Liberty cells, made from the cells' own functions, so that a
 * netlist mapped to the library can be simulated (`cosim --netlist`): a combinational output
 * is `assign` of its `function` (and `three_state`), a flip-flop is an edge-triggered process of
 * its `ff` group (`next_state`, `clocked_on`, asynchronous `clear` and `preset`, and
 * `clear_preset_var1/2` when both are active), a latch a level-sensitive process of its `latch`
 * group (`data_in`, `enable`, `clear`, `preset`). Zero-delay models: they check function, not
 * timing. Storage starts at a random value (not X), as in silicon: the reset must clear it. A cell the netlist uses without a function (a statetable cell, an output without
 * `function`) is bad input.
 */
import { UsageError } from '../../generator/errors.ts';
import type { Liberty, LibertyCell } from './parse.ts';

/**
 * A Liberty Boolean expression as Verilog. Operators by precedence: `'` (postfix) and `!`
 * (prefix) NOT, `^` XOR, `&`, `*` or a space AND, `|` or `+` OR; constants 0 and 1.
 */
export function libertyExpression(text: string, where: string): string {
  const tokens = text.match(/[A-Za-z_][A-Za-z0-9_[\].]*|[01]|[!'&*|+^()]|\s+/g) ?? [];
  if (tokens.join('') !== text) throw new UsageError(`${where}: cannot read the Liberty function "${text}"`);
  const toks = tokens.filter((t) => !/^\s+$/.test(t));
  let i = 0;
  const fail = (): never => { throw new UsageError(`${where}: cannot read the Liberty function "${text}"`); };
  const startsOperand = (t: string | undefined) => t !== undefined && (/^[A-Za-z_01(!]/.test(t));
  function primary(): string {
    const t = toks[i++];
    let v: string;
    if (t === undefined) return fail();
    if (t === '!') v = `~${primary()}`;
    else if (t === '(') { v = `(${or()})`; if (toks[i++] !== ')') fail(); }
    else if (t === '0' || t === '1') v = `1'b${t}`;
    else if (/^[A-Za-z_]/.test(t)) v = t;
    else return fail();
    while (toks[i] === "'") { i++; v = `~${v}`; }
    return v;
  }
  function xor(): string {
    let v = primary();
    while (toks[i] === '^') { i++; v = `(${v} ^ ${primary()})`; }
    return v;
  }
  function and(): string {
    let v = xor();
    for (;;) {
      if (toks[i] === '&' || toks[i] === '*') { i++; v = `(${v} & ${xor()})`; }
      else if (startsOperand(toks[i])) v = `(${v} & ${xor()})`;
      else return v;
    }
  }
  function or(): string {
    let v = and();
    while (toks[i] === '|' || toks[i] === '+') { i++; v = `(${v} | ${and()})`; }
    return v;
  }
  const out = or();
  if (i !== toks.length) fail();
  return out;
}

/** Verilog of `clear_preset_var1/2`: the state when clear and preset are both active. */
function bothValue(v: string | undefined, current: string, where: string): string {
  switch ((v ?? 'X').toUpperCase()) {
    case 'L': return "1'b0";
    case 'H': return "1'b1";
    case 'N': return current;
    case 'T': return `~${current}`;
    case 'X': return "1'bx";
    default: throw new UsageError(`${where}: clear_preset_var ${v}: expected L, H, N, T or X`);
  }
}

/** Why a cell has no model (undefined when it has one). */
export function missingFunction(cell: LibertyCell): string | undefined {
  const outputs = cell.pins.filter((p) => p.direction === 'output' || p.direction === 'inout');
  const noFn = outputs.filter((p) => p.function === undefined);
  if (cell.sequential && !cell.storage) return 'a statetable or ff_bank cell';
  if (noFn.length) return `output ${noFn.map((p) => p.name).join(', ')} without a function`;
  return undefined;
}

/** The Verilog module of one cell. */
export function cellModel(cell: LibertyCell, libFile: string): string {
  const where = `${libFile}: cell ${cell.name}`;
  const why = missingFunction(cell);
  if (why) throw new UsageError(`${where}: no simulation model (${why}); allowed: cells whose outputs have a function, with an ff or latch group when sequential`);
  const pins = cell.pins.filter((p) => p.direction === 'input' || p.direction === 'output' || p.direction === 'inout');
  const lines = [`module ${cell.name} (${pins.map((p) => p.name).join(', ')});`];
  for (const p of pins) lines.push(`  ${p.direction === 'inout' ? 'inout' : p.direction} ${p.name};`);
  const expr = (t: string) => libertyExpression(t, where);
  const s = cell.storage;
  if (s) {
    const [q, qn] = s.names;
    const a = s.attrs;
    // a powered-up chip's storage holds some value, not X: each starts at a random bit (the
    // simulator's seeded $random), and the design's reset must bring it to a known state
    lines.push(`  reg ${q}, ${qn};`, `  initial begin ${q} = $random; ${qn} = ~${q}; end`);
    const clr = a.clear !== undefined ? expr(a.clear) : "1'b0";
    const pre = a.preset !== undefined ? expr(a.preset) : "1'b0";
    lines.push(`  wire clr_ = ${clr};`, `  wire pre_ = ${pre};`);
    const body = (nextQ: string[]) => [
      `    if (clr_ && pre_) begin ${q} <= ${bothValue(a.clear_preset_var1, q, where)}; ${qn} <= ${bothValue(a.clear_preset_var2, qn, where)}; end`,
      `    else if (clr_) begin ${q} <= 1'b0; ${qn} <= 1'b1; end`,
      `    else if (pre_) begin ${q} <= 1'b1; ${qn} <= 1'b0; end`,
      ...nextQ,
    ];
    if (s.kind === 'ff') {
      if (a.next_state === undefined || a.clocked_on === undefined) throw new UsageError(`${where}: ff group without next_state or clocked_on`);
      lines.push(`  wire ck_ = ${expr(a.clocked_on)};`, `  wire ns_ = ${expr(a.next_state)};`);
      // the clock edge loads next_state unless clear or preset holds; clear and preset act on
      // their level, at once (also when one of the two is released while the other holds)
      lines.push(`  always @(posedge ck_) if (!clr_ && !pre_) begin ${q} <= ns_; ${qn} <= ~ns_; end`);
      if (a.clear !== undefined || a.preset !== undefined) lines.push(`  always @(clr_ or pre_) begin`, ...body([]), '  end');
    } else {
      if (a.data_in === undefined || a.enable === undefined) throw new UsageError(`${where}: latch group without data_in or enable`);
      lines.push(`  wire en_ = ${expr(a.enable)};`, `  wire d_ = ${expr(a.data_in)};`);
      lines.push(`  always @* begin`, ...body([`    else if (en_) begin ${q} <= d_; ${qn} <= ~d_; end`]), '  end');
    }
  }
  for (const p of pins.filter((x) => x.function !== undefined && x.direction !== 'input')) {
    const f = expr(p.function!);
    lines.push(p.threeState === undefined ? `  assign ${p.name} = ${f};` : `  assign ${p.name} = ${expr(p.threeState)} ? 1'bz : ${f};`);
  }
  lines.push('endmodule');
  return lines.join('\n');
}

/** Cell types a netlist instantiates: `TYPE NAME (` at the start of a line, TYPE a cell of `lib`. */
export function usedCells(netlist: string, lib: Liberty): string[] {
  const used = new Set<string>();
  for (const m of netlist.matchAll(/^\s*([A-Za-z_][\w$]*)\s+(?:\\\S+ |[A-Za-z_][\w$]*)\s*\(/gm)) {
    if (lib.cells.has(m[1]!)) used.add(m[1]!);
  }
  return [...used].sort();
}

/** Models of the cells `netlist` uses, one Verilog text (`default_nettype wire`, as the netlist expects). */
export function cellModels(netlist: string, lib: Liberty): { text: string; cells: string[] } {
  const cells = usedCells(netlist, lib);
  const header = `// Zero-delay models of the ${lib.name} cells this netlist uses, made by iterl2norm from the\n// cells' Liberty functions (${lib.file}): for simulation only.\n\`default_nettype wire\n`;
  return { text: `${header}${cells.map((c) => cellModel(lib.cells.get(c)!, lib.file)).join('\n\n')}\n`, cells };
}
