/**
 * The import graph of the project's own sources, for the layer tests: every `import ... from`,
 * `export ... from`, side-effect `import '...'` and dynamic `import('...')` of a relative path,
 * type-only imports included (a type import is a dependency of the reader too). Comments are
 * removed first so that a path named in a comment is not taken for an import; strings are kept.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

export const ROOT = resolve(import.meta.dirname, '..', '..');

const SOURCE = /\.(ts|mjs|js)$/;

/** Every source file under the given top-level folders, as repository-relative paths. */
export function sourceFiles(folders: readonly string[]): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (SOURCE.test(name)) out.push(relative(ROOT, path));
    }
  };
  for (const f of folders) walk(join(ROOT, f));
  return out.sort();
}

/** The text without comments; string and template literals are kept as they are. */
export function withoutComments(text: string): string {
  return text.replace(/("(?:\\.|[^"\\\n])*"|'(?:\\.|[^'\\\n])*'|`(?:\\.|[^`\\])*`)|\/\/[^\n]*|\/\*[\s\S]*?\*\//g, (m, str: string | undefined) => str ?? '');
}

const IMPORT_PATTERNS = [
  /\b(?:import|export)\s[^'"`;]*?\bfrom\s*['"]([^'"]+)['"]/g,
  /(?<!['"`])\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)/g,
  /(?:^|[;\n])\s*import\s*['"]([^'"]+)['"]/g,
];

/** The module specifiers a source text imports, in order of appearance per pattern. */
export function specifiers(text: string): string[] {
  const code = withoutComments(text);
  return IMPORT_PATTERNS.flatMap((re) => [...code.matchAll(re)].map((m) => m[1]!));
}

export interface ImportEdge {
  from: string;
  /** Repository-relative target for a relative import, else the package name as written. */
  to: string;
  relative: boolean;
}

export function importsOf(file: string): ImportEdge[] {
  const text = readFileSync(join(ROOT, file), 'utf8');
  return specifiers(text).map((spec) => spec.startsWith('.')
    ? { from: file, to: relative(ROOT, resolve(ROOT, dirname(file), spec)), relative: true }
    : { from: file, to: spec, relative: false });
}

/** Strongly connected components of more than one file (or a file importing itself): the import circles. */
export function importCircles(edges: readonly ImportEdge[]): string[][] {
  const next = new Map<string, string[]>();
  for (const e of edges) if (e.relative) next.set(e.from, [...(next.get(e.from) ?? []), e.to]);
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const circles: string[][] = [];
  let counter = 0;
  const visit = (v: string) => {
    index.set(v, counter);
    low.set(v, counter++);
    stack.push(v);
    onStack.add(v);
    for (const w of next.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1 || (next.get(v) ?? []).includes(v)) circles.push(component.sort());
    }
  };
  for (const v of next.keys()) if (!index.has(v)) visit(v);
  return circles;
}
