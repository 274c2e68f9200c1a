// `npm run build` (and `prepack`): compiles the TypeScript sources of api/, cli/, generator/,
// sim/, synth/ and tasks/ into dist/ with type declarations (tsconfig.build.json: relative `.ts`
// imports become `.js`), and copies the plain JavaScript files that the compiled code loads beside
// itself (`new URL('./x.mjs', import.meta.url)`). dist/ is rebuilt from nothing each time, so no file of a
// removed source survives. Templates stay in templates/, found from the package root.
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'dist');

/** Loaded at run time by path, next to the module that loads them. */
export const RUNTIME_FILES = ['sim/supervise.mjs', 'generator/io/import-beside.mjs', 'generator/accuracy/worker-thread.mjs', 'synth/explore/worker-thread.mjs', 'synth/worker-thread.mjs'];

rmSync(dist, { recursive: true, force: true });
const tsc = join(dirname(createRequire(join(root, 'package.json')).resolve('typescript/package.json')), 'bin', 'tsc');
const r = spawnSync(process.execPath, [tsc, '-p', join(root, 'tsconfig.build.json')], { stdio: 'inherit' });
if (r.status !== 0) {
  rmSync(dist, { recursive: true, force: true });
  process.exit(r.status ?? 1);
}
for (const file of RUNTIME_FILES) {
  mkdirSync(dirname(join(dist, file)), { recursive: true });
  copyFileSync(join(root, file), join(dist, file));
}
