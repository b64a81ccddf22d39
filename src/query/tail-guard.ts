/**
 * Keeps an open live tail honest: the tail checked the user's credential and projects once, when it opened,
 * but it may stay open for hours. The guard checks again every few seconds (catching expiry and changes made
 * on other instances) and at once on an account event of this instance (logout, disable, role change, token
 * revoked), and ends the tail with the reason when access is gone.
 */
import type { AccessChange, AccessEvents } from '../auth/access-events.js';
import type { Credential, CredentialEnd } from '../auth/accounts.js';
import { AppError } from '../errors.js';
import type { User } from '../store/types.js';

export type TailEndReason = CredentialEnd | 'access_revoked';

export interface TailGuardDeps {
  accounts: {
    readonly events: AccessEvents;
    resolve(credential: Credential): Promise<User | null>;
    whyEnded(userId: number): Promise<CredentialEnd>;
    concerns(credential: Credential, userId: number, change: AccessChange): boolean;
  };
  /** The project ids the tail may read for this user now; throws NOT_FOUND when a named project is not readable. */
  readable(user: User): Promise<number[]>;
}

export interface TailGuardHooks {
  /** Access is gone: end the tail. Called at most once. */
  onEnd(reason: TailEndReason): void;
  /** The readable projects changed (a tail of "all my projects"): poll these from now on. */
  onProjects(ids: number[]): void;
  onError(err: Error): void;
}

export const DEFAULT_RECHECK_MS = 5_000;

export class TailGuard {
  private timer: NodeJS.Timeout | null = null;
  private unsubscribe: (() => void) | null = null;
  private running: Promise<void> | null = null;
  private again = false;
  private ended = false;

  constructor(
    private readonly deps: TailGuardDeps,
    private readonly credential: Credential,
    private readonly user: User,
    private readonly hooks: TailGuardHooks,
    private readonly intervalMs = DEFAULT_RECHECK_MS,
  ) {}

  start(): void {
    this.unsubscribe = this.deps.accounts.events.on((change) => {
      if (this.deps.accounts.concerns(this.credential, this.user.id, change)) void this.check();
    });
    this.timer = setInterval(() => void this.check(), this.intervalMs);
  }

  stop(): void {
    this.ended = true;
    if (this.timer) clearInterval(this.timer);
    this.unsubscribe?.();
    this.timer = null;
    this.unsubscribe = null;
  }

  /** Runs one check; a check asked for while one runs runs again right after it (never two at once). */
  check(): Promise<void> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      do {
        this.again = false;
        await this.checkOnce();
      } while (this.again && !this.ended);
      this.running = null;
    })();
    return this.running;
  }

  private async checkOnce(): Promise<void> {
    if (this.ended) return;
    try {
      const user = await this.deps.accounts.resolve(this.credential);
      if (!user) return this.end(await this.deps.accounts.whyEnded(this.user.id));
      let ids: number[];
      try {
        ids = await this.deps.readable(user);
      } catch (err) {
        if (err instanceof AppError && err.code === 'NOT_FOUND') return this.end('access_revoked');
        throw err;
      }
      if (!this.ended) this.hooks.onProjects(ids);
    } catch (err) {
      // The store is unreachable (say): keep the tail, whose own polls fail too, and check again next time.
      this.hooks.onError(err as Error);
    }
  }

  private end(reason: TailEndReason): void {
    if (this.ended) return;
    this.stop();
    this.hooks.onEnd(reason);
  }
}
