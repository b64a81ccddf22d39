/** Throwaway PostgreSQL databases for benchmarks and fault tests: created empty, dropped afterwards. */
import pg from 'pg';

export interface TempDatabase {
  url: string;
  drop(): Promise<void>;
}

async function admin<T>(adminUrl: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: adminUrl });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

/** Creates `prefix_<pid>_<time>` on the server of `adminUrl` (a role allowed to CREATE DATABASE). */
export async function createTempDatabase(adminUrl: string, prefix: string): Promise<TempDatabase> {
  const name = `${prefix}_${process.pid}_${Date.now().toString(36)}`;
  await admin(adminUrl, (c) => c.query(`CREATE DATABASE ${name}`));
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      await admin(adminUrl, (c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
    },
  };
}
