/**
 * The package's own folder (the one with package.json), found from this file: the same folder
 * whether the sources run (generator/io/ is two levels below it) or the compiled JavaScript does
 * (dist/generator/io/ is three levels below it, in a clone or in node_modules). Templates,
 * package.json and the build caches are located from it.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

function findPackageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`iterl2norm: no package.json above ${fileURLToPath(import.meta.url)}`);
    dir = parent;
  }
}

export const PACKAGE_ROOT: string = findPackageRoot();
