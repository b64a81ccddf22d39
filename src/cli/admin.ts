/** Local admin commands that talk to the store directly: migrate, user create, project create. */
import { Accounts } from '../auth/accounts.js';
import { IngestKeyCache } from '../auth/key-cache.js';
import { Projects } from '../projects/projects.js';
import type { Config } from '../server/config.js';
import { openStore } from '../store/index.js';
import type { Store } from '../store/types.js';
import type { CliValues } from './main.js';

async function withStore<T>(config: Config, fn: (store: Store) => Promise<T>): Promise<T> {
  const store = await openStore(config);
  try {
    return await fn(store);
  } finally {
    await store.close();
  }
}

function required(values: CliValues, name: 'email' | 'name' | 'password' | 'owner'): string {
  const v = values[name];
  if (!v) throw new Error(`--${name} is required`);
  return v;
}

export async function migrateCommand(config: Config): Promise<number> {
  await withStore(config, async (store) => store.migrate());
  console.log(`Migrations applied (${config.databaseUrl ? 'PostgreSQL' : `SQLite in ${config.dataDir}`}).`);
  return 0;
}

export async function createUserCommand(config: Config, values: CliValues): Promise<number> {
  const password = values.password ?? process.env.DEVSMITH_PASSWORD;
  if (!password) throw new Error('--password (or DEVSMITH_PASSWORD) is required');
  const user = await withStore(config, async (store) => {
    const accounts = new Accounts(store, config.sessionTtlHours * 3_600_000);
    const input = { email: required(values, 'email'), name: required(values, 'name'), password, role: values.admin ? 'admin' as const : 'member' as const };
    return (await accounts.setupRequired()) && values.admin ? accounts.setup(input) : accounts.createUser(input);
  });
  console.log(`Created ${user.role} ${user.email} (id ${user.id}).`);
  return 0;
}

export async function createProjectCommand(config: Config, values: CliValues): Promise<number> {
  const { project, apiKey } = await withStore(config, async (store) => {
    const owner = await store.getUserByEmail(required(values, 'owner').toLowerCase());
    if (!owner) throw new Error(`no user with email ${values.owner}: create it first with "devsmith user create"`);
    const projects = new Projects(store, new IngestKeyCache(store));
    return projects.create(owner, { name: required(values, 'name'), slug: values.slug, description: values.description });
  });
  console.log(`Created project "${project.name}" (slug ${project.slug}, id ${project.id}).`);
  console.log(`Ingest key (shown once, store it now): ${apiKey}`);
  return 0;
}
