/**
 * OpenSTA (Debian package `opensta`, binary `sta`) run through child_process on a mapped
 * netlist: reads the cell library, the store's timing model and the netlist, applies the
 * constraints (staConstraints: the clock, input/output delays 0, the driving cell and output
 * load ABC mapped for) and reports the worst path, the worst slack and the worst path into
 * every end point. Works with the 2019 snapshot Debian ships (no `-endpoint_count`, no gzip).
 * The run has a watchdog (STA_TIMEOUT_MS); `sta` missing or failing is a ToolError (exit 3).
 */
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { OTHER_STAGE, TIMING_STAGES, stageOf } from './timing-stages.ts';
import { ToolError } from '../generator/errors.ts';
import type { FlowCells } from './liberty/cells.ts';

export const STA_INSTALL = 'apt-get install -y opensta (Debian/Ubuntu; the binary is `sta`)';
export const STA_TIMEOUT_MS = 10 * 60 * 1000;

export interface StaFiles { liberty: string; storeLiberty: string; netlist: string; sdc: string; top: string }

/** The worst path into a stage's end points: its delay (setup included), its end point, how many end points the stage has. */
export interface StageTiming { stage: string; delayNs: number; to: string; endpoints: number }

export interface StaReport {
  /** Worst path delay, setup included: clock period minus worst slack. */
  criticalPathNs: number;
  criticalPath: { from: string; to: string };
  clockPeriodNs: number;
  wnsNs: number;
  /** Worst path into the end points of each stage (timing-stages.ts). */
  stages: StageTiming[];
  /** `sta` version line. */
  version: string;
}

/** SDC of the timing run (also written beside a netlist for a rerun by hand). */
export function staConstraints(periodNs: number, cells: FlowCells, inputs: string[]): string {
  // the clock port: clk, or aclk with the AXI4-Stream interface
  const clock = inputs.includes('aclk') && !inputs.includes('clk') ? 'aclk' : 'clk';
  const ins = inputs.filter((p) => p !== clock);
  return `# Clock ${clock}, ideal; every other port synchronous to it with a delay of 0 (the macro's
# figures alone); inputs driven by ${cells.driver.cell}, outputs loaded with ${cells.load.value.toPrecision(4)} (library units),
# as in the mapping (ABC -constr).
create_clock -name clk -period ${periodNs} [get_ports ${clock}]
set_input_delay 0 -clock clk [get_ports {${ins.join(' ')}}]
set_output_delay 0 -clock clk [all_outputs]
set_driving_cell -lib_cell ${cells.driver.cell} -pin ${cells.driver.out} [get_ports {${ins.join(' ')}}]
set_load ${cells.load.value.toPrecision(4)} [all_outputs]
`;
}

/** The Tcl script of the run (the rerun command writes the same, minus the endpoint list). */
export function staScript(f: StaFiles, endpoints = true): string {
  return [
    `read_liberty ${f.liberty}`,
    `read_liberty ${f.storeLiberty}`,
    `read_verilog ${f.netlist}`,
    `link_design ${f.top}`,
    `read_sdc ${f.sdc}`,
    'puts "=== worst path"',
    'report_checks -path_delay max -digits 4',
    ...(endpoints ? ['puts "=== end points"', 'report_checks -path_delay max -group_count 1000000 -format end -digits 4'] : []),
    'puts "=== end"',
    'exit',
  ].join('\n');
}

/** Throws a ToolError (exit 3) with the install command when `sta` is not on the PATH. */
export function requireSta(): void {
  const r = spawnSync('sta', ['-version'], { encoding: 'utf8', timeout: 30000 });
  if (r.error) throw new ToolError(`OpenSTA is not installed (needed by --liberty): ${STA_INSTALL}`);
}

