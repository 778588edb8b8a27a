import { lookup as dnsLookup } from 'node:dns';
import type { LookupAddress, LookupOptions } from 'node:dns';
import { BlockList, isIP } from 'node:net';
import type { LookupFunction } from 'node:net';
import { buildConnector } from 'undici';
import { StatuswatchError } from '../domain/index.ts';
import { AddressRefusedError, badUrl, blockedAddress } from './fetch-errors.ts';
import { embeddedIpv4, isPublicUnicast } from './_special-ranges.ts';

export interface AddressGuardOptions {
  /** Let every address through (a private deployment watching its own intranet pages). */
  allowPrivateNetworks?: boolean;
  /** Host names, IPs or CIDRs (`10.0.0.0/8`, `fd00::/8`) allowed even when private. */
  allowList?: readonly string[];
}

export interface AddressGuard {
  /** True when a connection to this IP address may be made. */
  isAllowedAddress(address: string): boolean;
  /**
   * Parses a URL and refuses what can be refused before any connection: non-http(s) schemes
   * and unparseable text (`bad_url`), literal IPs in a refused range (`blocked_address`).
   */
  checkUrl(url: string): URL;
  /** A `dns.lookup` replacement that drops refused addresses and fails when none is left. */
  lookup: LookupFunction;
  /** An undici connector that resolves through `lookup` and re-checks the connected peer. */
  connector(connectTimeoutMs: number): buildConnector.connector;
}

export function createAddressGuard(options: AddressGuardOptions = {}): AddressGuard {
  const allowAll = options.allowPrivateNetworks ?? false;
  const allowed = parseAllowList(options.allowList ?? []);

  // Polls hit the same few literal addresses over and over; BlockList checks are not free.
  const decided = new Map<string, boolean>();
  const isAllowedAddress = (address: string): boolean => {
    let allow = decided.get(address);
    if (allow === undefined) {
      allow = decideAddress(address, allowAll, allowed.addresses);
      if (decided.size >= 1024) decided.clear();
      decided.set(address, allow);
    }
    return allow;
  };
  const isAllowedName = (hostname: string): boolean => allowed.names.has(normalizeName(hostname));

  const guard: AddressGuard = {
    isAllowedAddress,
    checkUrl: (raw) => checkUrl(raw, isAllowedAddress),
    lookup: guardedLookup(isAllowedAddress, isAllowedName),
    connector: (connectTimeoutMs) => guardedConnector(guard, isAllowedName, connectTimeoutMs),
  };
  return guard;
}

// --- internal ---

/**
 * Public unicast only (see `_special-ranges.ts`): a status poller has no business reaching its
 * own machine, the network it sits in, the cloud metadata service (169.254.169.254), or any
 * other IANA special-purpose range. The allow-list wins, also for an embedded IPv4 address.
 */
function decideAddress(address: string, allowAll: boolean, allowed: BlockList): boolean {
  const family = familyOf(address);
  if (family === null) return false;
  if (allowAll || allowed.check(address, family)) return true;
  const embedded = embeddedIpv4(address);
  if (embedded !== null && allowed.check(embedded, 'ipv4')) return true;
  return isPublicUnicast(address);
}

function parseAllowList(entries: readonly string[]): { addresses: BlockList; names: Set<string> } {
  const addresses = new BlockList();
  const names = new Set<string>();
  for (const entry of entries) {
    const [network = '', prefix, ...rest] = entry.trim().split('/');
    const family = familyOf(network);
    if (family === null && prefix === undefined) {
      names.add(normalizeName(network));
    } else if (family !== null && prefix === undefined) {
      addresses.addAddress(network, family);
    } else if (family !== null && rest.length === 0 && isPrefix(prefix, family)) {
      addresses.addSubnet(network, Number(prefix), family);
    } else {
      throw new StatuswatchError('config', `allowList entry "${entry}" is not a host, IP or CIDR`);
    }
  }
  return { addresses, names };
}

function isPrefix(text: string | undefined, family: 'ipv4' | 'ipv6'): boolean {
  return /^\d{1,3}$/.test(text ?? '') && Number(text) <= (family === 'ipv4' ? 32 : 128);
}

function checkUrl(raw: string, isAllowedAddress: (address: string) => boolean): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw badUrl(raw, 'is not a valid URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw badUrl(raw, `uses ${url.protocol.replace(/:$/, '')}, only http and https are fetched`);
  }
  const host = bareHost(url.hostname);
  if (familyOf(host) !== null && !isAllowedAddress(host)) {
    throw blockedAddress(url.href, `${host} is a loopback, private or reserved address`);
  }
  return url;
}

/**
 * Checks what the name resolves to right before connecting, so a name that resolves to a public
 * address at validation time and to 127.0.0.1 a moment later (DNS rebinding) is still refused.
 */
function guardedLookup(
  isAllowedAddress: (address: string) => boolean,
  isAllowedName: (hostname: string) => boolean,
): LookupFunction {
  return (hostname, options, callback) => {
    const all: LookupOptions & { all: true } = { ...options, all: true };
    dnsLookup(hostname, all, (err, resolved: LookupAddress[]) => {
      if (err) {
        callback(err, '');
        return;
      }
      const usable = isAllowedName(hostname)
        ? resolved
        : resolved.filter((a) => isAllowedAddress(a.address));
      const first = usable[0];
      if (first === undefined) {
        callback(
          new AddressRefusedError(
            hostname,
            resolved.map((a) => a.address),
          ),
          '',
        );
      } else if (options.all === true) {
        callback(null, usable);
      } else {
        callback(null, first.address, first.family);
      }
    });
  };
}

/** Second line of defence: whatever path led to the socket, its peer must be allowed. */
function guardedConnector(
  guard: AddressGuard,
  isAllowedName: (hostname: string) => boolean,
  connectTimeoutMs: number,
): buildConnector.connector {
  const connect = buildConnector({ timeout: connectTimeoutMs, lookup: guard.lookup });
  return (options, callback) => {
    connect(options, (...args) => {
      const [err, socket] = args;
      if (err !== null) {
        callback(err, null);
        return;
      }
      const peer = socket.remoteAddress;
      if (isAllowedName(options.hostname) || (peer !== undefined && guard.isAllowedAddress(peer))) {
        callback(null, socket);
        return;
      }
      socket.destroy();
      callback(new AddressRefusedError(options.hostname, peer === undefined ? [] : [peer]), null);
    });
  };
}

function familyOf(address: string): 'ipv4' | 'ipv6' | null {
  const version = isIP(address);
  return version === 4 ? 'ipv4' : version === 6 ? 'ipv6' : null;
}

/** URL keeps IPv6 literals in brackets (`[::1]`); net and BlockList want them bare. */
function bareHost(hostname: string): string {
  return hostname.startsWith('[') && hostname.endsWith(']') ? hostname.slice(1, -1) : hostname;
}

function normalizeName(hostname: string): string {
  return bareHost(hostname.toLowerCase()).replace(/\.$/, '');
}
