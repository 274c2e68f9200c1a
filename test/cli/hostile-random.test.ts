// Hidden randomness: cosim of an affine mode without --params says that
// gamma and beta are seeded random (and the seed), records them in the JSON report, and
// --params-out writes them, so that golden reproduces the co-simulated results exactly.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../cli/main.ts';
import { captureCli } from '../support/cli-capture.ts';

const cli = captureCli('iterl2norm-hostile-random-');

describe('cosim --mode layer without --params', () => {
  it('names the random parameters, reports them, writes them; golden reproduces --out with them', async () => {
    const f = (n: string) => join(cli.dir, n);
    const cfg = ['--mode', 'layer', '--d', '6', '--lanes', '2', '--format', 'bf16'];
    writeFileSync(f('x.txt'), '3f80 4000 c040 0000 3f00 bf80\n4120 c0a0 3e80 0000 0000 4000\n');
    expect(await main(['cosim', ...cfg, '--in', f('x.txt'), '--seed', '7', '--out', f('y.txt'), '--json', f('r.json'), '--params-out', f('p.txt')], cli.out)).toBe(0);
    expect(cli.lines.join('\n')).toContain('affine parameters: seeded random gamma and beta (seed "params-7", from --seed 7; --params-out FILE writes them, --params FILE gives your own)');
    const report = JSON.parse(readFileSync(f('r.json'), 'utf8'));
    expect(report.params.source).toBe('seeded random');
    expect(report.params.seed).toBe('params-7');
    expect(report.params.gamma).toHaveLength(6);
    expect(report.params.beta).toHaveLength(6);
    const rows = readFileSync(f('p.txt'), 'utf8').split('\n').filter((l) => l && !l.startsWith('#'));
    expect(rows).toEqual([report.params.gamma.join(' '), report.params.beta.join(' ')]);
    expect(new Set(report.params.gamma).size).toBeGreaterThan(1); // random, not all ones
    expect(await main(['golden', ...cfg, '--in', f('x.txt'), '--params', f('p.txt'), '--out', f('g.txt')], cli.out)).toBe(0);
    expect(readFileSync(f('g.txt'), 'utf8')).toBe(readFileSync(f('y.txt'), 'utf8'));
  });

  it('--params-out for a configuration without affine parameters is refused before the run', async () => {
    expect(await main(['cosim', '--d', '4', '--lanes', '1', '--vectors', '2', '--params-out', join(cli.dir, 'p.txt')], cli.out)).toBe(2);
    expect(cli.errors.trim()).toBe('iterl2norm: --params-out: this configuration has no affine parameters (--affine none)');
  });
});
