import { main } from './main.ts';

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
