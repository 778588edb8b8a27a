import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import pg from 'pg';
import type { IngestNotice } from '../domain/index.ts';

type Listen = (listener: (notice: IngestNotice) => void) => () => void;

export interface IngestRelay {
  /** Notices of writes other nodes committed (this node's own are not echoed back). */
  onRemote: Listen;
  close(): Promise<void>;
}

/** NOTIFY payloads are capped at 8000 bytes; readers only need to know events were inserted. */
const MAX_EVENT_IDS = 100;

/** Reconnecting after a lost connection: 1 s, doubling, at most 30 s apart. */
const FIRST_RETRY_MS = 1_000;
const MAX_RETRY_MS = 30_000;

/**
 * Several `serve` nodes on one PostgreSQL database: each tells the others, through
 * LISTEN/NOTIFY, that it committed a write that changed data, so their page caches drop what it
 * changed and their dispatchers wake at once, instead of at the next cache expiry or safety
 * poll. Health-only notices ("last checked") stay local: hundreds a minute on a big fleet, and
 * the page cache's maximum age covers them.
 */
export async function startIngestRelay(options: {
  url: string;
  /** One per database schema, so test runs sharing a server do not hear each other. */
  channel?: string;
  onLocal: Listen;
  onError: (error: unknown) => void;
}): Promise<IngestRelay> {
  const channel = options.channel ?? 'statuswatch_ingest';
  const node = randomUUID();
  const emitter = new EventEmitter();
  let client: pg.Client | null = null;
  let closed = false;
  let retryMs = FIRST_RETRY_MS;
  let retryTimer: NodeJS.Timeout | undefined;

  const connect = async (): Promise<void> => {
    const next = new pg.Client({ connectionString: options.url });
    // A dropped connection (a PostgreSQL restart, a failover, an idle kill) ends the LISTEN
    // with it: reconnect and listen again, or this node would stay deaf for good.
    next.on('error', (error) => {
      options.onError(error);
      lost(next);
    });
    next.on('end', () => {
      lost(next);
    });
    next.on('notification', (message) => {
      const notice = parseNotice(message.payload, node);
      if (notice !== null) emitter.emit('notice', notice);
    });
    try {
      await next.connect();
      await next.query(`listen ${pg.escapeIdentifier(channel)}`);
    } catch (error) {
      next.removeAllListeners('end');
      await next.end().catch(() => undefined);
      throw error;
    }
    if (closed) {
      await next.end();
      return;
    }
    client = next;
    retryMs = FIRST_RETRY_MS;
  };

  const reconnectLater = (): void => {
    if (closed || retryTimer !== undefined) return;
    retryTimer = setTimeout(() => {
      retryTimer = undefined;
      connect().catch((error: unknown) => {
        options.onError(error);
        reconnectLater();
      });
    }, retryMs);
    retryTimer.unref();
    retryMs = Math.min(retryMs * 2, MAX_RETRY_MS);
  };

  function lost(which: pg.Client): void {
    if (which !== client) return;
    client = null;
    which.end().catch(() => undefined);
    reconnectLater();
  }

  await connect();
  const unsubscribe = options.onLocal((notice) => {
    if (!notice.dataChanged && notice.eventIds.length === 0) return;
    // While reconnecting, the notice is dropped: the other nodes' page caches expire on their
    // own and their dispatchers have a safety poll; a queue here would only grow during an outage.
    if (client === null) return;
    const payload = JSON.stringify({
      node,
      ...notice,
      eventIds: notice.eventIds.slice(0, MAX_EVENT_IDS),
    });
    client.query('select pg_notify($1, $2)', [channel, payload]).catch(options.onError);
  });
  return {
    onRemote(listener) {
      emitter.on('notice', listener);
      return () => emitter.off('notice', listener);
    },
    async close() {
      closed = true;
      clearTimeout(retryTimer);
      unsubscribe();
      emitter.removeAllListeners();
      const last = client;
      client = null;
      await last?.end();
    },
  };
}

/** Both sources of notices as one subscription: what the page cache and dispatcher take. */
export function mergeNotices(...sources: Listen[]): Listen {
  return (listener) => {
    const unsubscribes = sources.map((source) => source(listener));
    return () => {
      for (const unsubscribe of unsubscribes) unsubscribe();
    };
  };
}

// --- internal ---

function parseNotice(payload: string | undefined, self: string): IngestNotice | null {
  try {
    const value = JSON.parse(payload ?? '') as Partial<IngestNotice> & { node?: string };
    if (value.node === self || typeof value.providerSlug !== 'string') return null;
    return {
      providerSlug: value.providerSlug,
      eventIds: Array.isArray(value.eventIds) ? value.eventIds.filter(Number.isInteger) : [],
      dataChanged: value.dataChanged === true,
    };
  } catch {
    return null;
  }
}
