/**
 * Benchmark (on demand): the logic of the default design (l2) and of RMSNorm and LayerNorm at
 * d = 768, 16 lanes, bf16 (Yosys generic cells, `iterl2norm synth`; the memories are kept as
 * $mem_v2 and not counted), per block, on this checkout or on another one (--root: a `git worktree`
 * of an earlier commit, e.g. the one before LayerNorm's rings: the parent of the commit that
 * removed the whole-slot template, slots.v.hbs). Writes bench/results/ring-logic.json under --label.
 *
 *   npx tsx bench/ring-logic.ts --label after
 *   git worktree add --detach /tmp/before eb48722 && ln -s $PWD/node_modules /tmp/before/
 *   npx tsx bench/ring-logic.ts --label before --root /tmp/before
 *
 * --from DIR reads DIR/<label>-<mode>.json, written by the same `synth --json` command, instead
 * of running it.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';

const argv = yargs(hideBin(process.argv))
  .option('label', { type: 'string', demandOption: true, describe: 'the key of the rows (before | after)' })
  .option('root', { type: 'string', default: resolve(import.meta.dirname, '..'), describe: 'the checkout whose bin/iterl2norm.js synthesises' })
  .option('modes', { type: 'string', default: 'l2,rms,layer' })
  .option('from', { type: 'string', describe: 'read <from>/<label>-<mode>.json instead of running synth' })
  .strict()
  .parseSync();

const FILE = join(import.meta.dirname, 'results', 'ring-logic.json');
const results = existsSync(FILE) ? JSON.parse(readFileSync(FILE, 'utf8')) : { commands: {}, rows: {} };
const root = resolve(argv.root);
const commit = execFileSync('git', ['-C', root, 'rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim();
const flags = (mode: string) => ['--d', '768', '--lanes', '16', '--format', 'bf16', '--mode', mode];
const rows: Array<Record<string, unknown>> = [];
const dir = argv.from ?? mkdtempSync(join(tmpdir(), 'ring-logic-'));
for (const mode of argv.modes.split(',')) {
  const json = join(dir, `${argv.label}-${mode}.json`);
  if (!argv.from) execFileSync('node', [join(root, 'bin', 'iterl2norm.js'), 'synth', ...flags(mode), '--json', json], { cwd: root, stdio: 'inherit' });
  const r = JSON.parse(readFileSync(json, 'utf8'));
  rows.push({ mode, cells: r.cells.total, flipFlops: r.flipFlops, memoryBits: r.memoryBits, blocks: r.blocks, seconds: r.seconds });
}
results.commands[argv.label] = `node bin/iterl2norm.js synth ${flags('M').join(' ')} --json F (M = ${argv.modes}) at commit ${commit}`;
results.rows[argv.label] = rows;
writeFileSync(FILE, `${JSON.stringify(results, null, 1)}\n`);
console.log(JSON.stringify(rows.map(({ blocks: _b, ...r }) => r)));
