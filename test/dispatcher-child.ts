/**
 * A dispatcher in its own process, for the crash-safety test: `node --import tsx
 * test/dispatcher-child.ts <sqlite file> <lease ms>`. Prints "ready" once it runs; SIGKILL is
 * the point, SIGTERM stops it cleanly.
 */
import { createChannels, startDispatcher } from '../src/alerts/index.ts';
import { openSqliteStore } from '../src/storage/sqlite-store.ts';

const [path, lease] = process.argv.slice(2);
if (path === undefined) throw new Error('usage: dispatcher-child.ts <sqlite file> <lease ms>');
const store = await openSqliteStore(path);
const channels = createChannels({ http: { allowList: ['127.0.0.1'], connectionsPerHost: 16 } });
const dispatcher = startDispatcher({
  store,
  channels,
  publicUrl: 'https://sw.example',
  options: {
    leaseMs: Number(lease ?? 1_000),
    safetyPollMs: 50,
    perHostConcurrency: 16,
    batchSize: 50,
  },
  onError: (e) => {
    process.stderr.write(`dispatcher: ${String(e)}\n`);
  },
});
process.stdout.write('ready\n');
process.once('SIGTERM', () => {
  void dispatcher
    .stop()
    .then(() => channels.close())
    .then(() => store.close())
    .then(() => process.exit(0));
});
