import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { ConfigError, loadConfig } from './config.js';

function file(text: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'devsmith-config-'));
  const f = path.join(dir, 'devsmith.env');
  fs.writeFileSync(f, text);
  return f;
}

test('the config file gives values with the environment names; the environment wins over it', () => {
  const f = file(['# production', 'PORT=4000', 'export DEVSMITH_RETENTION_DAYS=90', 'DATABASE_URL="postgres://u:p@db/devsmith"', '', 'LOG_LEVEL=warn'].join('\n'));
  const config = loadConfig({ DEVSMITH_CONFIG_FILE: f, LOG_LEVEL: 'debug' });
  assert.equal(config.port, 4000);
  assert.equal(config.retentionDays, 90);
  assert.equal(config.databaseUrl, 'postgres://u:p@db/devsmith');
  assert.equal(config.logLevel, 'debug', 'the environment wins');
});

test('a bad config file stops the start with the file, the line and what is wrong', () => {
  assert.throws(() => loadConfig({ DEVSMITH_CONFIG_FILE: '/nonexistent/devsmith.env' }), (e: ConfigError) => {
    assert.match(e.message, /DEVSMITH_CONFIG_FILE names \/nonexistent\/devsmith\.env, which cannot be read: ENOENT/);
    return true;
  });
  const typo = file('PORT=4000\nDEVSMITH_RETENTION_DAYS=90\nDATABSE_URL=postgres://db/x\n');
  assert.throws(() => loadConfig({ DEVSMITH_CONFIG_FILE: typo }), /line 3: DATABSE_URL is not a devsmith setting/);
  const garbage = file('PORT=4000\nthis is not a setting\n');
  assert.throws(() => loadConfig({ DEVSMITH_CONFIG_FILE: garbage }), /line 2: expected NAME=value, got "this is not a setting"/);
  const bad = file('PORT=eighty\n');
  assert.throws(() => loadConfig({ DEVSMITH_CONFIG_FILE: bad }), /PORT must be a whole number, got "eighty"/);
});
