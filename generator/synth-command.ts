/**
 * `iterl2norm synth`: Yosys synthesis report of one configuration (sim/synth.ts). Prints a
 * table; --json, --html and --netlist write the report, an HTML page with an SVG chart, and
 * the generic gate netlist. Exit status 1 when a design check fails (loop, multiple or missing
 * driver, latch, init value), 3 when Yosys is missing or fails.
 */
import type { Argv } from 'yargs';
import type { MacroConfig } from './config.ts';
import { UsageError } from './errors.ts';
import { jsonText, writeOutputs } from './io/atomic-write.ts';
import { checkDistinct, outputFileOption } from './io/output-path.ts';
import { SynthCheckError, formatHtml, formatTable, synthesize } from '../sim/synth.ts';

export const SYNTH_DESCRIPTION = 'synthesise with Yosys (npm): cells, transistors, flip-flops, memory bits, longest path; check -assert';

export function synthOptions(y: Argv) {
  return y
    .option('liberty', { type: 'string', describe: 'map to this liberty file\'s cells and report their area (default: generic gates, stat -tech cmos)' })
    .option('json', { type: 'string', describe: 'write the report as JSON here' })
    .option('html', { type: 'string', describe: 'write an HTML report (table and SVG chart of cells by type) here' })
    .option('netlist', { type: 'string', describe: 'write the synthesised gate-level Verilog here' })
    .option('flat', { type: 'boolean', default: false, describe: 'flatten before mapping (slower; optimises across module boundaries, about 10% fewer cells)' });
}

function fileOption(argv: Record<string, unknown>, name: string): string | undefined {
  const v = argv[name];
  if (v === undefined) return undefined;
  if (typeof v !== 'string' || v.length === 0) throw new UsageError(`--${name} needs a file name`);
  return v;
}

export async function cmdSynth(cfg: MacroConfig, argv: Record<string, unknown>, out: { log: (s: string) => void }): Promise<number> {
  const liberty = fileOption(argv, 'liberty');
  // outputs checked before the synthesis, written all or none after it (generator/io/)
  const json = outputFileOption('--json', argv.json);
  const html = outputFileOption('--html', argv.html);
  const netlist = outputFileOption('--netlist', argv.netlist);
  checkDistinct([json, html, netlist]);
  if ([json, html, netlist].some((t) => t?.kind === 'stdout')) out = { log: (s) => process.stderr.write(`${s}\n`) };
  let report: Awaited<ReturnType<typeof synthesize>>;
  try {
    report = await synthesize(cfg, { liberty, netlist: netlist !== undefined, flat: argv.flat === true });
  } catch (e) {
    if (e instanceof SynthCheckError) {
      for (const p of e.problems.slice(0, 20)) out.log(`check: ${p}`);
      out.log('synthesis checks FAILED');
      return 1;
    }
    throw e;
  }
  const { netlist: text, ...rest } = report;
  out.log(formatTable(rest));
  if (rest.pipeline.withinTarget === false) {
    process.stderr.write(`iterl2norm: warning: the longest path (${rest.longestPath.gates} gate levels) exceeds --target-depth ${rest.pipeline.targetDepth}: the depth model (generator/rtl/depth-model.ts) underestimated this configuration; choose a lower target or --pipeline\n`);
  }
  writeOutputs([
    json && { target: json, data: jsonText(rest) },
    html && { target: html, data: formatHtml(rest) },
    netlist && text !== undefined ? { target: netlist, data: text } : undefined,
  ]);
  return 0;
}
