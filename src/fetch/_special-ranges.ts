import ipaddr from 'ipaddr.js';

/**
 * Whether an address is ordinary public unicast, by ipaddr.js's list of IANA special-purpose
 * ranges (loopback, private, CGNAT, link-local, benchmarking 198.18.0.0/15, documentation,
 * reserved, multicast, …): a maintained list rather than our own table. IPv6 forms that carry
 * an IPv4 address (IPv4-mapped, NAT64 64:ff9b::/96, 6to4 2002::/16) are judged by that address:
 * `64:ff9b::7f00:1` reaches 127.0.0.1 through a NAT64 gateway.
 */
export function isPublicUnicast(address: string): boolean {
  const parsed = parse(address);
  if (parsed === null) return false;
  if (parsed.kind() === 'ipv4') return parsed.range() === 'unicast';
  const embedded = embeddedIpv4(address);
  if (embedded !== null) return isPublicUnicast(embedded);
  return parsed.range() === 'unicast';
}

/**
 * The IPv4 address an IPv6 address stands for, when it is one of the forms that route to it:
 * IPv4-mapped `::ffff:a.b.c.d` (and SIIT `::ffff:0:a.b.c.d`), NAT64 `64:ff9b::a.b.c.d` (RFC
 * 6052), 6to4 `2002:AABB:CCDD::` (RFC 3056). Null for anything else.
 */
export function embeddedIpv4(address: string): string | null {
  const parsed = parse(address);
  if (parsed === null || parsed.kind() !== 'ipv6') return null;
  const v6 = parsed as ipaddr.IPv6;
  const parts = v6.parts;
  const range = v6.range();
  if (range === 'ipv4Mapped' || range === 'rfc6145' || (range === 'rfc6052' && parts[2] === 0)) {
    return ipv4From(parts[6] ?? 0, parts[7] ?? 0);
  }
  if (range === '6to4') return ipv4From(parts[1] ?? 0, parts[2] ?? 0);
  return null;
}

// --- internal ---

function parse(address: string): ipaddr.IPv4 | ipaddr.IPv6 | null {
  // isValid accepts only the standard forms net.isIP accepts too; `127.1` and `0x7f.1` are not
  // addresses here (the URL parser has already turned them into dotted quads).
  if (!ipaddr.IPv4.isValidFourPartDecimal(address) && !ipaddr.IPv6.isValid(address)) return null;
  try {
    return ipaddr.parse(address.split('%')[0] ?? address);
  } catch {
    return null;
  }
}

function ipv4From(high: number, low: number): string {
  return [high >> 8, high & 0xff, low >> 8, low & 0xff].join('.');
}
