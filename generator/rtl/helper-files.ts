/**
 * Two files beside every generated design that are not design sources (not in manifest.json
 * `files`, listed in `outputs`):
 * - `files.f`: the Verilog files of the modules the top uses, in compile order, one per line,
 *   relative to the design folder, for `verilator -f files.f` and `iverilog -c files.f` run from
 *   that folder (an operator a configuration does not use is left out, so the top is the only
 *   top-level module: Verilator needs no --top-module);
 * - `<top>_inst.v`: an instantiation template, a wire per port and an instance of the top with
 *   every port connected, widths from the manifest. Every line of it is a comment, so a tool or
 *   script that reads every `*.v` of the folder reads nothing from it; a user copies the lines
 *   between its BEGIN and END marks into a module and removes the leading `// `.
 */
import type { Manifest } from './manifest.ts';

export const FILE_LIST = 'files.f';

export const instanceFileName = (top: string): string => `${top}_inst.v`;

/** The names of the modules `text` instantiates among `names` (`name #(` or `name u_x (`). */
function instantiated(text: string, names: string[]): string[] {
  return names.filter((n) => new RegExp(`^\\s*${n}\\s+(#\\s*\\(|[A-Za-z_][A-Za-z0-9_$]*\\s*\\()`, 'm').test(text));
}

/** `files.f`: the Verilog files of the modules the top reaches, in compile order, one per line. */
export function fileList(top: string, sources: Array<{ file: string; text: string }>): string {
  const byModule = new Map(sources.map((s) => [s.file.replace(/\.v$/, ''), s]));
  const names = [...byModule.keys()];
  const used = new Set<string>([top]);
  const queue = [top];
  while (queue.length) {
    const text = byModule.get(queue.pop()!)?.text ?? '';
    for (const n of instantiated(text, names)) if (!used.has(n)) {
      used.add(n);
      queue.push(n);
    }
  }
  return `${sources.filter((s) => used.has(s.file.replace(/\.v$/, ''))).map((s) => s.file).join('\n')}\n`;
}

/** The mark lines around the template's body (tests and users find the body between them). */
export const INSTANCE_BEGIN = '// ---- BEGIN instance template';
export const INSTANCE_END = '// ---- END instance template';

/** `<top>_inst.v`: a commented wire per port and a commented instance of the top. */
export function instanceTemplate(manifest: Manifest): string {
  const ports = manifest.ports;
  const range = (w: number) => (w === 1 ? '' : `[${w - 1}:0]`);
  const rangeWidth = Math.max(...ports.map((p) => range(p.width).length));
  const nameWidth = Math.max(...ports.map((p) => p.name.length));
  const wires = ports.map((p) => `wire ${range(p.width).padEnd(rangeWidth)} ${`${p.name};`.padEnd(nameWidth + 1)}  // ${p.direction}, ${p.description}`);
  const conns = ports.map((p, i) => `    .${p.name.padEnd(nameWidth)} (${p.name})${i === ports.length - 1 ? '' : ','}`);
  const body = [...wires, '', `${manifest.top} u_${manifest.top} (`, ...conns, ');'];
  return [
    `// ${instanceFileName(manifest.top)}: instantiation template of ${manifest.top} (${manifest.generator}).`,
    '// Not a design source: files.f and manifest.json "files" list the design. Every line here',
    '// is a comment, so reading every *.v of this folder reads nothing from this file. Copy the',
    '// lines between the marks into your module and remove the leading "// ".',
    INSTANCE_BEGIN,
    ...body.map((l) => (l === '' ? '//' : `// ${l}`)),
    INSTANCE_END,
    '',
  ].join('\n');
}
