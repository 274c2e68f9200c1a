/**
 * The 2019 OpenSTA loses the default operating conditions when a library names them before their
 * group (sky130_fd_sc_hd's order), and then reports 0 internal power. The power flow moves the
 * attribute after the group (operatingConditionsFirst); this checks both sides with OpenSTA on a
 * one-inverter library in sky130's order.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { operatingConditionsFirst } from '../../synth/liberty/operating-conditions.ts';
import { parseLiberty } from '../../synth/liberty/parse.ts';
import { vectorlessPower } from '../../synth/power.ts';

const table = (name: string) => `${name} ("pwr_2x2") { index_1("0.01, 1.0"); index_2("0.001, 0.1"); values("0.01, 0.2", "0.02, 0.3"); }`;
const delay = (name: string) => `${name} ("del_2x2") { index_1("0.01, 1.0"); index_2("0.001, 0.1"); values("0.01, 0.5", "0.05, 0.9"); }`;
const THRESHOLDS = 'input_threshold_pct_rise : 50; input_threshold_pct_fall : 50; output_threshold_pct_rise : 50; output_threshold_pct_fall : 50;\n'
  + '  slew_lower_threshold_pct_rise : 20; slew_lower_threshold_pct_fall : 20; slew_upper_threshold_pct_rise : 80; slew_upper_threshold_pct_fall : 80;\n';
const LIB = `library ("oc_test") {
  delay_model : "table_lookup";
  time_unit : "1ns"; voltage_unit : "1V"; current_unit : "1mA"; leakage_power_unit : "1nW";
  capacitive_load_unit(1.0, "pf");
  nom_voltage : 1.8;
  ${THRESHOLDS}  default_operating_conditions : "tt";
  operating_conditions ("tt") { voltage : 1.8; process : 1.0; temperature : 25; }
  power_lut_template ("pwr_2x2") { variable_1 : "input_transition_time"; variable_2 : "total_output_net_capacitance"; index_1("1, 2"); index_2("1, 2"); }
  lu_table_template ("del_2x2") { variable_1 : "input_net_transition"; variable_2 : "total_output_net_capacitance"; index_1("1, 2"); index_2("1, 2"); }
  cell ("oc_inv") {
    area : 1.0;
    cell_leakage_power : 1.0;
    pin ("A") { direction : "input"; capacitance : 0.002; }
    pin ("Y") {
      direction : "output"; function : "(!A)";
      internal_power () { ${table('fall_power')} related_pin : "A"; ${table('rise_power')} }
      timing () { related_pin : "A"; timing_sense : "negative_unate";
        ${delay('cell_rise')} ${delay('cell_fall')} ${delay('rise_transition')} ${delay('fall_transition')} }
    }
  }
}
`;
const STORE = `library ("oc_store") { delay_model : "table_lookup"; ${THRESHOLDS} }\n`;
const NETLIST = 'module top(input wire clk, input wire a, output wire y);\n  oc_inv g0 (.A(a), .Y(y));\nendmodule\n';
const SDC = 'create_clock -name clk -period 10 [get_ports clk]\nset_load 0.01 [get_ports y]\n';

/** report_power's Total internal power (W) and the output, for the library text as given. */
function internalPower(lib: string): { watts: number; out: string } {
  const dir = mkdtempSync(join(tmpdir(), 'iterl2norm-oc-'));
  try {
    writeFileSync(join(dir, 'c.lib'), lib);
    writeFileSync(join(dir, 'n.v'), NETLIST);
    writeFileSync(join(dir, 'c.sdc'), SDC);
    writeFileSync(join(dir, 'p.tcl'), 'read_liberty c.lib\nread_verilog n.v\nlink_design top\nread_sdc c.sdc\nset_power_activity -global -activity 0.1 -duty 0.5\nreport_power\nexit\n');
    const run = spawnSync('sta', ['-no_splash', '-no_init', '-exit', 'p.tcl'], { cwd: dir, encoding: 'utf8' });
    const out = `${run.stdout}${run.stderr}`;
    return { watts: Number(/^Total\s+(\S+)/m.exec(out)?.[1]), out };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('default operating conditions after their group (OpenSTA internal power)', () => {
  it('OpenSTA: 0 internal power in sky130\'s order, non-zero after the rewrite', () => {
    const before = internalPower(LIB);
    expect(before.out).toMatch(/default_operating_condition tt not found/);
    expect(before.watts).toBe(0);
    const after = internalPower(operatingConditionsFirst(LIB));
    expect(after.out).not.toMatch(/not found/);
    expect(after.watts).toBeGreaterThan(0);
  });

  it('the rewrite moves only that line, keeps a library already in order, and the power flow applies it', async () => {
    const moved = operatingConditionsFirst(LIB);
    expect(moved.split('\n').sort()).toEqual(LIB.split('\n').sort());
    expect(moved.indexOf('default_operating_conditions')).toBeGreaterThan(moved.indexOf('operating_conditions ("tt")'));
    expect(operatingConditionsFirst(moved)).toBe(moved);
    const p = await vectorlessPower({ lib: parseLiberty(LIB, 'oc.lib'), storeLiberty: STORE, netlist: NETLIST, sdc: SDC, top: 'top' }, 0.1);
    expect(p.internalMw).toBeGreaterThan(0);
  });
});
