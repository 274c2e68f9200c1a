/**
 * Tied operator ports for the hierarchical flow of `synth --liberty`: an operator instance whose
 * input ports are tied (to a constant: `.en(1'b1)`, `.sub(1'b0)`, `.scale(2'sd0)` or a
 * localparam of its module with a literal value; or `.b` to the very signal of `.a`, a square)
 * instantiates instead a copy of the operator with those ports made internal wires carrying the
 * same values. Yosys then derives, maps and times one specialised module per operator, tie and
 * parameter set, in which the constants propagate (an enable tied high leaves plain flip-flops
 * instead of a multiplexer in front of each, a square shares its partial products) as they do
 * in the flattened flow; the identical per-lane instances still share one mapped module.
 *
 * Why on the rendered Verilog rather than in the templates (operator parameters for the tied
 * ports): every instantiation any template has or will have is covered, with no parameter to
 * keep in step across the templates, and the design that simulation and `generate` see is the
 * one written. Why not by flattening the operators into their users: the lanes' operators sit in
 * one module's generate loop, so flattening maps each lane's copy again (the flat flow's cost).
 *
 * The rewrite keeps the semantics: a port connection is a continuous assignment of the
 * expression to the port, which is what the internal wire's declaration assignment does.
 */

/** A module instantiation `TYPE #(PARAMS) NAME (PORTS);` found in a source text. */
interface Instance { start: number; end: number; type: string; params: string; name: string; ports: Array<[string, string]> }

/** Index just past the bracket that closes the one at `open` (round, square and curly nest). */
function closing(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    const c = text[i]!;
    if ('([{'.includes(c)) depth++;
    else if (')]}'.includes(c) && --depth === 0) return i + 1;
  }
  throw new Error(`tied-ports: unbalanced bracket at offset ${open}`);
}

/** Splits at the commas outside brackets. */
function topLevelSplit(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let from = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if ('([{'.includes(c)) depth++;
    else if (')]}'.includes(c)) depth--;
    else if (c === ',' && depth === 0) {
      parts.push(text.slice(from, i));
      from = i + 1;
    }
  }
  parts.push(text.slice(from));
  return parts.map((p) => p.trim()).filter(Boolean);
}

