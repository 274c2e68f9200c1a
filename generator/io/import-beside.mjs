// The loader of the worker threads (plain JavaScript, so that they start under any loader): a
// module beside the caller's file, the compiled `.js` when it is there (dist/, an installed
// package), else the TypeScript source, after registering tsx (a development dependency) once.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

let tsxRegistered = false;

/** `import()` of `./<stem>.js` beside `callerUrl` (an `import.meta.url`), or of `./<stem>.ts` through tsx. */
export async function importBeside(callerUrl, stem) {
  const compiled = new URL(`./${stem}.js`, callerUrl);
  if (existsSync(fileURLToPath(compiled))) return import(compiled.href);
  if (!tsxRegistered) {
    const { register } = await import('tsx/esm/api');
    register();
    tsxRegistered = true;
  }
  return import(new URL(`./${stem}.ts`, callerUrl).href);
}
