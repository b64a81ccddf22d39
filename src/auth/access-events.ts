/**
 * In-process news that someone's access may have shrunk: a session ended, a user was disabled or changed
 * role, a token was revoked. Open live tails listen, so they re-check at once instead of at their next
 * periodic check (which still covers changes made on other instances).
 */
export type AccessChange =
  | { kind: 'session_ended'; sessionHash: string }
  | { kind: 'user_changed'; userId: number };

export type AccessListener = (change: AccessChange) => void;

export class AccessEvents {
  private readonly listeners = new Set<AccessListener>();

  /** Returns the function that unsubscribes. */
  on(listener: AccessListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit(change: AccessChange): void {
    for (const listener of [...this.listeners]) {
      try {
        listener(change);
      } catch {
        // A listener's failure is its own business: the account change already happened.
      }
    }
  }

  get size(): number {
    return this.listeners.size;
  }
}
