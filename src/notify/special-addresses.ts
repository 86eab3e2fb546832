import { BlockList, isIP } from 'node:net';

// The IANA special-purpose registries (RFC 6890 and successors): everything
// that is not an ordinary address on the public internet. A notification URL
// must not become a way into the owner's own network (issue 18).
const V4: [string, number][] = [
  ['0.0.0.0', 8], // "this network"
  ['10.0.0.0', 8], // private (RFC 1918)
  ['100.64.0.0', 10], // carrier-grade NAT
  ['127.0.0.0', 8], // loopback
  ['169.254.0.0', 16], // link-local, cloud metadata services
  ['172.16.0.0', 12], // private
  ['192.0.0.0', 24], // IETF protocol assignments
  ['192.0.2.0', 24], // documentation
  ['192.88.99.0', 24], // 6to4 relay anycast
  ['192.168.0.0', 16], // private
  ['198.18.0.0', 15], // benchmarking
  ['198.51.100.0', 24], // documentation
  ['203.0.113.0', 24], // documentation
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved, broadcast
];
const V6: [string, number][] = [
  ['::', 128], // unspecified
  ['::1', 128], // loopback
  ['64:ff9b::', 96], // NAT64: reaches IPv4 addresses chosen by the requester
  ['64:ff9b:1::', 48], // local-use NAT64
  ['100::', 64], // discard
  ['2001::', 23], // IETF protocol assignments (Teredo, ORCHID, …)
  ['2001:db8::', 32], // documentation
  ['2002::', 16], // 6to4: embeds an IPv4 address
  ['fc00::', 7], // unique local (Fly's 6PN is fdaa::/16)
  ['fe80::', 10], // link-local
  ['fec0::', 10], // site-local, deprecated
  ['ff00::', 8], // multicast
];

const special = new BlockList();
for (const [net, prefix] of V4) special.addSubnet(net, prefix, 'ipv4');
for (const [net, prefix] of V6) special.addSubnet(net, prefix, 'ipv6');

// Kept apart: a BlockList matches IPv4 addresses against an IPv6 rule for
// ::ffff:0:0/96, which would make every IPv4 address special.
const mapped = new BlockList();
mapped.addSubnet('::ffff:0:0', 96, 'ipv6');

/**
 * Whether `ip` is an ordinary public address; anything unparsable counts as
 * special, and so does every IPv4-mapped IPv6 address (`::ffff:7f00:1` is
 * 127.0.0.1): no public service needs one.
 */
export function isPublicAddress(ip: string): boolean {
  const family = isIP(ip);
  if (family === 0) return false;
  if (family === 6 && mapped.check(ip, 'ipv6')) return false;
  return !special.check(ip, family === 4 ? 'ipv4' : 'ipv6');
}
