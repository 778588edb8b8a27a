import { isIP } from 'node:net';
import { networkInterfaces } from 'node:os';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { HttpError } from './_http.ts';

/** Which names this server answers to, besides loopback. */
export interface HostOptions {
  /** The address `listen` was given (`127.0.0.1`, `0.0.0.0`, `::`, a name). */
  bound?: string;
  /** `alerts.publicUrl`: the name people (and message links) reach us by. */
  publicUrl?: string;
  /** `web.allowedHosts`: more names (a reverse proxy's, a LAN name). */
  allowed?: readonly string[];
}

const LOOPBACK_NAMES = ['localhost', '127.0.0.1', '::1'];
const WILDCARD_BINDS = new Set(['0.0.0.0', '::', '']);
const MAX_JUDGED_HOSTS = 256;

/**
 * DNS rebinding: a page on attacker.test re-points its name to 127.0.0.1, and the browser then
 * treats our server as same-origin with the attacker. The one thing it cannot forge is the Host
 * header, which still says attacker.test; so a request for a host we were not configured for is
 * answered 421 before any route runs.
 */
export function registerHostCheck(app: FastifyInstance, options: HostOptions): void {
  const isAllowed = hostMatcher(options);
  // Parsing the Host header (a URL) was a visible share of a cached hit: each distinct header
  // is judged once. Bounded, so a flood of made-up hosts is judged each time, not kept.
  const judged = new Map<string, boolean>();
  const allows = (header: string | undefined): boolean => {
    if (header === undefined) return false;
    let verdict = judged.get(header);
    if (verdict === undefined) {
      const host = hostOf(header);
      verdict = host !== null && isAllowed(host);
      if (judged.size < MAX_JUDGED_HOSTS) judged.set(header, verdict);
    }
    return verdict;
  };
  app.addHook('onRequest', (request, _reply, done) => {
    if (allows(request.headers.host)) {
      done();
      return;
    }
    done(
      new HttpError(
        421,
        'misdirected_request',
        `this server does not answer for host "${request.headers.host ?? ''}": add it to web.allowedHosts`,
      ),
    );
  });
}

/** The host part of a Host header or URL authority: lower case, no port, no brackets, no final dot. */
export function hostOf(authority: string | undefined): string | null {
  if (authority === undefined || authority === '') return null;
  try {
    const hostname = new URL(`http://${authority}`).hostname.toLowerCase();
    const bare = hostname.startsWith('[') ? hostname.slice(1, -1) : hostname;
    return bare.replace(/\.$/, '');
  } catch {
    return null;
  }
}

/** `scheme://host[:port]` with the default port dropped, so `http://a:80` equals `http://a`. */
export function normalizedOrigin(origin: string): string | null {
  try {
    const url = new URL(origin);
    return url.origin === 'null' ? null : url.origin;
  } catch {
    return null;
  }
}

// --- internal ---

function hostMatcher(options: HostOptions): (host: string) => boolean {
  const names = new Set(LOOPBACK_NAMES);
  const bound = options.bound?.toLowerCase() ?? '127.0.0.1';
  const wildcard = WILDCARD_BINDS.has(bound);
  if (!wildcard) names.add(hostOf(bound.includes(':') ? `[${bound}]` : bound) ?? bound);
  if (options.publicUrl !== undefined) {
    const fromUrl = hostOf(new URL(options.publicUrl).host);
    if (fromUrl !== null) names.add(fromUrl);
  }
  for (const entry of options.allowed ?? []) names.add(hostOf(entry) ?? entry.toLowerCase());
  // Bound to every interface: each of the machine's own addresses is a name for us too. An IP
  // literal cannot be rebound, so allowing these opens nothing to a rebinding page.
  const ownAddresses = wildcard ? localAddresses() : new Set<string>();
  return (host) =>
    names.has(host) ||
    host.endsWith('.localhost') ||
    (isIP(host) === 4 && host.startsWith('127.')) ||
    ownAddresses.has(host);
}

function localAddresses(): Set<string> {
  const addresses = new Set<string>();
  for (const list of Object.values(networkInterfaces())) {
    for (const entry of list ?? []) addresses.add(entry.address.toLowerCase().split('%')[0] ?? '');
  }
  return addresses;
}

/** The request's own origin, as a browser on this page would send it. */
export function ownOrigin(request: FastifyRequest): string | null {
  return normalizedOrigin(`${request.protocol}://${request.headers.host ?? ''}`);
}
