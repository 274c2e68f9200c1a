/**
 * A reader that closes the pipe early (`iterl2norm decode ... | head`) is not an error: the
 * command ends quietly with status 0, as `cat` does, instead of an unhandled EPIPE with a stack
 * trace. Installed by the entry point (bin/iterl2norm.js) on standard output and standard error.
 */
export function quietOnClosedPipe(): void {
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code !== 'EPIPE') throw e;
      process.exit(0);
    });
  }
}
