/** Users, sessions, user tokens and projects on SQLite (small tables: plain synchronous statements). */
import type Database from 'better-sqlite3';
import {
  StoreConflictError,
  type NewProject,
  type NewUser,
  type Project,
  type ProjectPatch,
  type ProjectStats,
  type Session,
  type User,
  type UserToken,
  type UserWithPassword,
} from '../types.js';
import { isSqliteUnavailable } from './errors.js';
import { toProject, toToken, toUser } from './rows.js';

// Writing statements with RETURNING are read with `.all()`, never `.get()`: `.get()` returns the row after the
// first step and resets the statement, so a commit that then fails (SQLITE_FULL) goes unreported and the
// caller gets a row that was never stored. `.all()` steps to the end, where autocommit commits, and throws.

function conflict<T>(what: string, fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    if ((err as { code?: string }).code?.startsWith('SQLITE_CONSTRAINT')) throw new StoreConflictError(what);
    throw err;
  }
}

const PROJECT_PATCH_COLUMNS: Record<keyof ProjectPatch, string> = {
  name: 'name',
  slug: 'slug',
  description: 'description',
  repositoryUrl: 'repository_url',
  active: 'active',
  rateLimitPerMinute: 'rate_limit_per_minute',
  retentionDays: 'retention_days',
  apdexThresholdMs: 'apdex_threshold_ms',
  aiExternalAllowed: 'ai_external_allowed',
};

export class SqliteAccounts {
  constructor(protected readonly db: Database.Database) {}

  async countUsers(): Promise<number> {
    return (this.db.prepare('SELECT COUNT(*) AS n FROM users').get() as { n: number }).n;
  }

  async createFirstUser(user: NewUser): Promise<User | null> {
    const tx = this.db.transaction(() => {
      const n = (this.db.prepare('SELECT COUNT(*) AS n FROM users').get() as { n: number }).n;
      return n === 0 ? this.insertUser(user) : null;
    });
    return tx.immediate();
  }

  async createUser(user: NewUser): Promise<User> {
    return conflict('user with this email', () => this.insertUser(user));
  }

  private insertUser(u: NewUser): User {
    const row = this.db
      .prepare('INSERT INTO users (email, name, role, password_hash, created_at) VALUES (?, ?, ?, ?, ?) RETURNING *')
      .all(u.email, u.name, u.role, u.passwordHash, Date.now())[0];
    return toUser(row);
  }

  async getUserById(id: number): Promise<User | null> {
    const row = this.db.prepare('SELECT * FROM users WHERE id = ?').get(id);
    return row ? toUser(row) : null;
  }

  async getUserByEmail(email: string): Promise<UserWithPassword | null> {
    const row = this.db.prepare('SELECT * FROM users WHERE email = ?').get(email) as any;
    return row ? { ...toUser(row), passwordHash: row.password_hash } : null;
  }

  async listUsers(): Promise<User[]> {
    return this.db.prepare('SELECT * FROM users ORDER BY id').all().map(toUser);
  }

  async updateUser(id: number, patch: Partial<Pick<User, 'name' | 'role' | 'disabled'>>): Promise<User | null> {
    const row = this.db
      .prepare(
        `UPDATE users SET name = COALESCE(?, name), role = COALESCE(?, role), disabled = COALESCE(?, disabled)
         WHERE id = ? RETURNING *`,
      )
      .all(patch.name ?? null, patch.role ?? null, patch.disabled === undefined ? null : Number(patch.disabled), id)[0];
    return row ? toUser(row) : null;
  }

  async createSession(idHash: string, s: Session): Promise<void> {
    this.db.prepare('INSERT INTO sessions (id_hash, user_id, expires_at) VALUES (?, ?, ?)').run(idHash, s.userId, s.expiresAt);
  }

  async getSession(idHash: string): Promise<Session | null> {
    const row = this.db.prepare('SELECT user_id, expires_at FROM sessions WHERE id_hash = ?').get(idHash) as any;
    return row ? { userId: row.user_id, expiresAt: row.expires_at } : null;
  }

  async deleteSession(idHash: string): Promise<void> {
    this.db.prepare('DELETE FROM sessions WHERE id_hash = ?').run(idHash);
  }

  async deleteUserSessions(userId: number): Promise<void> {
    this.db.prepare('DELETE FROM sessions WHERE user_id = ?').run(userId);
  }

  async createUserToken(userId: number, name: string, hash: string, prefix: string): Promise<UserToken> {
    const row = this.db
      .prepare('INSERT INTO user_tokens (user_id, name, hash, prefix, created_at) VALUES (?, ?, ?, ?, ?) RETURNING *')
      .all(userId, name, hash, prefix, Date.now())[0];
    return toToken(row);
  }

