/**
 * A child process serving a fleet of fake status pages on 127.0.0.1, so the poller being
 * measured has the parent's CPU to itself. Every path /s/<n>/api/v2/summary.json answers the
 * same captured GitHub payload with a per-source ETag; `POST /change?every=10` gives every
 * tenth source a new body (a new `updated_at`), so its next conditional GET is a 200.
 * Prints the port on stdout and exits when stdin closes.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFileSync } from 'node:fs';

const summary = JSON.parse(
  readFileSync(
    new URL('../test/fixtures/vendors/statuspage-v2/github__summary.json', import.meta.url),
    'utf8',
  ),
) as { page: { updated_at: string }; incidents: unknown[] };
const incident = (
  JSON.parse(
    readFileSync(
      new URL(
        '../test/fixtures/vendors/statuspage-v2/github__incident-gqx5l06jjxhp.json',
        import.meta.url,
      ),
      'utf8',
    ),
  ) as { incident: unknown }
).incident;

let generation = 0;
const versionOf = new Map<number, number>();
const bodies = new Map<number, Buffer>();

function bodyFor(version: number): Buffer {
  let body = bodies.get(version);
  if (body === undefined) {
    const doc = {
      ...summary,
      page: {
        ...summary.page,
        updated_at: new Date(Date.UTC(2024, 0, 1) + version * 1000).toISOString(),
      },
      incidents: [incident],
    };
    body = Buffer.from(JSON.stringify(doc));
    bodies.set(version, body);
  }
  return body;
}

const server = createServer((req, res) => {
  if (req.method === 'POST' && req.url?.startsWith('/change')) {
    const every = Number(new URL(req.url, 'http://x').searchParams.get('every') ?? '10');
    generation++;
    for (let n = 0; n < 100_000; n += every) versionOf.set(n, generation);
    res.end('ok');
    return;
  }
  const n = Number(/^\/s\/(\d+)\//.exec(req.url ?? '')?.[1] ?? 'NaN');
  if (Number.isNaN(n)) {
    res.writeHead(404).end();
    return;
  }
  const version = versionOf.get(n) ?? 0;
  const etag = `"${n}-${version}"`;
  if (req.headers['if-none-match'] === etag) {
    res.writeHead(304, { etag }).end();
    return;
  }
  const body = bodyFor(version);
  res
    .writeHead(200, { 'content-type': 'application/json', 'content-length': body.length, etag })
    .end(body);
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`${(server.address() as AddressInfo).port}\n`);
});
process.stdin.on('end', () => process.exit(0));
process.stdin.resume();
