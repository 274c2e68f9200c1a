// The layers of docs/architecture.md, checked on every import of the sources: generator/ is the
// core and imports nothing of the project outside itself and no command-line library; sim/ and
// synth/ build on the core only; tasks/ (the runs of synth and explore) on them; cli/ (the
// commands) and api/ (the library) sit on top. No import circle anywhere.
import { describe, expect, it } from 'vitest';
import { type ImportEdge, importCircles, importsOf, sourceFiles, specifiers } from './imports.ts';

/** Each layer and the project folders it may import (its own included). */
const MAY_IMPORT: Record<string, readonly string[]> = {
  generator: ['generator'],
  sim: ['sim', 'generator'],
  synth: ['synth', 'generator'],
  prove: ['prove', 'sim', 'generator'],
  // the long runs both fronts share: synth with power (a simulation), explore
  tasks: ['tasks', 'sim', 'synth', 'generator'],
  cli: ['cli', 'tasks', 'sim', 'synth', 'prove', 'generator'],
  api: ['api', 'tasks', 'sim', 'synth', 'generator'],
  // the sources in a clone, their compiled JavaScript (dist/, built by scripts/build.mjs) when installed
  bin: ['cli', 'generator', 'dist'],
};

/** Packages only the command layer may use. */
const COMMAND_LINE_PACKAGES = ['yargs'];

const LAYERS = Object.keys(MAY_IMPORT);
const layerOf = (path: string) => path.split('/')[0]!;
const edges: ImportEdge[] = sourceFiles(LAYERS).flatMap(importsOf);

describe('import scanner', () => {
  it('finds static, type-only, re-exported, side-effect and dynamic imports, not those in comments', () => {
    const text = [
      "import { a } from './a.ts';",
      "import type {\n  B,\n} from '../b.ts';",
      "export { c } from './c.ts';",
      "import './d.ts';",
      "const e = await import('./e.ts');",
      "// import { f } from './f.ts';",
      "/* export { g } from './g.ts'; */",
      "const h = 'from ./h.ts';",
    ].join('\n');
    expect(specifiers(text).sort()).toEqual(['../b.ts', './a.ts', './c.ts', './d.ts', './e.ts']);
  });

  it('sees the imports of the real sources (the command entry reaches cli/ and sim/)', () => {
    const targets = edges.filter((e) => e.from === 'cli/main.ts').map((e) => e.to);
    expect(targets).toContain('sim/cosim.ts');
    expect(targets).toContain('yargs');
    expect(edges.length).toBeGreaterThan(200);
  });
});

describe('layers import in one direction', () => {
  for (const layer of LAYERS) {
    it(`${layer}/ imports only ${MAY_IMPORT[layer]!.join(', ')}`, () => {
      const wrong = edges
        .filter((e) => layerOf(e.from) === layer && e.relative && !MAY_IMPORT[layer]!.includes(layerOf(e.to)))
        .map((e) => `${e.from} -> ${e.to}`);
      expect(wrong).toEqual([]);
    });
  }

  it('only cli/ uses the command-line library', () => {
    const wrong = edges
      .filter((e) => !e.relative && COMMAND_LINE_PACKAGES.includes(e.to) && layerOf(e.from) !== 'cli')
      .map((e) => `${e.from} -> ${e.to}`);
    expect(wrong).toEqual([]);
  });

  it('every relative import names a file that exists', () => {
    const files = new Set(sourceFiles(LAYERS));
    const missing = edges.filter((e) => e.relative && LAYERS.includes(layerOf(e.to)) && !files.has(e.to)).map((e) => `${e.from} -> ${e.to}`);
    expect(missing).toEqual([]);
  });
});

describe('no import circle', () => {
  it('the sources form no circle (type-only imports included)', () => {
    expect(importCircles(edges)).toEqual([]);
  });

  it('the circle finder finds a circle of three and a self-import', () => {
    const e = (from: string, to: string): ImportEdge => ({ from, to, relative: true });
    expect(importCircles([e('a', 'b'), e('b', 'c'), e('c', 'a'), e('c', 'd')])).toEqual([['a', 'b', 'c']]);
    expect(importCircles([e('x', 'x')])).toEqual([['x']]);
  });
});
