#!/usr/bin/env node
/** The `devsmith` command (`npx devsmith-logs`): start (default), admin commands on the store, client commands. */
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from '../config.js';
import { startServer } from '../server/main.js';
import { createProjectCommand, createTokenCommand, createUserCommand, migrateCommand } from './admin.js';
import { alertsListCommand } from './alerts.js';
import { backupCommand, restoreCommand } from './backup.js';
import { exportCommand } from './export.js';
import { loginCommand, logoutCommand } from './login.js';
import { HELP, options } from './options.js';
import { runCommand } from './run.js';
import { sendCommand } from './send.js';
import { shipCommand } from './ship/command.js';
import { tailCommand } from './tail.js';

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
      await startServer(loadConfig(env));
      return -1; // keeps running
    case 'migrate':
      return migrateCommand(loadConfig(env), env);
    case 'backup':
      return backupCommand(loadConfig(env), values);
    case 'restore':
      return restoreCommand(loadConfig(env), values);
    case 'user create':
      return createUserCommand(loadConfig(env), env, values);
    case 'project create':
      return createProjectCommand(loadConfig(env), env, values);
    case 'token create':
      return createTokenCommand(loadConfig(env), env, values);
    case 'tail':
      return tailCommand(env, values);
    case 'export':
      return exportCommand(env, values);
    case 'send':
      return sendCommand(env, values);
    case 'run':
      return runCommand(env, values, dash >= 0 ? argv.slice(dash + 1) : []);
    case 'ship':
      return shipCommand(env, values);
    case 'alerts list':
      return alertsListCommand(env, values);
    case 'login':
      return loginCommand(env, values);
    case 'logout':
      return logoutCommand(env);
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
