import { isIPv4, isIPv6 } from 'node:net';

/**
 * True for an address a webhook must never reach on AWS (SSRF): loopback, private, link-local (the instance
 * metadata service at 169.254.169.254), carrier-grade NAT, unspecified, multicast and reserved ranges, IPv6
 * loopback, unique-local (fc00::/7) and link-local, and IPv4-mapped forms of all of them.
 */
export function isPrivateAddress(address: string): boolean {
  const ip = address.replace(/^\[|\]$/g, '').toLowerCase();
  if (isIPv4(ip)) return privateV4(ip);
  if (!isIPv6(ip)) return true; // not an address at all: refuse
  const mapped =
    /^(?:0{0,4}:){0,5}(?:0{0,4}:)?ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(ip) ?? /^::(\d+\.\d+\.\d+\.\d+)$/.exec(ip);
  if (mapped?.[1]) return privateV4(mapped[1]);
  const hextets = expandV6(ip);
  if (hextets.every((h) => h === 0)) return true; // ::
  if (hextets.slice(0, 7).every((h) => h === 0) && hextets[7] === 1) return true; // ::1
  if (hextets.slice(0, 5).every((h) => h === 0) && hextets[5] === 0xffff) return true; // mapped, hex-written
  const first = hextets[0] ?? 0;
  if ((first & 0xfe00) === 0xfc00) return true; // fc00::/7 unique local
  if ((first & 0xffc0) === 0xfe80) return true; // fe80::/10 link local
  if ((first & 0xff00) === 0xff00) return true; // multicast
  if (first === 0x64 && hextets[1] === 0xff9b) return true; // 64:ff9b::/96 NAT64 reaches IPv4 space
  if (first === 0x2001 && hextets[1] === 0x0db8) return true; // documentation
  return false;
}

function privateV4(ip: string): boolean {
  const [a = 0, b = 0] = ip.split('.').map(Number);
  return (
    a === 0 || // 0/8 "this network"
    a === 10 ||
    a === 127 ||
    (a === 100 && b >= 64 && b <= 127) || // 100.64/10 carrier-grade NAT
    (a === 169 && b === 254) ||
    (a === 172 && b >= 16 && b <= 31) ||
    (a === 192 && b === 168) ||
    (a === 192 && b === 0) || // 192.0.0/24 protocol assignments, 192.0.2/24 documentation
    (a === 198 && (b === 18 || b === 19)) || // benchmarking
    a >= 224 // multicast, reserved, broadcast
  );
}

function expandV6(ip: string): number[] {
  const [head = '', tail] = ip.split('::');
  const parts = (s: string) => (s === '' ? [] : s.split(':').map((h) => Number.parseInt(h, 16)));
  const left = parts(head);
  const right = tail === undefined ? [] : parts(tail);
  const fill = tail === undefined ? [] : new Array(8 - left.length - right.length).fill(0);
  return [...left, ...fill, ...right];
}

/** True for loopback (127/8, ::1, `localhost`): the only http targets the embedded runtime accepts. */
export function isLoopbackHost(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  if (h === 'localhost' || h.endsWith('.localhost')) return true;
  if (isIPv4(h)) return h.startsWith('127.');
  return h === '::1';
}
