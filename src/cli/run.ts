import { main } from './main.ts';

// A reader that closes the pipe early (`statuswatch incidents | head -1`) has what it wanted:
// stop quietly with 0, as a program killed by SIGPIPE would (Node ignores that signal, and
// the write error used to surface as an unhandled 'error' with a stack trace and exit 1).
process.stdout.on('error', exitQuietlyOnClosedPipe);
process.stderr.on('error', exitQuietlyOnClosedPipe);

const code = await main(process.argv.slice(2));
// Exit explicitly, so a stray open handle can never keep a finished command alive, but only
// once stdout and stderr have drained: on a pipe, writes are asynchronous and an early exit
// cuts the output (`statuswatch incidents --json | wc -c` lost everything past 64 KiB).
await Promise.all([drained(process.stdout), drained(process.stderr)]);
process.exit(code);

function drained(stream: NodeJS.WriteStream): Promise<void> {
  return new Promise((resolve) => {
    if (stream.destroyed || !stream.writable) {
      resolve();
      return;
    }
    stream.write('', () => {
      resolve();
    });
  });
}

function exitQuietlyOnClosedPipe(error: NodeJS.ErrnoException): void {
  if (error.code === 'EPIPE') process.exit(0);
  // Anything else (a full disk under `> file`) is a real failure: fail as Node would.
  throw error;
}
