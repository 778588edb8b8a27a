import { describe, expect, it } from 'vitest';
import { normalizeKey, PageCache, rememberQueryNames } from './page-cache.ts';

const page = (bytes: number) => () =>
  Promise.resolve({ body: 'x'.repeat(bytes), contentType: 'text/html', tags: ['*'] });

describe('page cache', () => {
  it('holds at most maxBytes, dropping the least recently used first', async () => {
    const cache = new PageCache({ maxBytes: 100_000 });
    for (let i = 0; i < 50; i++) await cache.get(`/p${i}`, page(10_000));
    expect(cache.size.bytes).toBeLessThanOrEqual(100_000);
    expect(cache.size.entries).toBeGreaterThan(5);
    let renders = 0;
    await cache.get('/p49', async () => {
      renders += 1;
      return page(10_000)();
    });
    await cache.get('/p0', async () => {
      renders += 1;
      return page(10_000)();
    });
    expect(renders).toBe(1); // the newest was kept, the oldest was not
  });

  it('does not keep one page larger than an eighth of the budget', async () => {
    const cache = new PageCache({ maxBytes: 80_000 });
    await cache.get('/small', page(1_000));
    await cache.get('/huge', page(20_000));
    expect(cache.size.entries).toBe(1);
  });

  it('gives the bytes back when a notice drops entries', async () => {
    const cache = new PageCache();
    await cache.get('/a', page(1_000));
    expect(cache.size.bytes).toBeGreaterThan(1_000);
    cache.notice({ providerSlug: 'github', eventIds: [1], dataChanged: true });
    expect(cache.size).toEqual({ entries: 0, bytes: 0 });
  });

  it('keeps compressed copies in the byte budget: they can push older entries out', async () => {
    const cache = new PageCache({ maxBytes: 100_000 });
    await cache.get('/old', page(10_000));
    const kept = await cache.get('/new', page(10_000));
    const copy = () => Buffer.alloc(8_000);
    expect(cache.compressedCopy(kept.body, 'br', copy)).toHaveLength(8_000);
    expect(cache.compressedCopy(kept.body, 'gzip', copy)).toHaveLength(8_000);
    expect(cache.size.bytes).toBeLessThanOrEqual(100_000);
    const filler = Buffer.alloc(70_000);
    expect(cache.compressedCopy(kept.body, 'deflate', () => filler)).toBe(filler);
    expect(cache.size.entries).toBe(1); // '/old' went to make room
    expect(cache.size.bytes).toBeLessThanOrEqual(100_000);
    // A body that is not a kept entry's gets no copy kept: the caller compresses it.
    expect(cache.compressedCopy(Buffer.from('x'.repeat(2_000)), 'br', copy)).toBeNull();
  });

  it('keys on the parameters routes read, in one order, and drops the rest', () => {
    rememberQueryNames(['q', 'page']);
    expect(normalizeKey('/search?page=2&q=db&utm_source=x|UTC')).toBe('/search?page=2&q=db|UTC');
    expect(normalizeKey('/search?q=db&page=2|UTC')).toBe('/search?page=2&q=db|UTC');
    expect(normalizeKey('/incidents?junk1=1|Europe/Paris')).toBe('/incidents|Europe/Paris');
    expect(normalizeKey('json|/api/v1/incidents?x=1')).toBe('json|/api/v1/incidents');
    expect(normalizeKey('/search?q=a&q=b')).toBe('/search?q=a&q=b');
  });
  it('keeps fast-hit answers with their entry: counted, replayed while fresh, dropped with it', async () => {
    let now = 1_000_000;
    const cache = new PageCache({ clock: () => now, maxAgeMs: 60_000 });
    const response = await cache.get('/a', page(2_000));
    const copy = cache.compressedCopy(response.body, 'gzip', () => Buffer.from('zipped'));
    const holder = cache.holderOf(response.body);
    expect(holder).not.toBeNull();
    expect(copy === null ? null : cache.holderOf(copy)).toBe(holder);
    expect(cache.holderOf(Buffer.from(response.body))).toBeNull(); // equal bytes, not the entry's
    const before = cache.size.bytes;
    const answer = { status: 200, headers: { etag: response.etag }, payload: response.body };
    if (holder !== null) cache.keepAnswer(holder, 'GET /a', answer);
    expect(cache.size.bytes).toBeGreaterThan(before);
    expect(cache.keptAnswer('GET /a')).toBe(answer);
    expect(cache.keptAnswer('GET /b')).toBeNull();
    now += 60_000; // expired: the full path renders again
    expect(cache.keptAnswer('GET /a')).toBeNull();
    now -= 60_000;
    cache.notice({ providerSlug: 'github', eventIds: [1], dataChanged: true });
    expect(cache.keptAnswer('GET /a')).toBeNull();
    expect(cache.size).toEqual({ entries: 0, bytes: 0 });
  });
});
