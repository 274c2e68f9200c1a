// Cells by block (synth/synth-blocks.ts) from a hand-written `stat -json`: nested instances
// multiply, variants of one module made by parameters count as one block, memories are not
// cells, the top's own gates are the block `top`. The real report is checked in helpers.ts.
import { describe, expect, it } from 'vitest';
import { blocksOf } from '../../synth/synth-blocks.ts';

const mod = (byType: Record<string, number>) => ({ num_cells: Object.values(byType).reduce((a, b) => a + b, 0), num_cells_by_type: byType });

describe('blocksOf', () => {
  const stat = JSON.stringify({
    modules: {
      '\\m': mod({ m_lanes: 1, '$paramod$aa11\\m_out': 2, '$paramod$bb22\\m_out': 1, $_AND_: 3, $_DFF_P_: 1 }),
      '\\m_lanes': mod({ '$paramod\\m_add\\W=s32\'01': 4, $_DFFE_PP_: 10 }),
      '$paramod\\m_add\\W=s32\'01': mod({ $_XOR_: 5, $_AND_: 2 }),
      '$paramod$aa11\\m_out': mod({ $_MUX_: 7, $_DFF_P_: 2 }),
      '$paramod$bb22\\m_out': mod({ $_MUX_: 9, $mem_v2: 1 }),
    },
  });

  it('totals each of the top\'s instances through the hierarchy, the largest first', () => {
    expect(blocksOf(stat, 'm')).toEqual([
      { block: 'lanes', instances: 1, cells: 4 * 7 + 10, flipFlops: 10 },
      { block: 'out', instances: 3, cells: 2 * 9 + 9, flipFlops: 4 },
      { block: 'top', instances: 0, cells: 4, flipFlops: 1 },
    ]);
  });

  it('names the missing top and a module that contains itself', () => {
    expect(() => blocksOf(stat, 'other')).toThrow(/top module other not in the report/);
    const loop = JSON.stringify({ modules: { '\\t': mod({ t_a: 1 }), '\\t_a': mod({ t_a: 1 }) } });
    expect(() => blocksOf(loop, 't')).toThrow(/instantiates itself/);
  });
});
