/**
 * A dispatcher in its own process, for the crash-safety tests: `node --import tsx
 * test/dispatcher-child.ts <sqlite file> <lease ms> [smtp port]` (webhooks to 127.0.0.1, or mail
 * through the SMTP sink on that port). Prints "ready" once it runs; SIGKILL is the point,
 * SIGTERM stops it cleanly.
 */
import { createChannels, startDispatcher } from '../src/alerts/index.ts';
import { openSqliteStore } from '../src/storage/sqlite-store.ts';
import { smtpOptionsFor } from './_own-page-subscribers-kit.ts';

const [path, lease, smtpPort] = process.argv.slice(2);
if (path === undefined)
  throw new Error('usage: dispatcher-child.ts <sqlite file> <lease ms> [smtp port]');
const store = await openSqliteStore(path);
const channels = createChannels(
  smtpPort === undefined
    ? { http: { allowList: ['127.0.0.1'], connectionsPerHost: 16 } }
    : { smtp: { ...smtpOptionsFor(Number(smtpPort)), maxConnections: 8 } },
);
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
