#!/usr/bin/env node
// Entry point of the `iterl2norm` command: runs the TypeScript sources through tsx (a
// dependency of the package, resolved next to this file, so it works from any folder and from
// a global install), with the interrupt handling of generator/cleanup.ts.
import { register } from 'tsx/esm/api';

register();
const { installSignalHandlers } = await import('../generator/cleanup.ts');
installSignalHandlers();
const { quietOnClosedPipe } = await import('../cli/closed-pipe.ts');
quietOnClosedPipe();
const { main } = await import('../cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
