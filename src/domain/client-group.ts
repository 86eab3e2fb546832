import { isIPv6 } from 'node:net';

/**
 * The group a client address counts in for per-client limits: an IPv4 address
 * on its own, an IPv6 address by its /64, since one host is routinely handed a
 * whole /64 and could otherwise rotate through it.
 */
export function clientGroup(ip: string): string {
  if (!isIPv6(ip)) return ip;
  const [head = '', tail = ''] = ip.split('::');
  const left = head === '' ? [] : head.split(':');
  const right = tail === '' ? [] : tail.split(':');
  const groups = ip.includes('::') ? [...left, ...Array<string>(8 - left.length - right.length).fill('0'), ...right] : left;
  return `${groups.slice(0, 4).map((g) => g.replace(/^0+(?=.)/, '').toLowerCase()).join(':')}::/64`;
}
