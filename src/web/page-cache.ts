import { createHash } from 'node:crypto';
import type { EpochMs, IngestNotice } from '../domain/index.ts';

/** A rendered response, ready to send again: bytes, their ETag, and what they depend on. */
export interface CachedResponse {
  body: Buffer;
  etag: string;
  contentType: string;
}

/**
 * A response as the full request lifecycle sent it for one request variant (method, URL and
 * the request headers any hook reads; see `_fast-hit.ts`): kept with the entry it was made
 * from, so it is replayed only while that entry is, and dropped with it.
 */
export interface KeptAnswer {
  status: number;
  headers: Readonly<Record<string, string | number | readonly string[]>>;
  /** The entry's body or one of its compressed copies; empty for a 304. */
  payload: Buffer | '';
}

/** Which kept entry some bytes are (its body or a compressed copy): opaque to callers. */
export interface Holder {
  readonly key: string;
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
/** Per kept answer: its variant key (counted apart) and header set. */
const ANSWER_OVERHEAD_BYTES = 512;
/** Distinct request variants kept per entry (each If-None-Match value is one): enough for real clients. */
const MAX_ANSWERS_PER_ENTRY = 32;

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
  private readonly byBody = new WeakMap<Buffer, Held>();
  /** Request variant → the answer kept for it, and its entry (see `keepAnswer`). */
  private readonly answers = new Map<string, { held: Held; answer: KeptAnswer }>();
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
    this.answers.clear();
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
    if (entry.response.body !== body) return null;
    const kept = entry.copies.get(encoding);
    if (kept !== undefined) return kept;
    const copy = compress();
    entry.copies.set(encoding, copy);
    this.byBody.set(copy, held);
    entry.bytes += copy.length;
    this.bytes += copy.length;
    this.evict();
    return copy;
  }

  /** The kept entry whose body or compressed copy `bytes` is; null for any other bytes. */
  holderOf(bytes: Buffer): Holder | null {
    const held = this.byBody.get(bytes);
    return held === undefined || this.entries.get(held.key) !== held.entry ? null : held;
  }

  /**
   * Keeps how a request variant was answered from `holder`'s entry, to be replayed by
   * `keptAnswer` while the entry is kept and fresh. Nothing is kept for an entry gone meanwhile.
   */
  keepAnswer(holder: Holder, variant: string, answer: KeptAnswer): void {
    const held = holder as Held;
    const { entry } = held;
    if (this.entries.get(held.key) !== entry || this.answers.has(variant)) return;
    if (entry.variants.length >= MAX_ANSWERS_PER_ENTRY) return;
    this.answers.set(variant, { held, answer });
    entry.variants.push(variant);
    const bytes = 2 * variant.length + ANSWER_OVERHEAD_BYTES;
    entry.bytes += bytes;
    this.bytes += bytes;
    this.evict();
  }

  /** The answer kept for a request variant, while its entry would be served as a hit. */
  keptAnswer(variant: string): KeptAnswer | null {
    const kept = this.answers.get(variant);
    if (kept === undefined) return null;
    const { key, entry } = kept.held;
    if (this.entries.get(key) !== entry || !this.isFresh(entry)) return null;
    // Re-insert: Map order is the LRU order, as for a hit through `get`.
    this.entries.delete(key);
    this.entries.set(key, entry);
    return kept.answer;
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
      const entry: Entry = {
        response,
        tags: rendered.tags,
        renderedAt,
        healthDirtyAt: null,
        bytes,
        copies: new Map<string, Buffer>(),
        variants: [],
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
    if (this.entries.get(key) !== entry) return;
    this.entries.delete(key);
    this.bytes -= entry.bytes;
    for (const variant of entry.variants) {
      if (this.answers.get(variant)?.held.entry === entry) this.answers.delete(variant);
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
  /** Body, key and overhead, plus the compressed copies made so far. */
  bytes: number;
  /** The body compressed, by encoding (see `compressedCopy`). */
  copies: Map<string, Buffer>;
  /** Request variants whose answers are kept (see `keepAnswer`). */
  variants: string[];
}

interface Held extends Holder {
  entry: Entry;
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
