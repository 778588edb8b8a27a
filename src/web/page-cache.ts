import { createHash } from 'node:crypto';
import type { EpochMs, IngestNotice } from '../domain/index.ts';

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
  /** Bytes of kept responses (bodies and keys) at most; the least recently used go first. */
  maxBytes?: number;
  /**
   * Re-render after this long even without a notice. Not for data (notices cover that) but for
   * the relative times on the page ("3 minutes ago"), and for writes made by another process.
   */
  maxAgeMs?: number;
  /** A health-only notice (a poll that changed nothing but "last checked") waits this long. */
  healthGraceMs?: number;
}

/**
 * Query parameter names some route reads. `parseQuery` adds each schema's names as routes
 * first use them (so the list cannot drift from the routes); `tz` is read without a schema.
 * Any other parameter (`?utm_x=1`, `?junk123=…`) changes nothing on the page, so it is left out
 * of the key: a flood of junk URLs is served one cached page, not rendered and kept each time.
 */
const knownQueryNames = new Set<string>(['tz']);

export function rememberQueryNames(names: Iterable<string>): void {
  for (const name of names) knownQueryNames.add(name);
}

/** Per entry besides its body and key: the Map slot, the entry and response objects. */
const ENTRY_OVERHEAD_BYTES = 256;

/**
 * Rendered pages in memory, keyed by URL and time zone, bounded in bytes. A notice that changed a provider's data
 * drops every entry showing that provider at once; a health-only notice (hundreds a minute on a
 * big fleet) marks them for re-render after a short grace, so "last checked" stays within
 * seconds without re-rendering the dashboard on every poll. Concurrent misses share one render.
 * Compressed copies of a body live in its entry and count against the same budget.
 */
export class PageCache {
  private readonly entries = new Map<string, Entry>();
  private readonly pending = new Map<string, Promise<CachedResponse>>();
  /** Kept bodies → their entry, so a body on its way out finds its compressed copies. */
  private readonly byBody = new WeakMap<Buffer, { key: string; entry: Entry }>();
  private readonly clock: () => EpochMs;
  private readonly maxEntries: number;
  private readonly maxBytes: number;
  private bytes = 0;
  private readonly maxAgeMs: number;
  private readonly healthGraceMs: number;
  private generation = 0;

  constructor(options: PageCacheOptions = {}) {
    this.clock = options.clock ?? Date.now;
    this.maxEntries = options.maxEntries ?? 1_000;
    this.maxBytes = options.maxBytes ?? 32 * 1024 * 1024;
    this.maxAgeMs = options.maxAgeMs ?? 60_000;
    this.healthGraceMs = options.healthGraceMs ?? 5_000;
  }

  async get(rawKey: string, render: () => Promise<Rendered>): Promise<CachedResponse> {
    const key = normalizeKey(rawKey);
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
      if (changed) this.remove(key, entry);
      else entry.healthDirtyAt ??= this.clock();
    }
  }

  /** For writes that bypass ingest (a provider added or removed through the web form). */
  clear(): void {
    this.generation += 1;
    this.entries.clear();
    this.bytes = 0;
  }

  /**
   * The copy of a kept entry's body compressed for `encoding`: made by `compress` on first use,
   * then kept with the entry, counted in its bytes, and dropped with it. Null for a body that is
   * not (or no longer) a kept entry's: the caller compresses it itself.
   */
  compressedCopy(body: Buffer, encoding: string, compress: () => Buffer): Buffer | null {
    const held = this.byBody.get(body);
    if (held === undefined || this.entries.get(held.key) !== held.entry) return null;
    const { entry } = held;
    const kept = entry.copies.get(encoding);
    if (kept !== undefined) return kept;
    const copy = compress();
    entry.copies.set(encoding, copy);
    entry.bytes += copy.length;
    this.bytes += copy.length;
    this.evict();
    return copy;
  }

  /** Bytes held by kept responses, as counted against `maxBytes`. */
  get size(): { entries: number; bytes: number } {
    return { entries: this.entries.size, bytes: this.bytes };
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
    const bytes = response.body.length + 2 * key.length + ENTRY_OVERHEAD_BYTES;
    // One huge page must not push out everything else.
    if (generation === this.generation && bytes <= this.maxBytes / 8) {
      const previous = this.entries.get(key);
      if (previous !== undefined) this.remove(key, previous);
      const entry = {
        response,
        tags: rendered.tags,
        renderedAt,
        healthDirtyAt: null,
        bytes,
        copies: new Map<string, Buffer>(),
      };
      this.entries.set(key, entry);
      this.byBody.set(response.body, { key, entry });
      this.bytes += bytes;
      this.evict();
    }
    return response;
  }

  private evict(): void {
    while (this.entries.size > this.maxEntries || this.bytes > this.maxBytes) {
      const oldest = this.entries.entries().next();
      if (oldest.done === true) return;
      this.remove(...oldest.value);
    }
  }

  private remove(key: string, entry: Entry): void {
    if (this.entries.delete(key)) this.bytes -= entry.bytes;
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
  /** Body, key and overhead, plus the compressed copies made so far. */
  bytes: number;
  /** The body compressed, by encoding (see `compressedCopy`). */
  copies: Map<string, Buffer>;
}

/**
 * The key without parameters no route reads, the others in one order (`?b=1&a=2` is
 * `?a=2&b=1`). The query runs from `?` to the next `|` (the callers' separator before the time
 * zone) or the end.
 */
export function normalizeKey(key: string): string {
  const start = key.indexOf('?');
  if (start === -1) return key;
  const bar = key.indexOf('|', start);
  const end = bar === -1 ? key.length : bar;
  const params = [...new URLSearchParams(key.slice(start + 1, end))].filter(([name]) =>
    knownQueryNames.has(name),
  );
  params.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const query = new URLSearchParams(params).toString();
  return `${key.slice(0, start)}${query === '' ? '' : '?'}${query}${key.slice(end)}`;
}
