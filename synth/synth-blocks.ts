/**
 * Cells by block: where the logic of a macro goes (the lanes, the lane tree, the scalar loop, the
 * output stage, ...), for `synth` in its per-module flow. Yosys' `stat -json` of the mapped but
 * not yet flattened design lists each distinct module with its own cells, among them the
 * instances of other modules (a cell whose type is a module name); a module's total is its own
 * gates plus its instances' totals. The blocks are the top's instances, named after their module
 * (the part after the top's name: `<top>_lanes` -> `lanes`), the variants of one module made by
 * parameters counted together, and the top's own gates as `top`.
 *
 * The counts are taken before the final flatten and clean-up (which removes a few cells across
 * module boundaries), so they add up to a little more than the report's total; the flattened
 * flow (`--flat`) has no blocks.
 */

interface StatModuleJson { num_cells: number; num_cells_by_type: Record<string, number> }
interface StatJson { modules: Record<string, StatModuleJson> }

export interface BlockCells {
  /** The block: its module's name without the top's prefix (`lanes`, `lane_tree`, ...), or `top`. */
  block: string;
  /** Instances of the block's module(s) in the top. */
  instances: number;
  /** Gates and flip-flops in the block, its sub-blocks included (memories excluded). */
  cells: number;
  flipFlops: number;
}

/** A generic gate-level flip-flop cell (`$_DFF_P_`, `$_SDFFE_PP0P_`, ...). */
export const isFlipFlop = (type: string) => /DFF/.test(type);
const isMemory = (type: string) => type === '$mem_v2' || type === '$mem';

/** `$paramod$<hash>\name`, `$paramod\name\P=V...` and `\name` -> `name`. */
function moduleName(key: string): string {
  return key.replace(/^\$paramod\$[0-9a-f]+\\/, '').replace(/^\$paramod\\/, '').replace(/^\\/, '').replace(/\\.*$/, '');
}

/** The blocks of `top` from `stat -json` of the hierarchical design, the largest first. */
export function blocksOf(json: string, top: string): BlockCells[] {
  const { modules } = JSON.parse(json) as StatJson;
  // a cell's type names a module as its key does, but without the leading backslash of a plain name
  const moduleKey = (type: string): string | undefined => (modules[type] ? type : modules[`\\${type}`] ? `\\${type}` : undefined);
  const totals = new Map<string, { cells: number; flipFlops: number }>();
  const totalOf = (key: string, seen: string[] = []): { cells: number; flipFlops: number } => {
    const known = totals.get(key);
    if (known) return known;
    if (seen.includes(key)) throw new Error(`stat: module ${key} instantiates itself`);
    const m = modules[key]!;
    let cells = 0;
    let flipFlops = 0;
    for (const [type, n] of Object.entries(m.num_cells_by_type)) {
      const subKey = moduleKey(type);
      if (subKey) {
        const sub = totalOf(subKey, [...seen, key]);
        cells += n * sub.cells;
        flipFlops += n * sub.flipFlops;
      } else if (!isMemory(type)) {
        cells += n;
        if (isFlipFlop(type)) flipFlops += n;
      }
    }
    const t = { cells, flipFlops };
    totals.set(key, t);
    return t;
  };
  const topKey = Object.keys(modules).find((k) => moduleName(k) === top);
  if (!topKey) throw new Error(`stat: top module ${top} not in the report (modules: ${Object.keys(modules).map(moduleName).join(', ')})`);
  const blocks = new Map<string, BlockCells>();
  const add = (block: string, instances: number, cells: number, flipFlops: number) => {
    const b = blocks.get(block) ?? { block, instances: 0, cells: 0, flipFlops: 0 };
    b.instances += instances;
    b.cells += cells;
    b.flipFlops += flipFlops;
    blocks.set(block, b);
  };
  for (const [type, n] of Object.entries(modules[topKey]!.num_cells_by_type)) {
    const subKey = moduleKey(type);
    if (subKey) {
      const sub = totalOf(subKey);
      add(moduleName(subKey).replace(new RegExp(`^${top}_`), ''), n, n * sub.cells, n * sub.flipFlops);
    } else if (!isMemory(type)) {
      add('top', 0, n, isFlipFlop(type) ? n : 0);
    }
  }
  return [...blocks.values()].filter((b) => b.cells > 0).sort((a, b) => b.cells - a.cells || a.block.localeCompare(b.block));
}
