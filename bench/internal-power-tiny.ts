/**
 * OpenSTA's internal power on a tiny netlist (three inverters and a flip-flop, 100 MHz, every pin
 * at 0.1 per cycle, duty 0.5), with each library as shipped and as the power flow gives it to
 * OpenSTA (operatingConditionsFirst). Shows sky130's internal power lost and restored.
 *
 *   npx tsx bench/internal-power-tiny.ts SKY130.lib.gz SG13G2.lib.gz
 * Writes bench/results/internal-power-tiny.md.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { operatingConditionsFirst } from '../synth/liberty/operating-conditions.ts';

const [skyPath, ihpPath] = process.argv.slice(2);
if (!skyPath || !ihpPath) {
  console.error('usage: npx tsx bench/internal-power-tiny.ts SKY130.lib(.gz) SG13G2.lib(.gz)');
  process.exit(2);
}
const read = (p: string) => (p.endsWith('.gz') ? gunzipSync(readFileSync(p)) : readFileSync(p)).toString('utf8');
const netlist = (inv: string, flop: string) => `module top(input wire clk, input wire a, output wire q);
  wire n1, n2, n3;
  ${inv} u1 (.A(a), .Y(n1));
  ${inv} u2 (.A(n1), .Y(n2));
  ${inv} u3 (.A(n2), .Y(n3));
  ${flop} r (.CLK(clk), .D(n3), .Q(q));
endmodule
`;
const cases = [
  { name: 'sky130_fd_sc_hd', text: read(skyPath), v: netlist('sky130_fd_sc_hd__inv_1', 'sky130_fd_sc_hd__dfxtp_1') },
  { name: 'sg13g2', text: read(ihpPath), v: netlist('sg13g2_inv_1', 'sg13g2_dfrbp_1').replace('.Q(q)', '.RESET_B(1\'b1), .Q(q)') },
];

function power(lib: string, v: string): { total: string[]; warnings: string[] } {
  const dir = mkdtempSync(join(tmpdir(), 'iterl2norm-ip-'));
  try {
    writeFileSync(join(dir, 'c.lib'), lib);
    writeFileSync(join(dir, 'n.v'), v);
    writeFileSync(join(dir, 'p.tcl'), 'read_liberty c.lib\nread_verilog n.v\nlink_design top\ncreate_clock -name clk -period 10 [get_ports clk]\n'
      + 'set_power_activity -global -activity 0.1 -duty 0.5\nreport_power -digits 4\nexit\n');
    const r = spawnSync('sta', ['-no_splash', '-no_init', '-exit', 'p.tcl'], { cwd: dir, encoding: 'utf8' });
    const out = `${r.stdout}${r.stderr}`;
    return { total: /^Total\s+(\S+)\s+(\S+)\s+(\S+)\s+(\S+)/m.exec(out)!.slice(1, 5), warnings: out.split('\n').filter((l) => /^Warning/.test(l)) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const rows = ['| library | Liberty text | internal W | switching W | leakage W | total W | OpenSTA warnings |', '|---|---|---|---|---|---|---|'];
for (const c of cases) {
  for (const [how, text] of [['as shipped', c.text], ['operatingConditionsFirst', operatingConditionsFirst(c.text)]] as const) {
    const p = power(text, c.v);
    rows.push(`| ${c.name} | ${how} | ${p.total.join(' | ')} | ${p.warnings.join('; ').replace(/c\.lib, /g, '') || 'none'} |`);
  }
}
const md = `# OpenSTA internal power on a tiny netlist\n\nThree inv_1 and one flip-flop (sky130 dfxtp_1, sg13g2 dfrbp_1), clock 10 ns, every pin at 0.1 per cycle, duty 0.5; \`report_power\` of the Debian OpenSTA.\n\n\`npx tsx bench/internal-power-tiny.ts SKY130.lib.gz SG13G2.lib.gz\`\n\n${rows.join('\n')}\n`;
writeFileSync(join(import.meta.dirname, 'results', 'internal-power-tiny.md'), md);
console.log(md);
