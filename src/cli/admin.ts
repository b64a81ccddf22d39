/** Local admin commands that talk to the store directly: migrate, user create, project create, token create. */
import { Accounts } from '../auth/accounts.js';
import { IngestKeyCache } from '../auth/key-cache.js';
import { Projects } from '../projects/projects.js';
import type { Config } from '../config.js';
import { openStore } from '../store/index.js';
import type { Store } from '../store/types.js';
import type { CliValues } from './options.js';
import { describeStore } from './store-info.js';

type Env = Record<string, string | undefined>;

async function withStore<T>(config: Config, env: Env, fn: (store: Store) => Promise<T>): Promise<T> {
  console.error(`devsmith: ${describeStore(config, env)}`);
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

export async function migrateCommand(config: Config, env: Env): Promise<number> {
  await withStore(config, env, async (store) => store.migrate());
  console.log(`Migrations applied (${config.databaseUrl ? 'PostgreSQL' : `SQLite in ${config.dataDir}`}).`);
  return 0;
}

export async function createUserCommand(config: Config, env: Env, values: CliValues): Promise<number> {
  const password = values.password ?? env.DEVSMITH_PASSWORD;
  if (!password) throw new Error('--password (or DEVSMITH_PASSWORD) is required');
  const user = await withStore(config, env, async (store) => {
    const accounts = new Accounts(store, config.sessionTtlHours * 3_600_000);
    const input = { email: required(values, 'email'), name: required(values, 'name'), password, role: values.admin ? 'admin' as const : 'member' as const };
    return (await accounts.setupRequired()) && values.admin ? accounts.setup(input) : accounts.createUser(input);
  });
  console.log(`Created ${user.role} ${user.email} (id ${user.id}).`);
  return 0;
}

export async function createProjectCommand(config: Config, env: Env, values: CliValues): Promise<number> {
  const { project, apiKey } = await withStore(config, env, async (store) => {
    const owner = await store.getUserByEmail(required(values, 'owner').toLowerCase());
    if (!owner) throw new Error(`no user with email ${values.owner}: create it first with "devsmith user create"`);
    const projects = new Projects(store, new IngestKeyCache(store));
    return projects.create(owner, { name: required(values, 'name'), slug: values.slug, description: values.description });
  });
  console.log(`Created project "${project.name}" (slug ${project.slug}, id ${project.id}).`);
  console.log(`Ingest key (shown once, store it now): ${apiKey}`);
  return 0;
}

export async function createTokenCommand(config: Config, env: Env, values: CliValues): Promise<number> {
  const email = required(values, 'email').toLowerCase();
  const { user, token } = await withStore(config, env, async (store) => {
    const user = await store.getUserByEmail(email);
    if (!user) throw new Error(`no user with email ${email} in this store: create it first with "devsmith user create"`);
    if (user.disabled) throw new Error(`user ${email} is disabled: a token for it would be refused`);
    const accounts = new Accounts(store, config.sessionTtlHours * 3_600_000);
    return { user, token: (await accounts.createToken(user.id, values.name ?? 'cli')).token };
  });
  console.log(`Created API token "${values.name ?? 'cli'}" for ${user.email}.`);
  console.log(`API token (shown once, store it now): ${token}`);
  return 0;
}
