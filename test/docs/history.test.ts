// The docs and the source comments describe what is, not how it came to be: no dates, no issue
// numbers, no talk of work sessions. History lives in git. bench/results/ is measured data (it
// keeps when each run was made) and is exempt.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, docFiles, filesUnder, withoutFences } from './markdown.ts';

const MONTHS = 'January|February|March|April|May|June|July|August|September|October|November|December';
const DATE = new RegExp(`\\b\\d{4}-\\d{2}-\\d{2}\\b|\\b(?:${MONTHS})\\s+\\d{4}\\b|\\b\\d{1,2}\\s+(?:${MONTHS})\\s+\\d{4}\\b`);
const ISSUE = /\bissues?\s+#?\d+\b|(?:^|[\s(])#\d+\b/i;
const SESSION = /\bsessions?\b/i;

/** `file:line: text` for every line of `text` that matches one of `patterns`. */
function hits(file: string, text: string, patterns: RegExp[]): string[] {
  return text.split('\n').flatMap((line, i) =>
    (patterns.some((p) => p.test(line)) ? [`${file}:${i + 1}: ${line.trim().slice(0, 100)}`] : []));
}

/** The comments of a source file: `//` to the end of a line and `/* ... *\/` blocks, with Verilog's too. */
function comments(text: string): string {
  // keep line structure so that the reported line numbers are right
  return text.split('\n').map((line) => {
    const at = line.search(/\/\/|\/\*|^\s*\*|\{\{!--/);
    return at < 0 ? '' : line.slice(at);
  }).join('\n');
}

const SOURCE_DIRS = ['generator', 'sim', 'synth', 'cli', 'templates', 'scripts', 'test'];
const isSource = (name: string) => /\.(ts|mjs|js|hbs|v|sh)$/.test(name);

describe('no history in the docs', () => {
  it('README.md and docs/ have no dates, issue numbers or sessions', () => {
    const found = docFiles().flatMap((f) => hits(f, withoutFences(readFileSync(join(ROOT, f), 'utf8')), [DATE, ISSUE, SESSION]));
    expect(found).toEqual([]);
  });

  it('source comments have no dates or issue numbers (folders not present yet are skipped)', () => {
    const files = [
      ...SOURCE_DIRS.flatMap((d) => filesUnder(d, isSource)),
      ...filesUnder('bench', (n) => n.endsWith('.ts')).filter((f) => !f.startsWith('bench/results/')),
    ];
    // inline code is an example (a tool's version banner carries its release date), not history
    const found = files.flatMap((f) => hits(f, comments(readFileSync(join(ROOT, f), 'utf8')).replace(/`[^`\n]*`/g, '``'), [DATE, ISSUE]));
    expect(found).toEqual([]);
  });
});
