#!/usr/bin/env node
/** The `devsmith` command (`npx devsmith-logs`): start (default), admin commands on the store, client commands. */
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from '../config.js';
import { HELP, options } from './options.js';

// Each command loads its own modules: `start` does not load the client commands, `ship` not the server (cold start, issue 18).
const server = () => import('../server/main.js');
const admin = () => import('./admin.js');
const backup = () => import('./backup.js');
const login = () => import('./login.js');

async function main(argv: string[]): Promise<number> {
  // Everything after "--" belongs to the command `run` starts, flags included.
  const dash = argv.indexOf('--');
  const own = dash >= 0 ? argv.slice(0, dash) : argv;
  const { values, positionals } = parseArgs({ args: own, options, allowPositionals: true });
  // `npx devsmith-logs --help` shows npx's own help: the `help` command is the one that always reaches us.
  if (values.help || positionals[0] === 'help') {
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
    ...(values.config !== undefined && { DEVSMITH_CONFIG_FILE: values.config }),
  };
  const [command = 'start', sub] = positionals;
  switch (`${command}${sub ? ` ${sub}` : ''}`) {
    case 'start':
      await (await server()).startServer(loadConfig(env));
      return -1; // keeps running
    case 'migrate':
      return (await admin()).migrateCommand(loadConfig(env), env);
    case 'backup':
      return (await backup()).backupCommand(loadConfig(env), values);
    case 'restore':
      return (await backup()).restoreCommand(loadConfig(env), values);
    case 'user create':
      return (await admin()).createUserCommand(loadConfig(env), env, values);
    case 'project create':
      return (await admin()).createProjectCommand(loadConfig(env), env, values);
    case 'token create':
      return (await admin()).createTokenCommand(loadConfig(env), env, values);
    case 'tail':
      return (await import('./tail.js')).tailCommand(env, values);
    case 'export':
      return (await import('./export.js')).exportCommand(env, values);
    case 'send':
      return (await import('./send.js')).sendCommand(env, values);
    case 'run':
      return (await import('./run.js')).runCommand(env, values, dash >= 0 ? argv.slice(dash + 1) : []);
    case 'ship':
      return (await import('./ship/command.js')).shipCommand(env, values);
    case 'alerts list':
      return (await import('./alerts.js')).alertsListCommand(env, values);
    case 'login':
      return (await login()).loginCommand(env, values);
    case 'logout':
      return (await login()).logoutCommand(env);
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
