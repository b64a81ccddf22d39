/**
 * How failed sign-ins are slowed down (the policy is documented in docs/api.md, "Sign-in throttling").
 *
 * An account is never locked: a lock that anyone can trigger with ten wrong passwords locks out the only
 * admin. Instead an address is refused after its own failures: all sign-ins from it once it failed
 * `attemptsPerAddress` times in 15 minutes, and, after each failure on an account, further tries on that
 * account from that address until a delay has passed that doubles with the account's recent failures (from
 * any address). A sign-in from an address without failures is never delayed by what others did. An IPv6
 * "address" here is a /64 network.
 */
import net from 'node:net';
import type { RateLimiter } from '../ratelimit/limiter.js';
import { AppError } from '../errors.js';

export const LOGIN_WINDOW_MS = 15 * 60_000;
const FIRST_DELAY_MS = 250;
const MAX_DELAY_MS = 8_000;
/** Sign-ins one address may have being checked at once: the limits are counted after each check. */
const CONCURRENT_PER_ADDRESS = 2;

/** The wait after an account's `failures`-th recent failure: 0.25 s, 0.5 s, 1 s, ... up to 8 s. */
export function accountDelayMs(failures: number): number {
  return failures <= 0 ? 0 : Math.min(MAX_DELAY_MS, FIRST_DELAY_MS * 2 ** (failures - 1));
}

export interface FailureOutcome {
  /** The account's failures in the window, from every address. */
  accountFailures: number;
  /** This failure used up the address's allowance: it is refused from now on. */
  addressBlocked: boolean;
}

export class LoginThrottle {
  private readonly checking = new Map<string, number>();

  constructor(private readonly limiter: RateLimiter, private readonly attemptsPerAddress: number) {}

  /**
   * Throws TOO_MANY_LOGIN_ATTEMPTS when this address may not try this account now; otherwise returns the
   * function to call once the attempt is decided.
   */
  async begin(address: string, email: string): Promise<() => void> {
    const keys = this.keys(address, email);
    const [own, wait] = await Promise.all([
      this.limiter.peek(keys.address, this.attemptsPerAddress, LOGIN_WINDOW_MS),
      this.limiter.peek(keys.wait, 1, MAX_DELAY_MS),
    ]);
    if (own.remaining <= 0) throw refusal('Too many failed sign-ins from this address.', own.resetMs);
    if (wait.count > 0) throw refusal('This account had failed sign-ins from this address.', wait.resetMs);
    const running = this.checking.get(address) ?? 0;
    if (running >= CONCURRENT_PER_ADDRESS) throw refusal('A sign-in from this address is already being checked; retry in a moment.', 1000);
    this.checking.set(address, running + 1);
    return () => {
      const left = (this.checking.get(address) ?? 1) - 1;
      if (left > 0) this.checking.set(address, left);
      else this.checking.delete(address);
    };
  }

  async failed(address: string, email: string): Promise<FailureOutcome> {
    const keys = this.keys(address, email);
    const [own, account] = await Promise.all([
      this.limiter.hit(keys.address, this.attemptsPerAddress, LOGIN_WINDOW_MS),
      this.limiter.hit(keys.account, Number.MAX_SAFE_INTEGER, LOGIN_WINDOW_MS),
    ]);
    // A fresh window as long as the delay: the wait starts now, not at an earlier failure.
    await this.limiter.reset(keys.wait);
    await this.limiter.hit(keys.wait, 1, accountDelayMs(account.count));
    return { accountFailures: account.count, addressBlocked: own.count === this.attemptsPerAddress };
  }

  /** The right password ends the account's slow-down; the address keeps its count (no reset by signing in elsewhere). */
  async succeeded(address: string, email: string): Promise<void> {
    const keys = this.keys(address, email);
    await Promise.all([this.limiter.reset(keys.account), this.limiter.reset(keys.wait)]);
  }

  private keys(ip: string, email: string) {
    const account = email.trim().toLowerCase();
    const address = addressKey(ip);
    return { address: `login:ip:${address}`, account: `login:acct:${account}`, wait: `login:wait:${account}:${address}` };
  }
}

/**
 * The unit an allowance belongs to: an IPv4 address, or an IPv6 address's /64 network (one subscriber or
 * host usually has a whole /64, so counting single IPv6 addresses would hand out 2^64 allowances).
 */
export function addressKey(ip: string): string {
  const bare = ip.split('%')[0]!;
  if (bare.toLowerCase().startsWith('::ffff:') && net.isIPv4(bare.slice(7))) return bare.slice(7);
  if (!net.isIPv6(bare)) return bare;
  const [head = '', tail] = bare.split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const groups = [...left, ...Array<string>(Math.max(0, 8 - left.length - right.length)).fill('0'), ...right];
  return `${groups.slice(0, 4).map((g) => parseInt(g, 16).toString(16)).join(':')}::/64`;
}

function refusal(detail: string, waitMs: number): AppError {
  const seconds = Math.max(1, Math.ceil(waitMs / 1000));
  return new AppError('TOO_MANY_LOGIN_ATTEMPTS', `${detail} Try again in ${seconds} s.`, { 'Retry-After': String(seconds) });
}