/** Instances of the modules in `types` with named parameters and named port connections. */
function instancesOf(text: string, types: Set<string>): Instance[] {
  const out: Instance[] = [];
  instances: for (const m of text.matchAll(/\b([A-Za-z_]\w*)\s*#\s*\(/g)) {
    if (!types.has(m[1]!)) continue;
    const pOpen = m.index! + m[0].length - 1;
    const pEnd = closing(text, pOpen);
    const head = /^\s*([A-Za-z_]\w*)\s*\(/.exec(text.slice(pEnd));
    if (!head) continue;
    const open = pEnd + head[0].length - 1;
    const end = closing(text, open);
    const ports: Array<[string, string]> = [];
    for (const c of topLevelSplit(text.slice(open + 1, end - 1))) {
      const pm = /^\.(\w+)\s*\(([\s\S]*)\)$/.exec(c);
      if (!pm) continue instances;   // a positional connection: left as it is
      ports.push([pm[1]!, pm[2]!.trim()]);
    }
    out.push({ start: m.index!, end, type: m[1]!, params: text.slice(pOpen, pEnd), name: head[1]!, ports });
  }
  return out;
}

const LITERAL = /^(?:\d+\s*)?'s?[bodh]\s*[0-9a-fA-F_]+$|^\d+$/;

/** The literal value of `expr` in `text`: itself, or a localparam of the module whose value is a literal. */
function literalOf(expr: string, text: string): string | undefined {
  if (LITERAL.test(expr)) return expr;
  if (!/^[A-Za-z_]\w*$/.test(expr)) return undefined;
  const m = new RegExp(`\\blocalparam\\s+(?:signed\\s+)?(?:\\[[^\\]]*\\]\\s*)?${expr}\\s*=\\s*([^;,]+?)\\s*[;,]`).exec(text);
  return m && LITERAL.test(m[1]!) ? m[1] : undefined;
}

/** A named parameter's expression in an instance's `#( ... )`. */
function paramOf(params: string, name: string): string | undefined {
  for (const p of topLevelSplit(params.slice(1, -1))) {
    const m = /^\.(\w+)\s*\(([\s\S]*)\)$/.exec(p);
    if (m && m[1] === name) return m[2]!.trim().replace(/\s+/g, ' ');
  }
  return undefined;
}

/** The ports of an instance that can be tied inside a copy: name -> the value inside. */
function tiesOf(inst: Instance, text: string): Map<string, string> {
  const ties = new Map<string, string>();
  const conn = new Map(inst.ports);
  for (const [port, expr] of inst.ports) {
    if (port === 'clk') continue;
    const lit = literalOf(expr, text);
    if (lit !== undefined) ties.set(port, lit);
  }
  // a square: b is a, when both operands have the same format
  const a = conn.get('a');
  if (a !== undefined && a === conn.get('b') && !ties.has('a')
    && paramOf(inst.params, 'A_EXP_BITS') === paramOf(inst.params, 'B_EXP_BITS') && paramOf(inst.params, 'A_MAN_BITS') === paramOf(inst.params, 'B_MAN_BITS')) {
    ties.set('b', 'a');
  }
  return ties;
}

/**
 * The copy of operator `source` (its whole file) as module `name` with the `ties` ports made
 * internal wires: the port's declaration line leaves the header and comes back after it, with
 * the tied value.
 */
function tiedCopy(source: string, type: string, name: string, ties: Map<string, string>): string {
  const at = source.search(new RegExp(`\\bmodule\\s+${type}\\b`));
  const portsOpen = source.indexOf('(', closing(source, source.indexOf('(', at)));
  const portsEnd = closing(source, portsOpen);
  let header = source.slice(at, portsEnd).replace(new RegExp(`\\bmodule\\s+${type}\\b`), `module ${name}`);
  const inside: string[] = [];
  for (const [port, value] of ties) {
    const line = new RegExp(`^([ \\t]*)input\\s+(wire\\b[^\\n]*?)\\b${port}\\s*,[ \\t]*(//[^\\n]*)?\\n`, 'm').exec(header);
    if (!line) throw new Error(`tied-ports: no input line for port ${port} in the header of ${type}`);
    header = header.replace(line[0], '');
    inside.push(`${line[1]}${line[2]!.trimEnd()} ${port} = ${value};   // tied where the instances connect it`);
  }
  const semicolon = source.indexOf(';', portsEnd) + 1;
  const end = source.indexOf('endmodule', semicolon) + 'endmodule'.length;
  return `\n\`default_nettype none\n// ${name}: ${type} with ${[...ties].map(([p, v]) => `${p} = ${v}`).join(', ')} (synth/tied-ports.ts)\n${header}${source.slice(portsEnd, semicolon)}\n${inside.join('\n')}${source.slice(semicolon, end)}\n\`default_nettype wire\n`;
}

/**
 * The sources with the instances of `operators` (module names) that have tied ports pointed at
 * specialised copies (`<operator>_tie<k>`, one per distinct set of ties, appended to the
 * operator's file). Sources without such instances or copies come back unchanged.
 */
export function tieOperatorPorts(sources: Array<{ file: string; text: string }>, operators: string[]): Array<{ file: string; text: string }> {
  const types = new Set(operators);
  const defining = new Map<string, { file: string; text: string }>();
  for (const s of sources) {
    for (const m of s.text.matchAll(/^\s*module\s+(\w+)/gm)) if (types.has(m[1]!)) defining.set(m[1]!, s);
  }
  const copies = new Map<string, { name: string; type: string; ties: Map<string, string> }>();
  const out = sources.map((s) => {
    const found = instancesOf(s.text, new Set([...types].filter((t) => defining.has(t) && defining.get(t) !== s)));
    let text = s.text;
    for (const inst of found.reverse()) {
      const ties = tiesOf(inst, s.text);
      if (!ties.size) continue;
      const key = `${inst.type}|${[...ties].sort().map(([p, v]) => `${p}=${v}`).join('|')}`;
      let copy = copies.get(key);
      if (!copy) {
        copy = { name: `${inst.type}_tie${[...copies.values()].filter((c) => c.type === inst.type).length + 1}`, type: inst.type, ties };
        copies.set(key, copy);
      }
      const ports = inst.ports.filter(([p]) => !ties.has(p)).map(([p, e]) => `.${p}(${e})`).join(', ');
      text = `${text.slice(0, inst.start)}${copy.name} #${inst.params} ${inst.name} (${ports})${text.slice(inst.end)}`;
    }
    return text === s.text ? s : { file: s.file, text };
  });
  // each copy after its operator, in the operator's file (the files stay those of the design)
  return out.map((s) => {
    const own = [...copies.values()].filter((c) => defining.get(c.type)?.file === s.file);
    return own.length ? { file: s.file, text: s.text + own.map((c) => tiedCopy(s.text, c.type, c.name, c.ties)).join('') } : s;
  });
}