  async findUserToken(hash: string): Promise<UserToken | null> {
    const row = this.db.prepare('SELECT * FROM user_tokens WHERE hash = ?').get(hash) as any;
    if (!row) return null;
    const now = Date.now();
    if (row.last_used_at === null || now - row.last_used_at > 60_000) {
      try {
        this.db.prepare('UPDATE user_tokens SET last_used_at = ? WHERE id = ?').run(now, row.id);
        row.last_used_at = now;
      } catch (err) {
        // A full disk must not turn away a token that only reads: last_used_at is a hint, it can wait.
        if (!isSqliteUnavailable(err)) throw err;
      }
    }
    return toToken(row);
  }

  async listUserTokens(userId: number): Promise<UserToken[]> {
    return this.db.prepare('SELECT * FROM user_tokens WHERE user_id = ? ORDER BY id').all(userId).map(toToken);
  }

  async deleteUserToken(userId: number, tokenId: number): Promise<boolean> {
    return this.db.prepare('DELETE FROM user_tokens WHERE id = ? AND user_id = ?').run(tokenId, userId).changes > 0;
  }

  async createProject(p: NewProject, keyHash: string, keyPrefix: string): Promise<Project> {
    const now = Date.now();
    return conflict('project with this slug', () =>
      toProject(
        this.db
          .prepare(
            `INSERT INTO projects (owner_id, name, slug, description, repository_url, rate_limit_per_minute, key_hash, key_prefix, created_at, updated_at)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING *`,
          )
          .all(p.ownerId, p.name, p.slug, p.description, p.repositoryUrl, p.rateLimitPerMinute, keyHash, keyPrefix, now, now)[0],
      ),
    );
  }

  async listProjects(ownerId: number | null): Promise<Array<Project & ProjectStats>> {
    const rows = this.db
      .prepare(
        `SELECT p.*,
           (SELECT COALESCE(SUM(n), 0) FROM log_minutes m WHERE m.project_id = p.id) AS log_count,
           (SELECT MAX(last_ts) FROM log_minutes m WHERE m.project_id = p.id) AS last_log_at
         FROM projects p WHERE (? IS NULL OR p.owner_id = ?) ORDER BY p.name, p.id`,
      )
      .all(ownerId, ownerId) as any[];
    return rows.map((r) => ({ ...toProject(r), logCount: r.log_count, lastLogAt: r.last_log_at }));
  }

  async listProjectIds(ownerId: number | null): Promise<number[]> {
    return this.db.prepare('SELECT id FROM projects WHERE (? IS NULL OR owner_id = ?) ORDER BY id').pluck().all(ownerId, ownerId) as number[];
  }

  async getProject(id: number): Promise<Project | null> {
    const row = this.db.prepare('SELECT * FROM projects WHERE id = ?').get(id);
    return row ? toProject(row) : null;
  }

  async getProjectBySlug(slug: string, ownerId: number | null): Promise<Project | null> {
    const row = this.db
      .prepare('SELECT * FROM projects WHERE slug = ? AND (? IS NULL OR owner_id = ?) ORDER BY id LIMIT 1')
      .get(slug, ownerId, ownerId);
    return row ? toProject(row) : null;
  }

  async updateProject(id: number, patch: ProjectPatch): Promise<Project | null> {
    const entries = Object.entries(patch).filter(([, v]) => v !== undefined) as Array<[keyof ProjectPatch, unknown]>;
    const sets = entries.map(([k]) => `${PROJECT_PATCH_COLUMNS[k]} = ?`);
    const values = entries.map(([, v]) => (typeof v === 'boolean' ? Number(v) : v));
    return conflict('project with this slug', () => {
      const row = this.db
        .prepare(`UPDATE projects SET ${[...sets, 'updated_at = ?'].join(', ')} WHERE id = ? RETURNING *`)
        .all(...values, Date.now(), id)[0];
      return row ? toProject(row) : null;
    });
  }

  async replaceProjectKey(id: number, keyHash: string, keyPrefix: string): Promise<Project | null> {
    const row = this.db
      .prepare('UPDATE projects SET key_hash = ?, key_prefix = ?, updated_at = ? WHERE id = ? RETURNING *')
      .all(keyHash, keyPrefix, Date.now(), id)[0];
    return row ? toProject(row) : null;
  }

  async findProjectByKeyHash(keyHash: string): Promise<Project | null> {
    const row = this.db.prepare('SELECT * FROM projects WHERE key_hash = ?').get(keyHash);
    return row ? toProject(row) : null;
  }

  async projectStats(id: number): Promise<ProjectStats> {
    const r = this.db
      // From the per-minute rollups (rollups.ts): a handful of rows per minute instead of every log.
      .prepare('SELECT COALESCE(SUM(n), 0) AS n, MAX(last_ts) AS last FROM log_minutes WHERE project_id = ?')
      .get(id) as { n: number; last: number | null };
    return { logCount: r.n, lastLogAt: r.last };
  }
}
