import { lookup as dnsLookup } from 'node:dns/promises';
import type { LookupFunction } from 'node:net';
import { isIP } from 'node:net';
import { isLoopbackHost, isPrivateAddress } from './address';

/** Resolves a host name to every address it has (the DNS lookup; tests pass a fixed table). */
export type Resolve = (host: string) => Promise<string[]>;

/**
 * Which targets a runtime's webhooks may reach. `check` runs at registration (a refusal is a 400 on `url`) and
 * before every try; `lookup`, when set, is the connection's own DNS lookup, which refuses a name that resolves to
 * a refused address at the moment of connecting (DNS rebinding: a name that was public at registration).
 */
export interface TargetPolicy {
  check(url: URL): Promise<string | undefined>;
  lookup?: LookupFunction;
}

/** The embedded runtime: https anywhere, http only to loopback (a receiver on the same machine). */
export const embeddedTargetPolicy: TargetPolicy = {
  async check(url) {
    if (url.protocol === 'https:') return undefined;
    if (url.protocol === 'http:' && isLoopbackHost(url.hostname)) return undefined;
    return 'must be https (http only to a loopback address on the embedded runtime)';
  },
};

const defaultResolve: Resolve = async (host) => (await dnsLookup(host, { all: true })).map((a) => a.address);

/**
 * AWS: https only, and never a private, loopback or link-local address (SSRF: the VPC, the metadata service) — an
 * address literal is checked as written, a name by every address it resolves to, at registration and again when
 * the connection is made.
 */
export function awsTargetPolicy(resolve: Resolve = defaultResolve): TargetPolicy {
  const refusedIn = async (host: string): Promise<string | undefined> => {
    const bare = host.replace(/^\[|\]$/g, '');
    if (isIP(bare)) return isPrivateAddress(bare) ? 'must not be a private, loopback or link-local address' : undefined;
    let addresses: string[];
    try {
      addresses = await resolve(bare);
    } catch {
      return 'host name does not resolve';
    }
    if (addresses.length === 0) return 'host name does not resolve';
    return addresses.some(isPrivateAddress)
      ? 'host name resolves to a private, loopback or link-local address'
      : undefined;
  };
  const lookup: LookupFunction = (hostname, options, callback) => {
    resolve(hostname).then(
      (addresses) => {
        const refused = addresses.length === 0 || addresses.some(isPrivateAddress);
        if (refused) {
          callback(Object.assign(new Error(`refused target ${hostname}`), { code: 'EREFUSEDTARGET' }), '', 4);
          return;
        }
        const entries = addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
        if ((options as { all?: boolean }).all)
          (callback as unknown as (e: null, a: typeof entries) => void)(null, entries);
        else callback(null, entries[0]?.address ?? '', entries[0]?.family ?? 4);
      },
      (error: Error) => callback(error as NodeJS.ErrnoException, '', 4),
    );
  };
  return {
    async check(url) {
      if (url.protocol !== 'https:') return 'must be https';
      if (url.username || url.password) return 'must not carry credentials';
      return refusedIn(url.hostname);
    },
    lookup,
  };
}
