import { describe, expect, it } from 'vitest';
import { ABC_FRAIG_CONFLICTS, abcLibertyScript, libertyScript } from '../../generator/rtl/yosys-script.ts';

const cells = { tieHi: { cell: 'TIEH', pin: 'Y' }, tieLo: { cell: 'TIEL', pin: 'Y' }, buffer: { cell: 'BUF', in: 'A', out: 'Y' } };

describe('ABC script of the Liberty flow', () => {
  it('sources the script file and keeps the delay target in Yosys\' -D', () => {
    const abc = libertyScript('top', { liberty: 'c.lib', constr: 'c.constr', abcScript: 'abc.script', delayPs: 8000.4, dontUse: ['X'], ...cells }).find((l) => l.startsWith('abc '));
    expect(abc).toBe('abc -liberty c.lib -D 8000 -constr c.constr -dont_use X -script abc.script');
  });
  it('maps, buffers and sizes to the rounded target; the SAT sweep is bounded', () => {
    const lines = abcLibertyScript(10400.6).trim().split('\n');
    expect(lines).toContain(`&fraig -x -C ${ABC_FRAIG_CONFLICTS}`);
    expect(lines.filter((l) => l.includes('-D'))).toEqual(['retime -o -D 10401', '&nf -D 10401', 'upsize -D 10401', 'dnsize -D 10401']);
    // buffering and sizing come after the mapping, the timing report last
    expect(lines.indexOf('&nf -D 10401')).toBeLessThan(lines.indexOf('buffer'));
    expect(lines.at(-1)).toBe('stime -p');
  });
});
