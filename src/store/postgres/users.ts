/** Users, sessions and user API tokens. */
import type { NewUser, Session, Store, User, UserToken, UserWithPassword } from '../types.js';
import type { Db } from './db.js';
import { TOKEN_COLUMNS, USER_COLUMNS, toToken, toUser } from './rows.js';

type UserMethods = Pick<
  Store,
  | 'countUsers' | 'createFirstUser' | 'createUser' | 'getUserById' | 'getUserByEmail' | 'listUsers' | 'updateUser'
  | 'createSession' | 'getSession' | 'deleteSession' | 'deleteUserSessions'
  | 'createUserToken' | 'findUserToken' | 'listUserTokens' | 'deleteUserToken'
>;

/** lastUsedAt is a hint for people, not an audit trail: write it at most once a minute per token. */
const TOUCH_EVERY_MS = 60_000;

const INSERT_USER = `INSERT INTO users (email, name, role, password_hash, created_at) VALUES ($1, $2, $3, $4, $5)
  RETURNING ${USER_COLUMNS}`;
const userParams = (u: NewUser) => [u.email, u.name, u.role, u.passwordHash, Date.now()];

export function userMethods(db: Db): UserMethods {
  return {
    async countUsers() {
      const { rows } = await db.query('SELECT count(*)::int AS n FROM users');
      return rows[0].n as number;
    },
    createFirstUser(user) {
      // The EXCLUSIVE lock makes concurrent setups queue here: the first inserts, the others see a user.
      return db.tx(async (c): Promise<User | null> => {
        await c.query('LOCK TABLE users IN EXCLUSIVE MODE');
        const { rows } = await c.query('SELECT EXISTS (SELECT 1 FROM users) AS taken');
        if (rows[0].taken) return null;
        return toUser((await c.query(INSERT_USER, userParams(user))).rows[0]);
      }, 'user');
    },
    async createUser(user) {
      return toUser((await db.query(INSERT_USER, userParams(user), 'user')).rows[0]);
    },
    async getUserById(id) {
      const { rows } = await db.query(`SELECT ${USER_COLUMNS} FROM users WHERE id = $1`, [id]);
      return rows[0] ? toUser(rows[0]) : null;
    },
    async getUserByEmail(email) {
      const { rows } = await db.query(`SELECT ${USER_COLUMNS}, password_hash FROM users WHERE lower(email) = lower($1)`, [
        email,
      ]);
      return rows[0] ? ({ ...toUser(rows[0]), passwordHash: rows[0].password_hash } as UserWithPassword) : null;
    },
    async listUsers() {
      const { rows } = await db.query(`SELECT ${USER_COLUMNS} FROM users ORDER BY id`);
      return rows.map(toUser);
    },
    async updateUser(id, patch) {
      const { rows } = await db.query(
        `UPDATE users SET name = coalesce($2, name), role = coalesce($3, role), disabled = coalesce($4, disabled)
         WHERE id = $1 RETURNING ${USER_COLUMNS}`,
        [id, patch.name ?? null, patch.role ?? null, patch.disabled ?? null],
      );
      return rows[0] ? toUser(rows[0]) : null;
    },

    async createSession(idHash, s) {
      await db.query('INSERT INTO sessions (id_hash, user_id, expires_at) VALUES ($1, $2, $3)', [idHash, s.userId, s.expiresAt], 'session');
    },
    async getSession(idHash) {
      const { rows } = await db.query('SELECT user_id, expires_at FROM sessions WHERE id_hash = $1', [idHash]);
      return rows[0] ? ({ userId: rows[0].user_id, expiresAt: Number(rows[0].expires_at) } as Session) : null;
    },
    async deleteSession(idHash) {
      await db.query('DELETE FROM sessions WHERE id_hash = $1', [idHash]);
    },
    async deleteUserSessions(userId) {
      await db.query('DELETE FROM sessions WHERE user_id = $1', [userId]);
    },

    async createUserToken(userId, name, hash, prefix) {
      const { rows } = await db.query(
        `INSERT INTO user_tokens (user_id, name, hash, prefix, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING ${TOKEN_COLUMNS}`,
        [userId, name, hash, prefix, Date.now()],
        'token',
      );
      return toToken(rows[0]);
    },
    async findUserToken(hash) {
      const { rows } = await db.query(`SELECT ${TOKEN_COLUMNS} FROM user_tokens WHERE hash = $1`, [hash]);
      if (!rows[0]) return null;
      const token: UserToken = toToken(rows[0]);
      const now = Date.now();
      if (token.lastUsedAt === null || token.lastUsedAt < now - TOUCH_EVERY_MS) {
        await db.query('UPDATE user_tokens SET last_used_at = $2 WHERE id = $1', [token.id, now]);
        token.lastUsedAt = now;
      }
      return token;
    },
    async listUserTokens(userId) {
      const { rows } = await db.query(`SELECT ${TOKEN_COLUMNS} FROM user_tokens WHERE user_id = $1 ORDER BY id`, [userId]);
      return rows.map(toToken);
    },
    async deleteUserToken(userId, tokenId) {
      const r = await db.query('DELETE FROM user_tokens WHERE id = $1 AND user_id = $2', [tokenId, userId]);
      return (r.rowCount ?? 0) > 0;
    },
  };
}
