import { createHash } from 'node:crypto';
import type { EpochMs } from '../domain/index.ts';
import type { IngestNotice } from '../ingest/ingest-notifier.ts';

/** A rendered response, ready to send again: bytes, their ETag, and what they depend on. */
export interface CachedResponse {
  body: Buffer;
  etag: string;
  contentType: string;
}

export interface Rendered {
  body: string | Buffer;
  contentType: string;
  /** Provider slugs the response shows, or `*` when it shows every provider. */
  tags: readonly string[];
}

export interface PageCacheOptions {
  clock?: () => EpochMs;
  maxEntries?: number;
  /**
   * Re-render after this long even without a notice. Not for data (notices cover that) but for
   * the relative times on the page ("3 minutes ago"), and for writes made by another process.
   */
  maxAgeMs?: number;
  /** A health-only notice (a poll that changed nothing but "last checked") waits this long. */
  healthGraceMs?: number;
}

/**
 * Rendered pages in memory, keyed by URL and time zone. A notice that changed a provider's data
 * drops every entry showing that provider at once; a health-only notice (hundreds a minute on a
 * big fleet) marks them for re-render after a short grace, so "last checked" stays within
 * seconds without re-rendering the dashboard on every poll. Concurrent misses share one render.
 */
export class PageCache {
  private readonly entries = new Map<string, Entry>();
  private readonly pending = new Map<string, Promise<CachedResponse>>();
  private readonly clock: () => EpochMs;
  private readonly maxEntries: number;
  private readonly maxAgeMs: number;
  private readonly healthGraceMs: number;
  private generation = 0;

  constructor(options: PageCacheOptions = {}) {
    this.clock = options.clock ?? Date.now;
    this.maxEntries = options.maxEntries ?? 1_000;
    this.maxAgeMs = options.maxAgeMs ?? 60_000;
    this.healthGraceMs = options.healthGraceMs ?? 5_000;
  }

  async get(key: string, render: () => Promise<Rendered>): Promise<CachedResponse> {
    const entry = this.entries.get(key);
    if (entry !== undefined && this.isFresh(entry)) {
      // Re-insert: Map order is the LRU order.
      this.entries.delete(key);
      this.entries.set(key, entry);
      return entry.response;
    }
    const inFlight = this.pending.get(key);
    if (inFlight !== undefined) return inFlight;
    const promise = this.renderAndStore(key, render).finally(() => this.pending.delete(key));
    this.pending.set(key, promise);
    return promise;
  }

  /** Called for every committed ingest write. */
  notice(notice: IngestNotice): void {
    const changed = notice.dataChanged || notice.eventIds.length > 0;
    if (changed) this.generation += 1;
    for (const [key, entry] of this.entries) {
      if (!entry.tags.includes('*') && !entry.tags.includes(notice.providerSlug)) continue;
      if (changed) this.entries.delete(key);
      else entry.healthDirtyAt ??= this.clock();
    }
  }

  /** For writes that bypass ingest (a provider added or removed through the web form). */
  clear(): void {
    this.generation += 1;
    this.entries.clear();
  }

  // --- internal ---

  private isFresh(entry: Entry): boolean {
    const now = this.clock();
    if (now - entry.renderedAt >= this.maxAgeMs) return false;
    return entry.healthDirtyAt === null || now - entry.renderedAt < this.healthGraceMs;
  }

  private async renderAndStore(key: string, render: () => Promise<Rendered>) {
    const generation = this.generation;
    const renderedAt = this.clock();
    const rendered = await render();
    const response = toResponse(rendered.body, rendered.contentType);
    // Data changed while rendering: the result may predate it, so it is served but not kept.
    if (generation === this.generation) {
      this.entries.set(key, { response, tags: rendered.tags, renderedAt, healthDirtyAt: null });
      this.evict();
    }
    return response;
  }

  private evict(): void {
    while (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next();
      if (oldest.done === true) return;
      this.entries.delete(oldest.value);
    }
  }
}

/** A strong ETag over the exact bytes. */
export function etagOf(body: Buffer | string): string {
  return `"${createHash('sha1').update(body).digest('base64url')}"`;
}

export function toResponse(body: string | Buffer, contentType: string): CachedResponse {
  const bytes = typeof body === 'string' ? Buffer.from(body) : body;
  return { body: bytes, etag: etagOf(bytes), contentType };
}

interface Entry {
  response: CachedResponse;
  tags: readonly string[];
  renderedAt: EpochMs;
  healthDirtyAt: EpochMs | null;
}
