// `iterl2norm prove` (docs/prove.md) on small rms and layer designs, through the command line
// (l2, mutations and bad input: prove.test.ts). Bounded to the smallest depth that takes a first
// vector through (slower and deeper proofs: bench/prove.ts).
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../cli/main.ts';
import { resolveConfig } from '../../generator/config.ts';
import { depthRange } from '../../prove/prove.ts';
import { findProofTools } from '../../prove/tools.ts';
import { captureCli } from '../support/cli-capture.ts';

const cli = captureCli('iterl2norm-prove-');
const SMALL = ['--format', 'fp16', '--internal', 'e5m6', '--steps', '1'];
const smallCfg = (o: Record<string, unknown>) => resolveConfig({ format: 'fp16', internal: 'e5m6', steps: 1, ...o });
// `make test` installs yosys (with yosys-smtbmc) and z3 (scripts/ensure-tools.sh): a missing tool
// fails these tests instead of skipping them.
findProofTools();

describe('prove: small rms and layer designs hold every property', () => {
  it.each([
    ['rms, d 2, 1 lane, gamma (the parameter store written at reset)', { mode: 'rms', d: 2, lanes: 1 }, ['--mode', 'rms', '--d', '2', '--lanes', '1']],
    ['layer, d 1, 1 lane, no affine, no eps', { mode: 'layer', affine: 'none', eps: 0, d: 1, lanes: 1 }, ['--mode', 'layer', '--affine', 'none', '--eps', '0', '--d', '1', '--lanes', '1']],
  ])('%s: every property bounded-proved (command line, JSON report)', async (_name, options, args) => {
    const depth = depthRange(smallCfg(options)).min;
    const json = join(cli.dir, 'report.json');
    expect(await main(['prove', ...args, ...SMALL, '--depth', String(depth), '--no-induction', '--json', json], cli.out)).toBe(0);
    const properties = cli.lines.filter((l) => /^ {2}\S/.test(l));
    expect(properties).toHaveLength(6);
    for (const line of properties) expect(line).toMatch(new RegExp(`bounded: holds in every trace of ${depth} cycles$`));
    expect(cli.lines.at(-1)).toMatch(new RegExp(`^every property holds: 0 proved by induction, 6 bounded to ${depth} cycles`));
    const report = JSON.parse(readFileSync(json, 'utf8'));
    expect(report).toMatchObject({ depth, passed: true, inductionTried: false });
    expect(report.properties.map((p: { status: string }) => p.status)).toEqual(Array(6).fill('bounded'));
    expect(readdirSync(cli.dir)).toEqual(['report.json']);
  });
});

