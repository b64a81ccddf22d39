import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ConfigError } from '../../config-error.js';
import { notifySettings } from './settings.js';

test('alert delivery settings: defaults, SMTP, and bad values named', () => {
  assert.deepEqual(notifySettings({}), { allowPrivateTargets: false, smtp: null, timeoutMs: 10_000 });
  assert.deepEqual(notifySettings({ DEVSMITH_ALERTS_ALLOW_PRIVATE_TARGETS: '1', DEVSMITH_SMTP_URL: 'smtp://u:p@mail:587', DEVSMITH_SMTP_FROM: 'a@b.c', DEVSMITH_SMTP_REQUIRE_TLS: '1', DEVSMITH_ALERTS_SEND_TIMEOUT_SECONDS: '5' }), {
    allowPrivateTargets: true,
    smtp: { url: 'smtp://u:p@mail:587', from: 'a@b.c', requireTls: true },
    timeoutMs: 5000,
  });
  const bad: Array<[Record<string, string>, string]> = [
    [{ DEVSMITH_SMTP_URL: 'smtp://mail:587' }, 'DEVSMITH_SMTP_FROM'],
    [{ DEVSMITH_SMTP_FROM: 'a@b.c' }, 'DEVSMITH_SMTP_FROM'],
    [{ DEVSMITH_SMTP_URL: 'http://mail', DEVSMITH_SMTP_FROM: 'a@b.c' }, 'DEVSMITH_SMTP_URL'],
    [{ DEVSMITH_ALERTS_ALLOW_PRIVATE_TARGETS: 'yes please' }, 'DEVSMITH_ALERTS_ALLOW_PRIVATE_TARGETS'],
    [{ DEVSMITH_ALERTS_SEND_TIMEOUT_SECONDS: '0' }, 'DEVSMITH_ALERTS_SEND_TIMEOUT_SECONDS'],
    [{ DEVSMITH_ALERTS_SEND_TIMEOUT_SECONDS: '2.5' }, 'DEVSMITH_ALERTS_SEND_TIMEOUT_SECONDS'],
  ];
  for (const [env, name] of bad) assert.throws(() => notifySettings(env), (e: ConfigError) => e instanceof ConfigError && e.message.includes(name), JSON.stringify(env));
});
