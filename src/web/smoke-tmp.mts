import { openSqliteStore } from '/work/main/src/storage/sqlite-store.ts';
import { createWebServer } from '/work/main/src/web/server.ts';
const store = await openSqliteStore('/tmp/webhelper/data/statuswatch.db');
const app = createWebServer({ store, onIngest: () => () => {} });
for (const url of process.argv.slice(2)) {
  const t = performance.now();
  const r = await app.inject(url);
  console.log(url, r.statusCode, r.headers['content-type'], r.body.length, (performance.now() - t).toFixed(1) + 'ms');
  if (r.statusCode >= 400 || process.env.SHOW) console.log(r.body.slice(0, Number(process.env.SHOW ?? 600)));
}
await app.close(); await store.close();
