// --interface stream|axis on the command line: the axis design's manifest, and bad values refused
// (exit 2, one line, nothing written).
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../cli/main.ts';
import { captureCli } from '../support/cli-capture.ts';

const cli = captureCli('iterl2norm-interface-');

describe('generate --interface axis', () => {
  it('writes the wrapper with AXI4-Stream/AXI4-Lite ports and the axis record (fixed d)', async () => {
    const out = join(cli.dir, 'rtl');
    expect(await main(['generate', '--d', '10', '--lanes', '3', '--format', 'e5m4', '--mode', 'layer', '--interface', 'axis', '--out', out], cli.out)).toBe(0);
    const m = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8'));
    expect(m.top).toBe('iterlayernorm_e5m4_d10_p3_e7m30_nr2_t6_axis');
    expect(m.interface).toBe('axis');
    expect(m.config.interface).toBe('axis');
    expect(m.files.at(-1)).toBe(`${m.top}.v`);
    expect(m.files).toContain(`${m.top}_framing.v`);
    expect(m.files).toContain('iterlayernorm_e5m4_d10_p3_e7m30_nr2_t6.v'); // the core
    for (const f of m.files) expect(existsSync(join(out, f))).toBe(true);
    const width = (name: string) => m.ports.find((p: { name: string }) => p.name === name)?.width;
    // 3 lanes of 10 bits = 30 bits, padded to 4 bytes
    expect([width('s_axis_tdata'), width('s_axis_tkeep'), width('m_axis_tdata'), width('m_axis_tkeep')]).toEqual([32, 4, 32, 4]);
    expect(width('in_len')).toBeUndefined();
    expect(m.ports[0].name).toBe('aclk');
    expect(m.axis.registers.map((r: { name: string }) => r.name)).toEqual(['ID', 'LENGTH', 'SHAPE', 'STATUS', 'FRAMING_ERRORS', 'PARAM_COMMIT', 'GAMMA_STAGE[j]', 'BETA_STAGE[j]']);
    expect(m.axis.packetBuffer).toBeNull();
    // the core's latency: the beats pass straight through
    expect(m.latency.formula).toBe('3*B + 2*TL + E + C + X + 8');
  });

  it('--d-max: no in_len, the packet buffer in the manifest, latency + B + 1', async () => {
    const out = join(cli.dir, 'rtl');
    expect(await main(['generate', '--d-max', '64', '--lanes', '16', '--interface', 'axis', '--out', out], cli.out)).toBe(0);
    const m = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8'));
    expect(m.ports.map((p: { name: string }) => p.name)).not.toContain('in_len');
    expect(m.axis.packetBuffer).toMatchObject({ ringBeats: 5, memoryBits: 5 * 16 * 16, extraLatency: 'B + 1' });
    expect(m.latency.formula).toBe('2*B + TL + C + X + 4 + B + 1');
    expect(m.axis.registers.map((r: { name: string }) => r.name)).toEqual(['ID', 'LENGTH', 'SHAPE', 'STATUS', 'FRAMING_ERRORS']);
  });

  it.each([
    [['--interface', 'axi'], /--interface must be one of stream, axis \(got "axi"\)/],
    [['--interface', 'axis', '--format', 'e4m2'], /--interface axis needs a format of 8 to 32 bits.*--format e4m2 has 7/],
    [['--interface', 'axis', '--format', 'e8m30'], /--format e8m30 has 39/],
  ])('refuses %j: exit 2, one line, nothing written', async (args, message) => {
    const out = join(cli.dir, 'bad');
    expect(await main(['generate', '--d', '8', ...args, '--out', out], cli.out)).toBe(2);
    expect(cli.errors).toMatch(message);
    expect(cli.errors.trim().split('\n')).toHaveLength(1);
    expect(existsSync(out)).toBe(false);
  });
});
