// The JavaScript sample pasted into the two kinds of npm project (issue 10): `npm init -y` writes
// "type": "commonjs", and ES module apps say "type": "module". The same files must load with require() in the
// first and import in the second, the pino/winston adapters and the Express example included.
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkExampleApp } from '../example-app.ts';
import { integrationsDir, repoRoot, runProgram, waitForLogs } from '../support.ts';

const sample = `${integrationsDir}/javascript`;

const APPS = {
  commonjs: `
const pino = require('pino');
const winston = require('winston');
const { DevSmithLogger } = require('./logger.cjs');
const { pinoDestination } = require('./pino-transport.cjs');
const { winstonStream } = require('./winston-transport.cjs');
const transportTarget = require.resolve('./pino-transport.cjs');
`,
  module: `
import pino from 'pino';
import winston from 'winston';
import { DevSmithLogger } from './logger.cjs';
import { pinoDestination } from './pino-transport.cjs';
import { winstonStream } from './winston-transport.cjs';
const transportTarget = new URL('./pino-transport.cjs', import.meta.url).pathname;
`,
};

const BODY = `
const kind = process.env.KIND;
const log = new DevSmithLogger();
log.info(kind + ' plain');
pino(pinoDestination(log)).info(kind + ' pino');
winston.createLogger({ transports: [new winston.transports.Stream({ stream: winstonStream(log) })] }).info(kind + ' winston');
pino(pino.transport({ target: transportTarget })).info(kind + ' pino transport');
`;

interface Target { url: string; cookie: string; project: string; env(service: string): Record<string, string> }

export async function checkModuleFormats(target: Target): Promise<void> {
  for (const type of ['commonjs', 'module'] as const) {
    const dir = mkdtempSync(join(tmpdir(), `devsmith-${type}-app-`));
    try {
      // What `npm init -y` writes, with the type the project uses; the sample files copied in as documented.
      writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: `${type}-app`, version: '1.0.0', main: 'index.js', type }, null, 2));
      for (const file of readdirSync(sample)) copyFileSync(join(sample, file), join(dir, file));
      symlinkSync(join(repoRoot, 'node_modules'), join(dir, 'node_modules'), 'dir'); // pino, winston, express
      writeFileSync(join(dir, 'app.js'), APPS[type] + BODY);

      const service = `javascript-${type}-project`;
      const result = await runProgram(process.execPath, ['app.js'], { cwd: dir, env: { ...target.env(service), KIND: type } });
      assert.equal(result.code, 0, `app.js in a "type": "${type}" project:\n${result.stderr}`);
      const logs = await waitForLogs(target.url, target.cookie, target.project, service, 4);
      assert.deepEqual(logs.map((l) => l.message).sort(), [`${type} pino`, `${type} pino transport`, `${type} plain`, `${type} winston`]);

      await checkExampleApp({
        command: process.execPath, args: ['express-example.cjs'], cwd: dir, env: target.env(`javascript-${type}-express`),
        server: { url: target.url }, cookie: target.cookie, project: target.project,
        stackOf: (log) => log.context?.error?.stack, httpContext: { orderRoute: '/orders/:id' },
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
}
