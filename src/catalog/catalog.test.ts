import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { serializeCatalog, toCatalogEntries } from '../../scripts/build-catalog.ts';
import { findCatalogEntry, formatHint, loadCatalog, searchCatalog } from './index.ts';

const SHARED_PROVIDERS = new URL(
  '../../../shared/fixtures/catalog/providers.json',
  import.meta.url,
);

describe('loadCatalog', () => {
  it('ships more than a thousand vendors, sorted by name', () => {
    const catalog = loadCatalog();
    expect(catalog.length).toBeGreaterThan(1000);
    const names = catalog.map((e) => e.name.toLowerCase());
    expect(names).toEqual([...names].sort());
  });

  it('gives every vendor an absolute http(s) URL', () => {
    for (const entry of loadCatalog()) {
      expect(new URL(entry.url).protocol, entry.name).toMatch(/^https?:$/);
    }
  });

  it('hands out copies, so a caller cannot reorder the catalog', () => {
    loadCatalog().reverse();
    expect(loadCatalog()[0]?.name).toBe('1Password');
  });

  // The shared vendor list sits beside the project (../shared), as in CI; a lone clone skips
  // this one check and says so.
  if (!existsSync(SHARED_PROVIDERS)) {
    console.warn(`catalog: SKIPPED the rebuild check: ${SHARED_PROVIDERS.pathname} not found`);
  }
  it.skipIf(!existsSync(SHARED_PROVIDERS))(
    'is what the build script makes of the shared list',
    () => {
      const providers: unknown = JSON.parse(readFileSync(SHARED_PROVIDERS, 'utf8'));
      const shipped = readFileSync(new URL('./catalog.json', import.meta.url), 'utf8');
      expect(serializeCatalog(toCatalogEntries(providers))).toBe(shipped);
    },
  );
});

describe('findCatalogEntry', () => {
  it.each(['GitHub', 'github', ' GITHUB ', 'githubstatus.com', 'https://www.githubstatus.com/'])(
    'finds GitHub by %j',
    (query) => {
      const entry = findCatalogEntry(query);
      expect(entry?.name.toLowerCase()).toBe('github');
      expect(entry?.url).toBe('https://www.githubstatus.com');
      expect(entry?.platform).toBe('statuspage');
    },
  );

  it('finds a vendor by alias and by slug of its name', () => {
    expect(findCatalogEntry('OnePassword')?.url).toBe('https://1password.statuspage.io');
    expect(findCatalogEntry('airship-eu')?.name).toBe('Airship (EU)');
    expect(findCatalogEntry('google cloud')?.url).toBe('https://status.cloud.google.com');
  });

  it('prefers the vendor whose platform is known when two share a name', () => {
    expect(findCatalogEntry('Slack')?.url).toBe('https://status.slack.com');
    expect(findCatalogEntry('1password')?.platform).toBe('statuspage');
  });

  it('returns null for an unknown vendor or an empty query', () => {
    expect(findCatalogEntry('no-such-vendor-anywhere')).toBeNull();
    expect(findCatalogEntry('nosuchhost.example')).toBeNull();
    expect(findCatalogEntry('  ')).toBeNull();
  });
});

describe('searchCatalog', () => {
  it('ranks GitHub and GitLab near the top for "git"', () => {
    const top = searchCatalog('git', 5).map((e) => e.name.toLowerCase());
    expect(top).toContain('github');
    expect(top).toContain('gitlab');
  });

  it('puts exact matches before prefixes and prefixes before substrings', () => {
    const names = searchCatalog('slack').map((e) => e.name);
    expect(names.slice(0, 2)).toEqual(['Slack', 'Slack']);
    const git = searchCatalog('git', 100).map((e) => e.name.toLowerCase());
    expect(git.indexOf('gitlab')).toBeLessThan(git.indexOf('digitalocean'));
  });

  it('ignores case', () => {
    expect(searchCatalog('GITHUB')).toEqual(searchCatalog('github'));
    expect(searchCatalog('GITHUB').length).toBeGreaterThan(0);
  });

  it('falls back to the status page host', () => {
    const names = searchCatalog('githubstatus').map((e) => e.name.toLowerCase());
    expect(names).toEqual(['github']);
  });

  it('honours the limit', () => {
    expect(searchCatalog('status', 3)).toHaveLength(3);
  });

  it('finds nothing for an unknown name or an empty query', () => {
    expect(searchCatalog('zzqqxx-not-a-vendor')).toEqual([]);
    expect(searchCatalog('   ')).toEqual([]);
  });
});

describe('formatHint', () => {
  it('maps the platforms we can poll to their source format', () => {
    expect(formatHint({ platform: 'statuspage' })).toBe('statuspage-v2');
    expect(formatHint({ platform: 'incidentio' })).toBe('incidentio');
    expect(formatHint({ platform: 'statusio' })).toBeNull();
    expect(formatHint({ platform: null })).toBeNull();
  });
});

describe('toCatalogEntries (the build script)', () => {
  const handmade = [
    { name: 'Zeta', url: 'https://status.zeta.example', sources: ['x'], id: 'abc' },
    { name: 'Gone', url: 'https://status.gone.example', defunct: true },
    { name: 'Gone Too', url: 'https://status.gonetoo.example', defunct: '2024-05' },
    {
      name: 'alpha',
      url: 'http://status.alpha.example',
      names: ['alpha', 'Alpha', 'Alpha Cloud'],
      aliases: ['AlphaCloud', 'Alpha Cloud'],
      platform: 'statuspage',
      feed: 'http://status.alpha.example/history.atom',
      category: 'Cloud',
      defunct: false,
    },
  ];

  it('keeps only the facts, drops defunct vendors and sorts by name', () => {
    expect(toCatalogEntries(handmade)).toEqual([
      {
        name: 'alpha',
        url: 'http://status.alpha.example',
        platform: 'statuspage',
        feed: 'http://status.alpha.example/history.atom',
        aliases: ['Alpha Cloud', 'AlphaCloud'],
        category: 'Cloud',
      },
      {
        name: 'Zeta',
        url: 'https://status.zeta.example',
        platform: null,
        feed: null,
        aliases: [],
        category: null,
      },
    ]);
  });

  it('rejects a vendor whose URL is not absolute http(s)', () => {
    expect(() => toCatalogEntries([{ name: 'Bad', url: 'status.bad.example' }])).toThrow();
    expect(() => toCatalogEntries([{ name: 'Bad', url: 'ftp://status.bad.example' }])).toThrow();
  });

  it('writes one vendor per line', () => {
    const lines = serializeCatalog(toCatalogEntries(handmade)).trimEnd().split('\n');
    expect(lines).toHaveLength(4);
    expect(lines[1]).toMatch(/^\{"name":"alpha",.*\},$/);
  });
});
