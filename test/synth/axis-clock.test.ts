// The timing constraints of synth --liberty name the design's clock port: clk, or aclk for the
// AXI4-Stream wrapper (otherwise OpenSTA would find no clock and time nothing but I/O paths).
import { describe, expect, it } from 'vitest';
import type { FlowCells } from '../../synth/liberty/cells.ts';
import { staConstraints } from '../../synth/sta.ts';
import { resolveConfig } from '../../generator/config.ts';
import { ports } from '../../generator/rtl/generate.ts';

const CELLS = { driver: { cell: 'INV_X1', in: 'A', out: 'Y' }, load: { value: 0.008, fF: 8 } } as FlowCells;

describe('staConstraints: the clock port', () => {
  it.each([
    ['stream', 'clk'],
    ['axis', 'aclk'],
  ])('--interface %s: create_clock on %s, which is not also an input delay port', (iface, clock) => {
    const inputs = ports(resolveConfig({ d: 8, lanes: 2, interface: iface })).filter((p) => p.direction === 'input').map((p) => p.name);
    const sdc = staConstraints(10, CELLS, inputs);
    expect(sdc).toContain(`create_clock -name clk -period 10 [get_ports ${clock}]`);
    const delayed = /set_input_delay 0 -clock clk \[get_ports \{([^}]*)\}\]/.exec(sdc)![1].split(' ');
    expect(delayed).not.toContain(clock);
    expect(delayed.length).toBe(inputs.length - 1);
  });
});
