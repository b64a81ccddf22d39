/**
 * SSRF guard for alert targets (issue 15). A webhook URL is typed by a project owner, but the request leaves
 * from the server: without this, "https://169.254.169.254/..." reads the cloud metadata service and
 * "http://10.0.0.5:6379" talks to the internal network. The guard runs twice: when a channel is saved
 * (`checkTargetHost`, friendly 422) and at connect time (`guardedLookup`, so a DNS answer that changes to
 * 127.0.0.1 after the save — DNS rebinding — is refused too). IP literals never reach a lookup, so
 * `assertAllowedAddress` checks them before connecting.
 */
import dns from 'node:dns';
import net from 'node:net';
import type { LookupFunction } from 'node:net';
import ipaddr from 'ipaddr.js';

export class ForbiddenTargetError extends Error {
  readonly code = 'ALERT_TARGET_FORBIDDEN';
  constructor(readonly host: string, readonly address: string) {
    super(`${host} resolves to ${address}, a loopback, private, link-local or otherwise internal address; alert targets must be public (an admin can allow internal targets with DEVSMITH_ALERTS_ALLOW_PRIVATE_TARGETS=1)`);
    this.name = 'ForbiddenTargetError';
  }
}

/** True when an alert must not be sent to this address (IPv4-mapped IPv6 is judged as the IPv4 inside). */
export function isForbiddenAddress(address: string): boolean {
  const bare = address.replace(/^\[|\]$/g, '');
  if (!ipaddr.isValid(bare)) return true; // not an address we understand: refuse rather than guess
  let ip = ipaddr.parse(bare);
  if (ip.kind() === 'ipv6' && (ip as ipaddr.IPv6).isIPv4MappedAddress()) ip = (ip as ipaddr.IPv6).toIPv4Address();
  // An allow-list: only ordinary global unicast. Loopback, RFC 1918, link-local (cloud metadata), CGNAT,
  // unique-local, multicast, reserved, and the 6to4/Teredo/NAT64 ranges that embed an IPv4 target all fail.
  return ip.range() !== 'unicast';
}

export function assertAllowedAddress(host: string, address: string, allowPrivate: boolean): void {
  if (!allowPrivate && isForbiddenAddress(address)) throw new ForbiddenTargetError(host, address);
}

/** URL hostnames keep IPv6 literals in brackets. */
export function bareHost(hostname: string): string {
  return hostname.replace(/^\[|\]$/g, '');
}

/** Save-time check: every address the host resolves to now must be allowed. */
export async function checkTargetHost(hostname: string, allowPrivate: boolean): Promise<void> {
  const host = bareHost(hostname);
  if (allowPrivate) return;
  if (net.isIP(host)) return assertAllowedAddress(host, host, false);
  let answers: dns.LookupAddress[];
  try {
    answers = await dns.promises.lookup(host, { all: true, verbatim: true });
  } catch (err) {
    throw new Error(`${host} does not resolve (${(err as NodeJS.ErrnoException).code ?? 'DNS error'})`);
  }
  for (const a of answers) assertAllowedAddress(host, a.address, false);
}

type Resolver = (hostname: string, options: dns.LookupAllOptions) => Promise<dns.LookupAddress[]>;
const systemResolver: Resolver = (hostname, options) => dns.promises.lookup(hostname, options);

/**
 * A `lookup` for http(s).Agent / net.connect that refuses internal addresses at connect time. Any forbidden
 * answer refuses the host (not just that address): a name that mixes public and internal answers is a
 * rebinding attempt. `resolver` is replaceable so tests can play a DNS server that answers 127.0.0.1.
 */
export function guardedLookup(allowPrivate: boolean, resolver: Resolver = systemResolver): LookupFunction {
  return (hostname, options, callback) => {
    const family = typeof options === 'number' ? options : (options?.family ?? 0);
    const wantAll = typeof options === 'object' && options !== null && options.all === true;
    resolver(hostname, { all: true, family: family === 'IPv4' ? 4 : family === 'IPv6' ? 6 : (family as 0 | 4 | 6), verbatim: true })
      .then((answers) => {
        for (const a of answers) assertAllowedAddress(hostname, a.address, allowPrivate);
        if (!answers.length) throw Object.assign(new Error(`${hostname} has no address`), { code: 'ENOTFOUND' });
        if (wantAll) (callback as unknown as (e: null, a: dns.LookupAddress[]) => void)(null, answers);
        else callback(null, answers[0]!.address, answers[0]!.family);
      })
      .catch((err: NodeJS.ErrnoException) => callback(err, '', 0));
  };
}
