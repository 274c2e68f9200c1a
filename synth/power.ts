/**
 * Power with OpenSTA from switching activity per pin (`synth --power`). The activity comes from
 * a gate-level simulation (tasks/power.ts runs it); this module gives it to OpenSTA and reads
 * `report_power`.
 *
 * The Debian OpenSTA (2019) has no VCD or SAIF reader, and its `set_power_activity -pins` does
 * not work (its Tcl calls a missing `get_pins_error`; the command under it,
 * `sta::set_power_pin_activity`, sets a pin's activity, but `report_power` then propagates
 * activity from the inputs through every cell's function and overwrites it). So the power run
 * reads a copy of the library in which every output pin's function is the pin itself
 * (`function : "Y"` on pin Y, powerLiberty): propagation then keeps each output's own
 * activity, and every cell output gets the simulated activity and duty. Timing arcs, power
 * tables and capacitances are those of the library; only the propagation of activity changes.
 * Input ports get theirs with `set_power_activity -input_ports`; the clock is the clock. The
 * library's default operating conditions come after the group they name (operatingConditionsFirst):
 * without that the 2019 OpenSTA reports no internal power for sky130.
 */
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ToolError } from '../generator/errors.ts';
import { groupEnd } from './liberty/group-end.ts';
import { operatingConditionsFirst } from './liberty/operating-conditions.ts';
import type { Liberty } from './liberty/parse.ts';
import { STA_INSTALL, STA_TIMEOUT_MS } from './sta.ts';
import { spawn } from 'node:child_process';

/** Activity in transitions per clock cycle, duty the fraction of time at 1. */
export interface PinActivity { activity: number; duty: number }

export interface PowerFigures {
  totalMw: number; internalMw: number; switchingMw: number; leakageMw: number;
  /** report_power's groups: the flip-flops (sequential) and the logic (combinational), mW. */
  groups: { sequentialMw: number; combinationalMw: number };
}

