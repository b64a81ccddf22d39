/** Account rules: first-run setup, login, sessions, user tokens, user management. No HTTP in here. */
import { AppError } from '../errors.js';
import { StoreConflictError, type Role, type Store, type User, type UserToken } from '../store/types.js';
import { AccessEvents, type AccessChange } from './access-events.js';
import { dummyPasswordHash, hashPassword, passwordProblem, verifyPassword } from './passwords.js';
import { displayPrefix, generateSecret, generateSessionId, hashSecret, isWellFormed } from './secrets.js';

export interface NewUserInput {
  email: string;
  name: string;
  password: string;
  role?: Role;
}

export interface Principal {
  user: User;
  via: 'session' | 'token';
}

/** What a request signed in with: a session cookie's id or a `dsu_` token. */
export type Credential = { kind: 'session'; secret: string } | { kind: 'token'; secret: string };

/** Why a credential that worked no longer does. */
export type CredentialEnd = 'session_ended' | 'user_disabled';

function normaliseEmail(email: string): string {
  const e = email.trim().toLowerCase();
  if (!/^[^\s@]+@[^\s@]+$/.test(e) || e.length > 254) {
    throw new AppError('VALIDATION_FAILED', 'email must be a valid email address');
  }
  return e;
}

async function newUserRecord(input: NewUserInput, role: Role) {
  const problem = passwordProblem(input.password);
  if (problem) throw new AppError('VALIDATION_FAILED', `password ${problem}`);
  const name = input.name.trim();
  if (!name) throw new AppError('VALIDATION_FAILED', 'name must not be empty');
  return { email: normaliseEmail(input.email), name, role, passwordHash: await hashPassword(input.password) };
}

export class Accounts {
  constructor(
    private readonly store: Store,
    private readonly sessionTtlMs: number,
    /** Logouts, disables, role changes and token revocations on this instance. */
    readonly events = new AccessEvents(),
  ) {}

  async setupRequired(): Promise<boolean> {
    return (await this.store.countUsers()) === 0;
  }

  /** Creates the first admin; refused once any user exists. */
  async setup(input: NewUserInput): Promise<User> {
    if (!(await this.setupRequired())) throw new AppError('SETUP_COMPLETE', 'An admin already exists: log in instead.');
    const user = await this.store.createFirstUser(await newUserRecord(input, 'admin'));
    if (!user) throw new AppError('SETUP_COMPLETE', 'An admin already exists: log in instead.');
    return user;
  }

  async createUser(input: NewUserInput): Promise<User> {
    try {
      return await this.store.createUser(await newUserRecord(input, input.role ?? 'member'));
    } catch (err) {
      if (err instanceof StoreConflictError) throw new AppError('CONFLICT', 'A user with this email already exists.');
      throw err;
    }
  }

  /** Checks the password; returns the user or throws INVALID_CREDENTIALS (same answer for every failure). */
  async authenticate(email: string, password: string): Promise<User> {
    const user = await this.store.getUserByEmail(email.trim().toLowerCase());
    const ok = await verifyPassword(user?.passwordHash ?? (await dummyPasswordHash()), password);
    if (!user || !ok || user.disabled) throw new AppError('INVALID_CREDENTIALS', 'The email or password is wrong, or the account is disabled.');
    const { passwordHash: _omit, ...plain } = user;
    return plain;
  }

  /** Starts a session; returns the opaque id for the cookie. */
  async startSession(userId: number): Promise<{ id: string; expiresAt: number }> {
    const id = generateSessionId();
    const expiresAt = Date.now() + this.sessionTtlMs;
    await this.store.createSession(hashSecret(id), { userId, expiresAt });
    return { id, expiresAt };
  }

  async endSession(id: string): Promise<void> {
    const sessionHash = hashSecret(id);
    await this.store.deleteSession(sessionHash);
    this.events.emit({ kind: 'session_ended', sessionHash });
  }

  /** The user a credential stands for now, or null (ended, expired, revoked, disabled). */
  resolve(credential: Credential): Promise<User | null> {
    return credential.kind === 'token' ? this.fromToken(credential.secret) : this.fromSession(credential.secret);
  }

  /** Why the credential of this user stopped resolving. */
  async whyEnded(userId: number): Promise<CredentialEnd> {
    const user = await this.store.getUserById(userId);
    return !user || user.disabled ? 'user_disabled' : 'session_ended';
  }

  /** Whether a change may concern what this credential of this user can do. */
  concerns(credential: Credential, userId: number, change: AccessChange): boolean {
    if (change.kind === 'user_changed') return change.userId === userId;
    return credential.kind === 'session' && hashSecret(credential.secret) === change.sessionHash;
  }

  /** The user behind a session cookie, or null when missing, expired or disabled. */
  async fromSession(id: string): Promise<User | null> {
    const hash = hashSecret(id);
    const session = await this.store.getSession(hash);
    if (!session) return null;
    if (session.expiresAt <= Date.now()) {
      await this.store.deleteSession(hash);
      return null;
    }
    const user = await this.store.getUserById(session.userId);
    return user && !user.disabled ? user : null;
  }

  /** The user behind a `dsu_` token, or null. */
  async fromToken(token: string): Promise<User | null> {
    if (!isWellFormed('dsu', token)) return null;
    const found = await this.store.findUserToken(hashSecret(token));
    if (!found) return null;
    const user = await this.store.getUserById(found.userId);
    return user && !user.disabled ? user : null;
  }

  async createToken(userId: number, name: string): Promise<{ token: string; record: UserToken }> {
    const token = generateSecret('dsu');
    const record = await this.store.createUserToken(userId, name.trim() || 'token', hashSecret(token), displayPrefix(token));
    return { token, record };
  }

  listTokens(userId: number): Promise<UserToken[]> {
    return this.store.listUserTokens(userId);
  }

  async deleteToken(userId: number, tokenId: number): Promise<void> {
    if (!(await this.store.deleteUserToken(userId, tokenId))) throw new AppError('NOT_FOUND', 'No such token.');
    this.events.emit({ kind: 'user_changed', userId });
  }

  listUsers(): Promise<User[]> {
    return this.store.listUsers();
  }

  async updateUser(actor: User, id: number, patch: { name?: string; role?: Role; disabled?: boolean }): Promise<User> {
    if (actor.id === id && (patch.disabled === true || patch.role === 'member')) {
      throw new AppError('VALIDATION_FAILED', 'You cannot disable yourself or remove your own admin role.');
    }
    const user = await this.store.updateUser(id, patch);
    if (!user) throw new AppError('NOT_FOUND', `No user with id ${id}.`);
    if (patch.disabled) await this.store.deleteUserSessions(id);
    if (patch.disabled || patch.role !== undefined) this.events.emit({ kind: 'user_changed', userId: id });
    return user;
  }
}
