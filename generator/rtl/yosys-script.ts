/**
 * The Yosys synthesis script of `iterl2norm synth` (sim/synth.ts runs it in-process with
 * @yowasp/yosys) and of the OpenLane bundle's synth.ys (a stand-alone `yosys -s synth.ys`):
 *   1. elaborate, `proc`; on the flattened RTL netlist `check -assert` (no combinational loop,
 *      no multiple or missing driver), no latch, no `init` value;
 *   2. the coarse steps of Yosys' `synth`, without `share` (its SAT search costs minutes on the
 *      lane multipliers and finds nothing: every operator is busy in its own stage); by default
 *      per module, so that the P identical lane operators are mapped once (ScriptOptions.flat);
 *   3. memories with a write port (the vector store) are KEPT as `$mem_v2` (a registered
 *      simple-dual-port RAM, an SRAM macro in the layout); read-only memories (the seed ROM)
 *      are mapped to logic;
 *   4. techmap to Yosys' internal gates, `abc -fast`, flatten, merge identical gates,
 *      `check -assert` again on the flat gate netlist, no latch cell;
 *   5. `stat -tech cmos`, and `ltp -noff` without the memory cell: the longest combinational
 *      path in gates (the memory's read port is registered);
 *   6. with a liberty file: `dfflibmap` + `abc -liberty`, `check -assert`, `stat -liberty`.
 * Lines starting with '#' are comments (stripped before an in-process run).
 */
const LATCH_TYPES = 't:$dlatch t:$adlatch t:$dlatchsr t:$sr';
const LATCH_CELLS = 't:$_DLATCH* t:$_DLATCHSR* t:$_SR_*';

export interface ScriptOptions {
  /** Map to this liberty file after the generic mapping (dfflibmap, abc -liberty, stat -liberty). */
  liberty?: string;
  /**
   * Flatten before mapping (slower: every lane is optimised separately, about 10% fewer cells).
   * Default: each distinct module (operator parameter set) is mapped once, then the gate
   * netlist is flattened and identical gates merged. The checks always run on flattened
   * netlists, so a loop through several modules is found either way.
   */
  flat?: boolean;
  /** Where statistics go: 'files' (stat.json, mem.il, ltp.txt, for the in-process run) or 'log'. */
  report?: 'files' | 'log';
  /**
   * Registers whose fan-in cone is measured alone (`ltp` over the combinational cells feeding
   * them, stopping at flip-flops): the logic depth of one pipeline stage. 'files': stage-<name>.txt.
   */
  stages?: string[];
}

/** The pipeline stages of the L2 datapath: name, and the registers that end the stage. */
export const STAGE_REGISTERS: Array<[string, string[]]> = [
  ['square (x_q -> sq_q)', ['sq_q']],
  ['accumulate (-> acc; compact engine: and the lane tree)', ['acc']],
  ['lane tree (line-rate engine, -> r)', ['r']],
  ['scalar loop (-> b_q, t_q)', ['b_q', 't_q']],
  ['output multiply (-> o_data)', ['o_data']],
];

/** The RTL checks alone (seconds, even for 16 lanes): elaborate, proc, flatten, check -assert, no latch, no init. */
export function rtlCheckScript(top: string): string[] {
  return [
    `hierarchy -check -top ${top}`,
    'proc',
    'flatten -noscopeinfo',
    'check -assert',
    `select -assert-none ${LATCH_TYPES}`,
    'select -assert-none a:init',
  ];
}

/** The script after `read_verilog`. Lines starting with '#' are comments. */
export function synthScript(top: string, opts: ScriptOptions = {}): string[] {
  const { liberty, flat = false, report = 'files' } = opts;
  const to = (file: string, cmd: string) => (report === 'files' ? `tee -q -o ${file} ${cmd}` : cmd);
  const lines = [
    `hierarchy -check -top ${top}`,
    'proc',
    '# RTL checks, flattened: no combinational loop, no multiple or missing driver, no latch, no init value',
    ...(flat ? [] : ['design -save rtl']),
    'flatten -noscopeinfo',
    'check -assert',
    `select -assert-none ${LATCH_TYPES}`,
    'select -assert-none a:init',
    ...(flat ? [] : ['design -load rtl', '# map each distinct module once']),
    'opt_expr',
    'opt_clean',
    'opt -nodffe -nosdff',
    'opt',
    'wreduce',
    'peepopt',
    'opt_clean',
    'alumacc',
    'opt',
    '# memories: keep the RAM (vector store) as $mem_v2, map read-only memories to logic',
    'memory -nomap',
    'memory_map t:$mem_v2 r:WR_PORTS=0 %i',
    'opt_clean',
    'opt -fast -full',
    'opt -full',
    'techmap',
    'opt -fast',
    'abc -fast',
    'opt -fast',
    ...(flat ? [] : ['flatten -noscopeinfo', 'opt -fast']),
    'opt_clean',
    '# gate-level checks',
    'check -assert',
    `select -assert-none ${LATCH_CELLS}`,
    report === 'files' ? to('stat.json', 'stat -json -tech cmos') : 'stat -tech cmos',
    to('mem.il', 'dump t:$mem_v2'),
    '# longest combinational path in gates (the RAM read port is registered)',
    to('ltp.txt', 'ltp -noff * t:$mem_v2 %d'),
    ...(opts.stages ?? []).flatMap((r) => [`# the stage ending at ${r}`, to(`stage-${r}.txt`, `ltp -noff w:${r} w:*.${r} %u %a %ci1 %ci1 %cie*`)]),
  ];
  if (liberty) {
    lines.push(
      `dfflibmap -liberty ${liberty}`,
      `abc -liberty ${liberty}`,
      'opt_clean',
      `read_liberty -lib ${liberty}`,
      'check -assert',
      report === 'files' ? to('stat-lib.json', `stat -json -liberty ${liberty}`) : `stat -liberty ${liberty}`,
    );
  }
  return lines;
}
