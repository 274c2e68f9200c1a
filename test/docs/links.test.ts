// Every relative link in README.md and docs/**/*.md reaches a file (and a heading, for `#anchor`),
// and every backticked repository path in them names a file that exists, so the docs cannot point
// a newcomer at something that moved or never was.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, docFiles, headingSlugs, withoutFences } from './markdown.ts';

/** The top-level folders whose paths the docs cite; a backticked `folder/.../name.ext` must exist. */
const PATH_ROOTS = ['api', 'generator', 'sim', 'synth', 'cli', 'templates', 'test', 'bench', 'scripts', 'docs', 'bin'];
const BACKTICKED_PATH = new RegExp(`\`((?:${PATH_ROOTS.join('|')})/[\\w./-]*\\.[A-Za-z][\\w.]*)\``, 'g');

const slugCache = new Map<string, Set<string>>();
const slugsOf = (file: string) => {
  if (!slugCache.has(file)) slugCache.set(file, headingSlugs(readFileSync(join(ROOT, file), 'utf8')));
  return slugCache.get(file)!;
};

/** Problems with the links of one markdown file, as `file: target (why)`. */
function brokenLinks(file: string): string[] {
  const text = withoutFences(readFileSync(join(ROOT, file), 'utf8'));
  const problems: string[] = [];
  for (const m of text.matchAll(/\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)) {
    const target = m[1]!;
    if (/^[a-z][a-z0-9+.-]*:/i.test(target)) continue; // http:, https:, mailto:
    const [path, anchor] = target.split('#') as [string, string | undefined];
    const resolved = path ? normalize(join(dirname(file), decodeURIComponent(path))) : file;
    if (resolved.startsWith('..')) problems.push(`${file}: ${target} (outside the repository)`);
    else if (!existsSync(join(ROOT, resolved))) problems.push(`${file}: ${target} (no such file)`);
    else if (anchor !== undefined && resolved.endsWith('.md') && !slugsOf(resolved).has(anchor)) {
      problems.push(`${file}: ${target} (no heading #${anchor} in ${resolved})`);
    }
  }
  return problems;
}

/** Backticked repository paths of one markdown file that do not exist. */
function missingPaths(file: string): string[] {
  const text = withoutFences(readFileSync(join(ROOT, file), 'utf8'));
  const missing = new Set<string>();
  for (const m of text.matchAll(BACKTICKED_PATH)) {
    const path = m[1]!.replace(/[.,:;]+$/, '');
    if (path.includes('*') || path.includes('<')) continue; // a pattern, not a file
    if (!existsSync(join(ROOT, path))) missing.add(`${file}: ${path}`);
  }
  return [...missing];
}

describe('documentation links', () => {
  const files = docFiles();

  it('finds the README and the docs folder', () => {
    expect(files).toContain('README.md');
    expect(files.length).toBeGreaterThan(3);
  });

  it('relative links point to existing files and headings', () => {
    expect(files.flatMap(brokenLinks)).toEqual([]);
  });

  it('backticked repository paths exist', () => {
    expect(files.flatMap(missingPaths)).toEqual([]);
  });

  it('the docs stand alone (no link out of the repository to a sibling folder)', () => {
    const outside = files.filter((f) => /\]\((\.\.\/)+shared\//.test(readFileSync(join(ROOT, f), 'utf8')));
    expect(outside.map((f) => relative(ROOT, join(ROOT, f)))).toEqual([]);
  });
});
