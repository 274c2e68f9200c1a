/**
 * The Yosys synthesis script of `iterl2norm synth` (synth/synth.ts runs it in-process with
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
 *      path in gates (the memory's read port is registered).
 * libertyScript: the standard-cell flow of `synth --liberty` (below).
 * Lines starting with '#' are comments (stripped before an in-process run).
 */
const LATCH_TYPES = 't:$dlatch t:$adlatch t:$dlatchsr t:$sr';
const LATCH_CELLS = 't:$_DLATCH* t:$_DLATCHSR* t:$_SR_*';

export interface ScriptOptions {
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
  ['accumulate (-> acc)', ['acc']],
  ['lane tree (-> r)', ['r']],
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

/**
 * The coarse steps of Yosys' `synth` without `share`, down to internal gates (both flows).
 * `booth` (the standard-cell flow): multipliers as Booth-encoded partial products summed by an
 * adder tree, instead of the default array of adders whose depth grows with the operand width.
 */
const coarseSteps = (booth = false) => [
  'opt_expr',
  'opt_clean',
  'opt -nodffe -nosdff',
  'opt',
  'wreduce',
  'peepopt',
  'opt_clean',
  ...(booth ? ['booth'] : []),
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
];

/** The script after `read_verilog`. Lines starting with '#' are comments. */
export function synthScript(top: string, opts: ScriptOptions = {}): string[] {
  const { flat = false, report = 'files' } = opts;
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
    ...coarseSteps(),
    'abc -fast',
    'opt -fast',
    ...(flat ? [] : [
      ...(report === 'files' ? ['# cells by block (synth/synth-blocks.ts): the mapped modules before they are flattened', to('stat-modules.json', 'stat -json')] : []),
      'flatten -noscopeinfo', 'opt -fast',
    ]),
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
  return lines;
}

export interface LibertyScriptOptions {
  /** The cell library's file name in Yosys' file tree. */
  liberty: string;
  /** ABC's constraints file (driving cell, output load). */
  constr: string;
  /** Delay target for ABC in ps (the clock period). */
  delayPs: number;
  dontUse: string[];
  tieHi: { cell: string; pin: string };
  tieLo: { cell: string; pin: string };
  buffer: { cell: string; in: string; out: string };
  /** `-chparam NAME VALUE ...` for the top module (an operator timed alone). */
  chparams?: string;
  /** ABC's script file in Yosys' file tree (the text of abcLibertyScript). */
  abcScript: string;
  /**
   * Module name patterns (Yosys selection syntax, e.g. `*_fp_add`) kept as modules through the
   * mapping, each distinct one mapped once, and flattened into the design after ABC. Default
   * none: the whole design is flattened first, and ABC sees paths across operators.
   */
  keepModules?: string[];
  /**
   * Keep the whole hierarchy through mapping and in the written netlist: each distinct module
   * (a lane, an operator parameter set, a stage) is mapped once, and OpenSTA times the
   * hierarchical netlist (its paths cross the module ports). Constants and unused outputs do not
   * cross a module port, and ABC sees each module alone. Ignored with keepModules.
   */
  hierarchical?: boolean;
  /**
   * With hierarchical: the module patterns kept as modules (each distinct one mapped once); every
   * other module is flattened into its user before mapping. Default: every module kept.
   */
  hierModules?: string[];
}

/** ABC's SAT sweep conflict limit (`&fraig -x -C`); see abcLibertyScript. */
export const ABC_FRAIG_CONFLICTS = 100;

/**
 * ABC's script for `synth --liberty`, written to a file that Yosys' `abc -script` sources: Yosys'
 * own script for a Liberty library with a delay target (the commands its log shows for
 * `abc -liberty -D -constr`: SAT sweep, sequential and structural rewriting, choices, delay-driven
 * mapping `&nf`, buffering and sizing to the target) with one change: the SAT sweep
 * `&fraig -x` gives up on a pair of nodes after ABC_FRAIG_CONFLICTS conflicts instead of its
 * unbounded default. Unbounded, it took 66 of ABC's 74 s on one fp32 x fp32 square alone
 * (sky130: it tries to prove multiplier nodes equal that are not) and hours on a
 * 16-lane fp32 or LayerNorm design (32 such multipliers); bounded it takes 2 s, the mapped
 * square 23,277 against 23,381 um^2 and 19.10 against 17.93 ns (with no sweep at all 19.04 ns:
 * the difference is ABC's run-to-run spread in delay, not the sweep).
 */
export function abcLibertyScript(delayPs: number): string {
  const d = Math.round(delayPs);
  return [
    'strash', '&get -n', `&fraig -x -C ${ABC_FRAIG_CONFLICTS}`, '&put', 'scorr', 'dc2', `retime -o -D ${d}`,
    'strash', '&get -n', '&dch -f', `&nf -D ${d}`, '&put',
    'buffer', `upsize -D ${d}`, `dnsize -D ${d}`, 'stime -p', '',
  ].join('\n');
}

/**
 * The standard-cell flow of `synth --liberty` (after `read_verilog`, the vector store read with
 * `-lib` so that it stays a black box, an SRAM macro): the coarse steps of the generic flow on
 * the flattened design (ABC then sees whole paths across operators), flip-flops mapped with
 * dfflibmap (flip-flops named after the register they hold, `<reg>_reg`; clock enables turned
 * into multiplexers first: an enable net outside ABC's logic would stay unbuffered), logic with ABC's
 * timing-driven mapping to the clock period (buffering and sizing from the driving cell and
 * output load in `constr`), the dont-use cells excluded from both; then what OpenSTA 2019
 * needs to read the netlist: nets split into bits (no concatenation on the left of an
 * assignment), constants from tie cells, a buffer for every plain assignment.
 */
export function libertyScript(top: string, o: LibertyScriptOptions): string[] {
  const dontUse = o.dontUse.map((c) => `-dont_use ${c}`).join(' ');
  const keep = o.keepModules?.length ? o.keepModules : undefined;
  const hier = !keep && o.hierarchical === true;
  return [
    `hierarchy -check -top ${top}${o.chparams ? ` ${o.chparams}` : ''}`,
    'proc',
    ...(keep || hier ? ['design -save rtl'] : []),
    'flatten -noscopeinfo',
    'check -assert',
    `select -assert-none ${LATCH_TYPES}`,
    ...(hier ? ['# the checks ran on the flattened design; map the hierarchy, each distinct module once', 'design -load rtl',
      ...(o.hierModules?.length ? ['# the kept modules stay, every other one is flattened into its user',
        `setattr -mod -set keep_hierarchy 1 ${o.hierModules.join(' ')}`, 'flatten -noscopeinfo',
        'setattr -mod -unset keep_hierarchy *'] : [])] : []),
    ...(keep ? [
      '# the checks ran on the flattened design; now flatten all but the kept modules, each mapped once',
      'design -load rtl',
      `setattr -mod -set keep_hierarchy 1 ${keep.join(' ')}`,
      'flatten -noscopeinfo',
    ] : []),
    ...coarseSteps(true),
    '# flip-flops: named after their register, then mapped to the library; clock enables become',
    '# logic, so that ABC sees (and buffers) the enable nets, which fan out to thousands of flip-flops',
    'rename -wire -suffix _reg t:$_*DFF*',
    'dffunmap -ce-only',
    `dfflibmap -liberty ${o.liberty} ${dontUse}`,
    'opt_clean',
    `abc -liberty ${o.liberty} -D ${Math.round(o.delayPs)} -constr ${o.constr} ${dontUse} -script ${o.abcScript}`,
    ...(keep ? ['# the mapped modules into the design: one flat netlist, named as without kept modules', 'setattr -mod -unset keep_hierarchy', 'flatten -noscopeinfo'] : []),
    '# the flattened hierarchy\'s internal wire names go (cells keep theirs): each one kept is an alias',
    '# of a net, written as an assignment, which would become a buffer in front of the net\'s loads',
    'opt_clean -purge',
    '# for OpenSTA 2019: single-bit nets, tie cells for constants, buffers for plain assignments',
    'setundef -zero',
    'splitnets',
    `hilomap -singleton -hicell ${o.tieHi.cell} ${o.tieHi.pin} -locell ${o.tieLo.cell} ${o.tieLo.pin}`,
    `insbuf -buf ${o.buffer.cell} ${o.buffer.in} ${o.buffer.out}`,
    'opt_clean',
    `read_liberty -lib ${o.liberty}`,
    'check -assert',
    ...(hier ? ['# and on a flattened copy: no loop through module ports', 'design -save mapped', 'flatten -noscopeinfo', 'check -assert', 'design -load mapped'] : []),
    `select -assert-none ${LATCH_CELLS}`,
    `tee -q -o stat-lib.json stat -json -liberty ${o.liberty}`,
    'write_verilog -noattr -noexpr -nohex -nodec netlist.v',
  ];
}