function runSta(script: string, cwd: string): string {
  const r = spawnSync('sta', ['-no_splash', '-no_init', '-exit', script], {
    cwd, encoding: 'utf8', timeout: STA_TIMEOUT_MS, killSignal: 'SIGKILL', maxBuffer: 1 << 30,
  });
  if (r.error && (r.error as NodeJS.ErrnoException).code === 'ENOENT') throw new ToolError(`OpenSTA is not installed: ${STA_INSTALL}`);
  if (r.error) throw new ToolError(`sta failed: ${r.error.message}${r.signal ? ` (watchdog: killed after ${STA_TIMEOUT_MS / 1000} s)` : ''}`);
  const out = `${r.stdout ?? ''}${r.stderr ?? ''}`;
  const err = /^(Error|error):?.*$/m.exec(out);
  if (r.status !== 0 || err || !out.includes('=== end')) {
    throw new ToolError(`sta failed (exit ${r.status}): ${(err?.[0] ?? out.trim().split('\n').slice(-3).join(' | ')).slice(0, 400)}`);
  }
  return out;
}

/**
 * Removes the flow's flip-flop suffix and a leading escape, and writes a hierarchical name
 * (OpenSTA's divider `/`) as the flattened netlist names it: `\acc[3]_reg` -> `acc[3]`,
 * `lanes/accum/lane[2].adder/r[16]_reg` -> `lanes.accum.lane[2].adder.r[16]`.
 */
export const registerName = (inst: string) => inst.replace(/^\\/, '').replace(/\//g, '.').replace(/_reg$/, '');

/** Startpoint/Endpoint of a full report: the instance (or port) names. */
export function parseWorstPath(text: string): { from: string; to: string; slack: number } {
  const from = /^Startpoint: (\S+)/m.exec(text)?.[1];
  const to = /^Endpoint: (\S+)/m.exec(text)?.[1];
  const slack = /^\s*(-?[\d.]+)\s+slack \((?:MET|VIOLATED)\)/m.exec(text)?.[1];
  if (!from || !to || slack === undefined) throw new ToolError(`sta printed no path:\n${text.slice(0, 600)}`);
  return { from: registerName(from), to: registerName(to), slack: Number(slack) };
}

/** Lines `endpoint required actual slack` of `report_checks -format end`: endpoint (instance or port) and slack. */
export function parseEndpoints(text: string): Array<{ endpoint: string; slack: number }> {
  const out: Array<{ endpoint: string; slack: number }> = [];
  for (const m of text.matchAll(/^(\S+)(?: \([^)]*\))?\s+(-?[\d.]+)\s+(-?[\d.]+)\s+(-?[\d.]+)(?: \((?:MET|VIOLATED)\))?\s*$/gm)) {
    const pin = m[1]!;
    const slash = pin.lastIndexOf('/');
    out.push({ endpoint: slash > 0 ? pin.slice(0, slash) : pin, slack: Number(m[4]) });
  }
  return out;
}

/** Times a netlist: runs `sta` in `cwd` (where the four files are) and parses its reports. */
export function timeNetlist(f: StaFiles, periodNs: number, cwd: string): StaReport {
  const out = runSta(staScriptFile(f, cwd), cwd);
  const worstText = out.slice(out.indexOf('=== worst path'), out.indexOf('=== end points'));
  const endText = out.slice(out.indexOf('=== end points'), out.lastIndexOf('=== end'));
  const worst = parseWorstPath(worstText);
  const ends = parseEndpoints(endText);
  const round = (x: number) => Number(x.toFixed(4));
  const stages: StageTiming[] = [];
  for (const name of [...TIMING_STAGES.map((s) => s.stage), OTHER_STAGE]) {
    const mine = ends.filter((e) => stageOf(registerName(e.endpoint)) === name);
    if (!mine.length) continue;
    const w = mine.reduce((a, b) => (b.slack < a.slack ? b : a));
    stages.push({ stage: name, delayNs: round(periodNs - w.slack), to: registerName(w.endpoint), endpoints: mine.length });
  }
  const version = spawnSync('sta', ['-version'], { encoding: 'utf8', timeout: 10000 }).stdout?.trim() ?? 'unknown';
  return {
    criticalPathNs: round(periodNs - worst.slack),
    criticalPath: { from: worst.from, to: worst.to },
    clockPeriodNs: periodNs,
    wnsNs: round(worst.slack),
    stages,
    version,
  };
}

function staScriptFile(f: StaFiles, cwd: string): string {
  const file = join(cwd, 'run.tcl');
  writeFileSync(file, staScript(f));
  return file;
}
