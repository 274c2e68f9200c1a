#!/usr/bin/env node
// Entry point of the `iterl2norm` command, with the interrupt handling of generator/cleanup.ts.
// In the installed package (npm pack ships dist/, not the TypeScript sources) it runs the
// compiled JavaScript in dist/: no TypeScript tooling at run time. In a clone of the repository,
// where the sources sit beside this folder, it runs them through tsx (a development dependency),
// so that an edit takes effect without a build step and a stale dist/ is never run.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const fromSources = existsSync(fileURLToPath(new URL('../cli/main.ts', import.meta.url)));
if (fromSources) {
  const { register } = await import('tsx/esm/api');
  register();
}
const { installSignalHandlers } = fromSources ? await import('../generator/cleanup.ts') : await import('../dist/generator/cleanup.js');
installSignalHandlers();
const { quietOnClosedPipe } = fromSources ? await import('../cli/closed-pipe.ts') : await import('../dist/cli/closed-pipe.js');
quietOnClosedPipe();
const { main } = fromSources ? await import('../cli/main.ts') : await import('../dist/cli/main.js');
process.exitCode = await main(process.argv.slice(2));
