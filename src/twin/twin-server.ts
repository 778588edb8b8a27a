import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { EpochMs } from '../domain/index.ts';
import { deletedCodes, pathFault, type Fault } from './twin-faults.ts';
import { renderAtom, renderRss } from './twin-render-feed.ts';
import {
  renderIncidents,
  renderMaintenances,
  renderSingle,
  renderSummary,
  renderUnresolved,
} from './twin-render-json.ts';
import type { VendorHistory } from './vendor-history.ts';

export interface TwinOptions {
  history: VendorHistory;
  /** The simulated clock; shared with whoever polls the twin in a simulation. */
  clock: () => EpochMs;
  faults?: readonly Fault[];
  port?: number;
}

export interface Twin {
  /** `http://127.0.0.1:<port>`: the vendor's page root; the API is under `/api/v2`. */
  url: string;
  /** Requests answered so far, by `"<path> <status>"` (incident codes folded to `<code>`). */
  requests(): Map<string, number>;
  close(): Promise<void>;
}

/**
 * A vendor's Statuspage at the clock's time, over real HTTP on 127.0.0.1. Bodies are rendered
 * once per (path, version of the history) and answered 304 to a matching If-None-Match or a
 * current If-Modified-Since. invented variation: no shared capture records Statuspage's
 * response headers, so the ETag is a hash of the body and Last-Modified the page's last
 * change, the behaviour the fetcher's conditional GET expects of any vendor.
 */
export async function startTwin(options: TwinOptions): Promise<Twin> {
  const counts = new Map<string, number>();
  const hanging = new Set<ServerResponse>();
  const cache = new Map<string, Rendered | null>();
  const latest = new Map<string, { version: number; rendered: Rendered | null }>();
  const faults = options.faults ?? [];
  const served = new Map<Fault, number>();
  const server = createServer((req, res) => {
    const path = pathOf(req.url ?? '/');
    const t = options.clock();
    const status = answer(req, res, path, t);
    const key = `${foldCode(path)} ${status ?? 'hang'}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
    if (status === null) hanging.add(res);
  });
  server.keepAliveTimeout = 60_000;

  function answer(
    req: IncomingMessage,
    res: ServerResponse,
    path: string,
    t: EpochMs,
  ): number | null {
    const fault = faults.length === 0 ? null : pathFault(faults, path, t, served);
    if (fault !== null) served.set(fault, (served.get(fault) ?? 0) + 1);
    if (fault?.kind === 'hang') return null;
    if (fault?.kind === 'status') return send(res, fault.status, 'error', 'text/plain');
    const at = fault?.kind === 'stale' ? t - fault.lagMs : t;
    const rendered = renderCached(path, at);
    if (rendered === null)
      return send(res, 404, JSON.stringify({ error: 'not found' }), 'application/json');
    if (notModified(req, rendered)) {
      res.writeHead(304, rendered.headers).end();
      return 304;
    }
    res.writeHead(200, rendered.headers).end(rendered.body);
    return 200;
  }

  /**
   * A simulation asks the same few paths tens of thousands of times between two changes: the
   * newest body of each path is kept apart from the general cache, so a poll costs a binary
   * search of the change times and no key string.
   */
  function renderCached(path: string, t: EpochMs): Rendered | null {
    const version = versionAt(options.history, t);
    const gone = faults.length === 0 ? NONE : deletedCodes(faults, t);
    const newest = gone.size === 0 ? latest.get(path) : undefined;
    if (newest?.version === version) return newest.rendered;
    const key = `${path}|${String(version)}|${[...gone].join(',')}`;
    let hit = cache.get(key);
    if (hit === undefined) {
      const history = gone.size === 0 ? options.history : without(options.history, gone);
      hit = render(history, path, t);
      if (cache.size > 10_000) cache.clear();
      cache.set(key, hit);
    }
    if (gone.size === 0) latest.set(path, { version, rendered: hit });
    return hit;
  }

  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests: () => new Map(counts),
    async close() {
      for (const res of hanging) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) =>
        server.close(() => {
          resolve();
        }),
      );
    },
  };
}

// --- internal ---

interface Rendered {
  body: string;
  etag: string;
  lastModified: string;
  /** Built once: node validates header objects on every writeHead. */
  headers: Record<string, string>;
}

const NONE: ReadonlySet<string> = new Set();

const SINGLE = /^\/api\/v2\/incidents\/([A-Za-z0-9]+)\.json$/;

function render(h: VendorHistory, path: string, t: EpochMs): Rendered | null {
  const body = bodyOf(h, path, t);
  if (body === null) return null;
  const contentType = path.endsWith('.json')
    ? 'application/json; charset=utf-8'
    : path.endsWith('.rss')
      ? 'application/rss+xml'
      : 'application/atom+xml';
  const etag = `W/"${createHash('sha1').update(body).digest('hex')}"`;
  const lastModified = new Date(lastChangeAt(h, t)).toUTCString();
  return {
    body,
    etag,
    lastModified,
    headers: {
      'content-type': contentType,
      etag,
      'last-modified': lastModified,
      'cache-control': 'max-age=0, private, must-revalidate',
    },
  };
}

/** The path of a request target, query left out (what `new URL(…).pathname` gives, cheaper). */
function pathOf(target: string): string {
  const query = target.indexOf('?');
  return query === -1 ? target : target.slice(0, query);
}

function bodyOf(h: VendorHistory, path: string, t: EpochMs): string | null {
  switch (path) {
    case '/api/v2/summary.json':
      return renderSummary(h, t);
    case '/api/v2/incidents.json':
      return renderIncidents(h, t);
    case '/api/v2/incidents/unresolved.json':
      return renderUnresolved(h, t);
    case '/api/v2/scheduled-maintenances.json':
      return renderMaintenances(h, t, 'all');
    case '/api/v2/scheduled-maintenances/upcoming.json':
      return renderMaintenances(h, t, 'upcoming');
    case '/api/v2/scheduled-maintenances/active.json':
      return renderMaintenances(h, t, 'active');
    case '/history.atom':
      return renderAtom(h, t);
    case '/history.rss':
      return renderRss(h, t);
  }
  const code = SINGLE.exec(path)?.[1];
  return code === undefined ? null : renderSingle(h, t, code);
}

function notModified(req: IncomingMessage, r: Rendered): boolean {
  const tags = req.headers['if-none-match'];
  if (tags !== undefined)
    return tags.split(',').some((tag) => tag.trim() === r.etag || tag.trim() === '*');
  const since = req.headers['if-modified-since'];
  return since !== undefined && Date.parse(since) >= Date.parse(r.lastModified);
}

function send(res: ServerResponse, status: number, body: string, contentType: string): number {
  res.writeHead(status, { 'content-type': contentType }).end(body);
  return status;
}

/** How many changes are public at t: equal versions render equal bodies. */
export function versionAt(h: VendorHistory, t: EpochMs): number {
  let lo = 0;
  let hi = h.changeTimes.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((h.changeTimes[mid] ?? 0) <= t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function lastChangeAt(h: VendorHistory, t: EpochMs): EpochMs {
  const v = versionAt(h, t);
  return h.changeTimes[v - 1] ?? h.changeTimes[0] ?? 0;
}

function without(h: VendorHistory, gone: ReadonlySet<string>): VendorHistory {
  return { ...h, incidents: h.incidents.filter((i) => !gone.has(i.incident.vendorId)) };
}

function foldCode(path: string): string {
  return SINGLE.test(path) && !path.endsWith('/unresolved.json')
    ? '/api/v2/incidents/<code>.json'
    : path;
}
