/**
 * A dispatcher with an SMTP channel in its own process, for the own page's fan-out crash test:
 * `node --import tsx test/_own-page-subscribers-dispatcher-child.ts <sqlite file> <lease ms>
 * <smtp port>`. As test/dispatcher-child.ts: prints "ready"; SIGKILL is the point.
 */
import { createChannels, startDispatcher } from '../src/alerts/index.ts';
import { openSqliteStore } from '../src/storage/sqlite-store.ts';
import { smtpOptionsFor } from './_own-page-subscribers-kit.ts';

const [path, lease, port] = process.argv.slice(2);
if (path === undefined || port === undefined) {
  throw new Error(
    'usage: _own-page-subscribers-dispatcher-child.ts <sqlite file> <lease ms> <smtp port>',
  );
}
const store = await openSqliteStore(path);
const channels = createChannels({ smtp: { ...smtpOptionsFor(Number(port)), maxConnections: 8 } });
const dispatcher = startDispatcher({
  store,
  channels,
  publicUrl: 'https://sw.internal.example',
  options: { leaseMs: Number(lease ?? 1_000), safetyPollMs: 50, batchSize: 50 },
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