/** Every `pin (NAME) { ... }` group of an output: its `function` becomes NAME (see above). */
export function powerLiberty(text: string): string {
  const head = /\bpin\s*\(\s*"?([\w[\].]+)"?\s*\)\s*\{/g;
  const out: string[] = [];
  let from = 0;
  for (let m = head.exec(text); m; m = head.exec(text)) {
    const j = groupEnd(text, m.index + m[0].length);
    let body = text.slice(m.index, j);
    if (/\bdirection\s*:\s*"?(output|inout)"?/.test(body)) {
      body = body.replace(/(\bfunction\s*:\s*)"[^"]*"/, (_a, f: string) => `${f}"${m![1]}"`);
    }
    out.push(text.slice(from, m.index), body);
    from = j;
    head.lastIndex = j;
  }
  out.push(text.slice(from));
  return out.join('');
}

/** Instances renamed g0, g1, ... (plain names: OpenSTA's get_pins and the VCD scopes agree); each one's cell. */
export function renameInstances(netlist: string): { netlist: string; instances: Map<string, string> } {
  const instances = new Map<string, string>();
  let k = 0;
  const text = netlist.replace(/^(\s*)([A-Za-z_][\w$]*)(\s+)(?:\\\S+ |[A-Za-z_][\w$]*)(\s*\()/gm, (all, indent: string, cell: string, sp: string, open: string) => {
    if (cell === 'module') return all;
    const name = `g${k++}`;
    instances.set(name, cell);
    return `${indent}${cell}${sp}${name}${open}`;
  });
  return { netlist: text, instances };
}

export interface PowerRun {
  lib: Liberty;
  storeLiberty: string;
  /** Netlist with plain instance names (renameInstances). */
  netlist: string;
  sdc: string;
  top: string;
  /** Output pins `inst/PIN` (bus bits `inst/PIN[3]`) and their activity. */
  pins: Map<string, PinActivity>;
  /** Input ports (bits `in_data[3]`) and their activity. */
  ports: Map<string, PinActivity>;
}

const fmt = (x: number) => Number(x.toPrecision(6)).toString();
/** A name as a Tcl word in braces (bus bits keep their brackets). */
const tclName = (s: string) => `{${s}}`;

/**
 * One OpenSTA power run. Asynchronous, with its output in a file: a caller may start it and run a
 * synchronous simulation meanwhile (the vectorless estimate beside the gate-level simulation).
 */
function runPower(cells: string, r: Omit<PowerRun, 'lib' | 'pins' | 'ports'>, activity: string[], signal?: AbortSignal): Promise<PowerFigures> {
  const dir = mkdtempSync(join(tmpdir(), 'iterl2norm-power-'));
  try {
    writeFileSync(join(dir, 'cells.lib'), operatingConditionsFirst(cells));
    writeFileSync(join(dir, 'store.lib'), r.storeLiberty);
    writeFileSync(join(dir, 'netlist.v'), r.netlist);
    writeFileSync(join(dir, 'constraints.sdc'), r.sdc);
    writeFileSync(join(dir, 'power.tcl'), [
      'read_liberty cells.lib', 'read_liberty store.lib', 'read_verilog netlist.v', `link_design ${r.top}`, 'read_sdc constraints.sdc',
      ...activity, 'puts "=== power"', 'report_power -digits 8', 'puts "=== end"', 'exit',
    ].join('\n'));
  } catch (e) {
    rmSync(dir, { recursive: true, force: true });
    throw e;
  }
  // OpenSTA writes to a file of its own (the child keeps the descriptor; this process closes its copy)
  const log = openSync(join(dir, 'sta.log'), 'w');
  return new Promise<PowerFigures>((resolve, reject) => {
    let child: ReturnType<typeof spawn>;
    try {
      child = spawn('sta', ['-no_splash', '-no_init', '-exit', 'power.tcl'], {
        cwd: dir, stdio: ['ignore', log, log], timeout: STA_TIMEOUT_MS, killSignal: 'SIGKILL', signal,
      });
    } finally {
      closeSync(log);
    }
    // 'close' comes after 'exit', or after 'error' when OpenSTA could not start or was stopped: one place settles
    let failure: Error | undefined;
    child.on('error', (e) => { failure ??= e; });
    child.on('close', (status) => {
      try {
        resolve(powerFigures(dir, status, failure, signal));
      } catch (e) {
        reject(e);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  });
}

/** What report_power printed, in mW; or the failure of the run. */
function powerFigures(dir: string, status: number | null, failure: Error | undefined, signal?: AbortSignal): PowerFigures {
  if (signal?.aborted) throw new Error('report_power stopped');
  if ((failure as NodeJS.ErrnoException | undefined)?.code === 'ENOENT') throw new ToolError(`OpenSTA is not installed: ${STA_INSTALL}`);
  if (failure) throw failure;
  const out = readFileSync(join(dir, 'sta.log'), 'utf8');
  const err = /^(Error|error):?.*$/m.exec(out);
  const total = /^Total\s+(\S+)\s+(\S+)\s+(\S+)\s+(\S+)/m.exec(out.slice(out.indexOf('=== power')));
  if (status !== 0 || err || !total) throw new ToolError(`sta (report_power) failed (exit ${status}): ${(err?.[0] ?? out.trim().split('\n').slice(-3).join(' | ')).slice(0, 400)}`);
  const mw = (w: string) => Number((Number(w) * 1000).toPrecision(6));
  const group = (name: string) => mw(new RegExp(`^${name}\\s+\\S+\\s+\\S+\\s+\\S+\\s+(\\S+)`, 'm').exec(out)?.[1] ?? 'NaN');
  return {
    internalMw: mw(total[1]!), switchingMw: mw(total[2]!), leakageMw: mw(total[3]!), totalMw: mw(total[4]!),
    groups: { sequentialMw: group('Sequential'), combinationalMw: group('Combinational') },
  };
}

/** Power with the simulated activity of every cell output and input port. */
export function simulatedPower(r: PowerRun): Promise<PowerFigures> {
  const lines = [
    ...[...r.ports].map(([p, a]) => `set_power_activity -input_ports ${tclName(p)} -activity ${fmt(a.activity)} -duty ${fmt(a.duty)}`),
    ...[...r.pins].map(([p, a]) => `sta::set_power_pin_activity [get_pins ${tclName(p)}] ${fmt(a.activity)} ${fmt(a.duty)}`),
  ];
  return runPower(powerLiberty(r.lib.text), r, lines);
}

/**
 * The vectorless estimate: the unchanged library, every pin at `activity` per cycle, duty 0.5
 * (`set_power_activity -global`). `signal` stops OpenSTA (the caller's run failed meanwhile).
 */
export function vectorlessPower(r: Omit<PowerRun, 'pins' | 'ports'>, activity: number, signal?: AbortSignal): Promise<PowerFigures> {
  return runPower(r.lib.text, r, [`set_power_activity -global -activity ${activity} -duty 0.5`], signal);
}
