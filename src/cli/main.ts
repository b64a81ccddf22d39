#!/usr/bin/env node
/** The `devsmith` command: start (default), migrate, user create, project create, tail, send. */
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from '../server/config.js';
import { startServer } from '../server/main.js';
import { createProjectCommand, createUserCommand, migrateCommand } from './admin.js';
import { sendCommand } from './send.js';
import { tailCommand } from './tail.js';

const HELP = `devsmith — self-hosted log platform

Usage:
  devsmith [start] [--port N] [--host H] [--data-dir DIR] [--database-url URL] [--redis-url URL]
  devsmith migrate
  devsmith user create --email E --name N --password P [--admin]
  devsmith project create --name N --owner EMAIL [--slug S] [--description D]
  devsmith tail [--url URL] [--token dsu_...] [--project P] [--service S] [--level L] [--q TEXT]
  devsmith send --service S [--url URL] [--key dsk_...] [--level INFO]   (reads lines from stdin)

Configuration comes from the environment (PORT, HOST, DEVSMITH_DATA_DIR, DATABASE_URL, REDIS_URL, ...);
flags override it. tail/send read DEVSMITH_URL, DEVSMITH_TOKEN and DEVSMITH_API_KEY.`;

const options = {
  port: { type: 'string' },
  host: { type: 'string' },
  'data-dir': { type: 'string' },
  'database-url': { type: 'string' },
  'redis-url': { type: 'string' },
  email: { type: 'string' },
  name: { type: 'string' },
  password: { type: 'string' },
  admin: { type: 'boolean' },
  owner: { type: 'string' },
  slug: { type: 'string' },
  description: { type: 'string' },
  url: { type: 'string' },
  token: { type: 'string' },
  key: { type: 'string' },
  project: { type: 'string', multiple: true },
  service: { type: 'string', multiple: true },
  level: { type: 'string', multiple: true },
  q: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

export type CliValues = ReturnType<typeof parseArgs<{ options: typeof options; allowPositionals: true }>>['values'];

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args: argv, options, allowPositionals: true });
  if (values.help) {
    console.log(HELP);
    return 0;
  }
  const env = {
    ...process.env,
    ...(values.port !== undefined && { PORT: values.port }),
    ...(values.host !== undefined && { HOST: values.host }),
    ...(values['data-dir'] !== undefined && { DEVSMITH_DATA_DIR: values['data-dir'] }),
    ...(values['database-url'] !== undefined && { DATABASE_URL: values['database-url'] }),
    ...(values['redis-url'] !== undefined && { REDIS_URL: values['redis-url'] }),
  };
  const [command = 'start', sub] = positionals;
  switch (`${command}${sub ? ` ${sub}` : ''}`) {
    case 'start':
      await startServer(loadConfig(env));
      return -1; // keeps running
    case 'migrate':
      return migrateCommand(loadConfig(env));
    case 'user create':
      return createUserCommand(loadConfig(env), values);
    case 'project create':
      return createProjectCommand(loadConfig(env), values);
    case 'tail':
      return tailCommand(env, values);
    case 'send':
      return sendCommand(env, values);
    default:
      console.error(`Unknown command "${positionals.join(' ')}".\n\n${HELP}`);
      return 2;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    if (code >= 0) process.exitCode = code;
  },
  (err: Error) => {
    console.error(err instanceof ConfigError ? err.message : `devsmith: ${err.message}`);
    process.exitCode = 1;
  },
);
