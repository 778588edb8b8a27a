import type { LookupAddress } from 'node:dns';
import { describe, expect, it } from 'vitest';
import { isStatuswatchError } from '../domain/index.ts';
import { createAddressGuard } from './address-guard.ts';
import type { AddressGuard } from './address-guard.ts';

const REFUSED = [
  '127.0.0.1',
  '127.255.0.9',
  '10.1.2.3',
  '172.16.0.1',
  '172.31.255.254',
  '192.168.1.1',
  '169.254.169.254',
  '100.64.0.1',
  '100.127.255.255',
  '224.0.0.251',
  '0.0.0.0',
  '255.255.255.255',
  '::1',
  '::',
  'fc00::1',
  'fd12:3456::1',
  'fe80::1',
  'ff02::1',
  '::ffff:127.0.0.1',
  '::ffff:a9fe:a9fe', // 169.254.169.254, IPv4-mapped
  '::ffff:10.0.0.1',
  // IANA special-purpose ranges beyond the private ones:
  '198.18.0.1', // benchmarking 198.18.0.0/15
  '198.19.255.254',
  '192.0.2.7', // documentation
  '192.0.0.8', // IETF protocol assignments
  '240.0.0.1',
  '2001:db8::1', // documentation
  'fec0::1', // deprecated site-local
  // NAT64 (RFC 6052): a NAT64 gateway turns these into the IPv4 address they end with.
  '64:ff9b::7f00:1', // 127.0.0.1
  '64:ff9b::a9fe:a9fe', // 169.254.169.254
  '64:ff9b::10.0.0.1',
  '64:ff9b:1::808:808', // local-use NAT64 prefix: refused whatever it embeds
  // 6to4 (RFC 3056): the IPv4 address sits in the second and third groups.
  '2002:7f00:1::1', // 127.0.0.1
  '2002:a9fe:a9fe::', // 169.254.169.254
  '2002:c0a8:101::1', // 192.168.1.1
  '::ffff:0:7f00:1', // SIIT (RFC 6145) form of 127.0.0.1
  '2001::1', // Teredo
];
const PUBLIC = [
  '93.184.216.34',
  '1.1.1.1',
  '172.32.0.1',
  '100.128.0.1',
  '198.20.0.1',
  '2606:4700::1111',
  '64:ff9b::808:808', // NAT64 form of 8.8.8.8
  '2002:808:808::1', // 6to4 form of 8.8.8.8
  '::ffff:1.1.1.1',
];

describe('isAllowedAddress', () => {
  const guard = createAddressGuard();

  it.each(REFUSED)('refuses %s by default', (address) => {
    expect(guard.isAllowedAddress(address)).toBe(false);
  });

  it.each(PUBLIC)('allows public %s', (address) => {
    expect(guard.isAllowedAddress(address)).toBe(true);
  });

  it('refuses what is not an IP address', () => {
    expect(guard.isAllowedAddress('localhost')).toBe(false);
  });

  it('allows everything with allowPrivateNetworks', () => {
    const open = createAddressGuard({ allowPrivateNetworks: true });
    expect(REFUSED.every((a) => open.isAllowedAddress(a))).toBe(true);
  });

  it('allows exactly the addresses and networks on the allow-list', () => {
    const listed = createAddressGuard({ allowList: ['127.0.0.1', '10.20.0.0/16', 'fd00::/8'] });
    expect(listed.isAllowedAddress('127.0.0.1')).toBe(true);
    expect(listed.isAllowedAddress('::ffff:127.0.0.1')).toBe(true);
    expect(listed.isAllowedAddress('127.0.0.2')).toBe(false);
    expect(listed.isAllowedAddress('10.20.5.5')).toBe(true);
    expect(listed.isAllowedAddress('10.21.0.1')).toBe(false);
    expect(listed.isAllowedAddress('fd00::5')).toBe(true);
    expect(listed.isAllowedAddress('64:ff9b::a14:101')).toBe(true); // NAT64 of 10.20.1.1
    expect(listed.isAllowedAddress('::1')).toBe(false);
  });

  it.each(['10.0.0.0/x', '10.0.0.0/33', '10.0.0.0/8/8', 'not a host/8'])(
    'rejects allow-list entry %s',
    (entry) => {
      expect(() => createAddressGuard({ allowList: [entry] })).toThrow(/allowList entry/);
    },
  );
});

describe('checkUrl', () => {
  const guard = createAddressGuard();

  it('returns the parsed URL of a public name', () => {
    expect(guard.checkUrl('https://www.githubstatus.com/api/v2/summary.json').hostname).toBe(
      'www.githubstatus.com',
    );
  });

  it.each(['ftp://x', 'not a url', 'javascript:alert(1)', 'file:///etc/passwd', ''])(
    'calls %j a bad_url',
    (url) => {
      expect(kindThrownBy(() => guard.checkUrl(url))).toBe('bad_url');
    },
  );

  it.each([
    'http://127.0.0.1/',
    'http://127.1/', // the URL parser expands this to 127.0.0.1
    'http://2130706433/', // and this
    'http://[::1]:8080/',
    'http://[::ffff:169.254.169.254]/',
    'https://10.0.0.8/x',
  ])('refuses the literal address in %s', (url) => {
    expect(kindThrownBy(() => guard.checkUrl(url))).toBe('blocked_address');
  });

  it('leaves names to the lookup, which runs at connect time', () => {
    expect(guard.checkUrl('http://localhost/').hostname).toBe('localhost');
  });
});

describe('lookup', () => {
  it('refuses a name that resolves only to refused addresses', async () => {
    const error = await lookupError(createAddressGuard(), 'localhost');
    expect(error).toMatchObject({ code: 'SW_ADDRESS_REFUSED' });
    expect(String(error)).toContain('127.0.0.1');
  });

  it('passes allowed addresses through in both lookup shapes', async () => {
    const guard = createAddressGuard({ allowList: ['127.0.0.1'] });
    expect(await lookupAll(guard, 'localhost')).toContainEqual({ address: '127.0.0.1', family: 4 });
    expect(await lookupOne(guard, 'localhost')).toEqual(['127.0.0.1', 4]);
  });

  it('trusts a name on the allow-list whatever it resolves to', async () => {
    const guard = createAddressGuard({ allowList: ['LOCALHOST'] });
    expect(await lookupAll(guard, 'localhost')).toContainEqual({ address: '127.0.0.1', family: 4 });
  });

  it('passes DNS failures through untouched', async () => {
    const error = await lookupError(createAddressGuard(), 'does-not-exist.invalid');
    expect(['ENOTFOUND', 'EAI_AGAIN']).toContain((error as { code?: string }).code);
  });
});

// --- internal ---

function kindThrownBy(run: () => unknown): string {
  try {
    run();
  } catch (err) {
    if (isStatuswatchError(err)) return err.kind;
    throw err;
  }
  return 'nothing thrown';
}

function lookupAll(guard: AddressGuard, host: string): Promise<LookupAddress[]> {
  return new Promise((resolve, reject) => {
    guard.lookup(host, { all: true }, (err, addresses) => {
      if (err) reject(err);
      else resolve(addresses as LookupAddress[]);
    });
  });
}

function lookupOne(guard: AddressGuard, host: string): Promise<[string, number | undefined]> {
  return new Promise((resolve, reject) => {
    guard.lookup(host, {}, (err, address, family) => {
      if (err) reject(err);
      else resolve([address as string, family]);
    });
  });
}

function lookupError(guard: AddressGuard, host: string): Promise<unknown> {
  return new Promise((resolve) => {
    guard.lookup(host, { all: true }, (err) => {
      resolve(err);
    });
  });
}
