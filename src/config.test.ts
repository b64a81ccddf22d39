import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ConfigError, loadConfig } from './config.js';

test('defaults: port 3000, ./data, SQLite, no Redis', () => {
  const c = loadConfig({});
  assert.equal(c.port, 3000);
  assert.ok(c.dataDir.endsWith('/data'));
  assert.equal(c.databaseUrl, null);
  assert.equal(c.redisUrl, null);
  assert.equal(c.limits.entriesPerBatch, 10_000);
  assert.equal(c.limits.bodyBytes, 10 * 1024 * 1024);
  assert.equal(c.rateLimitPerMinute, 1000);
  assert.equal(c.limits.maxPastAgeMs, 30 * 86_400_000);
  assert.equal(c.maxInflightBodyBytes, 128 * 1024 * 1024);
  assert.equal(c.patternsFullRate, 5000);
  assert.equal(loadConfig({ DEVSMITH_PATTERNS_FULL_RATE: '0' }).patternsFullRate, 0);
  assert.equal(loadConfig({}).patternsCpuPercent, 5);
  assert.equal(loadConfig({ DEVSMITH_PATTERNS_CPU_PERCENT: '0' }).patternsCpuPercent, 0);
});

test('a bad value fails fast with a message naming the variable', () => {
  const cases: Array<[Record<string, string>, RegExp]> = [
    [{ PORT: 'eighty' }, /PORT must be a whole number/],
    [{ PORT: '70000' }, /PORT must be between 0 and 65535/],
    [{ DATABASE_URL: 'mysql://x' }, /DATABASE_URL must start with postgres:\/\/ or postgresql:\/\//],
    [{ REDIS_URL: 'not a url' }, /REDIS_URL is not a valid URL/],
    [{ LOG_LEVEL: 'loud' }, /LOG_LEVEL must be one of/],
    [{ DEVSMITH_SQLITE_SYNCHRONOUS: 'OFF' }, /DEVSMITH_SQLITE_SYNCHRONOUS must be one of NORMAL, FULL/],
    [{ DEVSMITH_MAX_PAST_AGE_DAYS: '0' }, /DEVSMITH_MAX_PAST_AGE_DAYS must be between 1 and 3650/],
    [{ DEVSMITH_MAX_INFLIGHT_BODY_BYTES: '1000' }, /DEVSMITH_MAX_INFLIGHT_BODY_BYTES must be between/],
    [{ DEVSMITH_PATTERNS_FULL_RATE: 'fast' }, /DEVSMITH_PATTERNS_FULL_RATE must be a whole number/],
  ];
  for (const [env, message] of cases) {
    assert.throws(() => loadConfig(env), (err: Error) => err instanceof ConfigError && message.test(err.message), JSON.stringify(env));
  }
});

test('PostgreSQL and Redis URLs are taken as given', () => {
  const c = loadConfig({ DATABASE_URL: 'postgres://u:p@db:5432/logs', REDIS_URL: 'redis://cache:6379' });
  assert.equal(c.databaseUrl, 'postgres://u:p@db:5432/logs');
  assert.equal(c.redisUrl, 'redis://cache:6379');
});

test('connection timeouts and trusted proxies: defaults, lists, and refusals', () => {
  const c = loadConfig({});
  assert.deepEqual(c.timeouts, { headersMs: 10_000, requestMs: 60_000, keepAliveMs: 65_000 });
  assert.equal(c.trustProxy, false);
  assert.equal(loadConfig({ DEVSMITH_TRUST_PROXY: 'true' }).trustProxy, true);
  assert.deepEqual(loadConfig({ DEVSMITH_TRUST_PROXY: '10.0.0.0/8, 127.0.0.1,::1, fd00::/8,loopback' }).trustProxy, ['10.0.0.0/8', '127.0.0.1', '::1', 'fd00::/8', 'loopback']);
  const cases: Array<[Record<string, string>, RegExp]> = [
    [{ DEVSMITH_HEADERS_TIMEOUT_SECONDS: '90' }, /DEVSMITH_HEADERS_TIMEOUT_SECONDS must not exceed DEVSMITH_REQUEST_TIMEOUT_SECONDS/],
    [{ DEVSMITH_KEEP_ALIVE_TIMEOUT_SECONDS: '0' }, /DEVSMITH_KEEP_ALIVE_TIMEOUT_SECONDS must be between 1 and/],
    [{ DEVSMITH_TRUST_PROXY: '2' }, /DEVSMITH_TRUST_PROXY takes the proxies' addresses/],
    [{ DEVSMITH_TRUST_PROXY: '10.0.0.0/33' }, /DEVSMITH_TRUST_PROXY must be true, false or a comma list .* got "10.0.0.0\/33"/],
    [{ DEVSMITH_TRUST_PROXY: 'proxy.internal' }, /got "proxy.internal"/],
  ];
  for (const [env, message] of cases) {
    assert.throws(() => loadConfig(env), (err: Error) => err instanceof ConfigError && message.test(err.message), JSON.stringify(env));
  }
});

test('archives: off without a bucket; the S3 settings parsed; bad combinations refused naming the variable', () => {
  assert.equal(loadConfig({}).archive, null);
  assert.deepEqual(loadConfig({ DEVSMITH_ARCHIVE_S3_BUCKET: 'logs' }).archive, {
    bucket: 'logs', prefix: 'devsmith/', region: 'us-east-1', endpoint: null, forcePathStyle: false, credentials: null, onExpiry: false,
  });
  const full = loadConfig({
    DEVSMITH_ARCHIVE_S3_BUCKET: 'logs', DEVSMITH_ARCHIVE_S3_PREFIX: 'prod/dev', DEVSMITH_ARCHIVE_S3_REGION: 'auto',
    DEVSMITH_ARCHIVE_S3_ENDPOINT: 'http://minio:9000', DEVSMITH_ARCHIVE_S3_FORCE_PATH_STYLE: 'true',
    DEVSMITH_ARCHIVE_S3_ACCESS_KEY_ID: 'AK', DEVSMITH_ARCHIVE_S3_SECRET_ACCESS_KEY: 'SK', DEVSMITH_ARCHIVE_ON_EXPIRY: 'true',
  }).archive;
  assert.deepEqual(full, {
    bucket: 'logs', prefix: 'prod/dev/', region: 'auto', endpoint: 'http://minio:9000', forcePathStyle: true,
    credentials: { accessKeyId: 'AK', secretAccessKey: 'SK' }, onExpiry: true,
  });
  const cases: Array<[Record<string, string>, RegExp]> = [
    [{ DEVSMITH_ARCHIVE_ON_EXPIRY: 'true' }, /DEVSMITH_ARCHIVE_ON_EXPIRY needs DEVSMITH_ARCHIVE_S3_BUCKET/],
    [{ DEVSMITH_ARCHIVE_S3_BUCKET: 'b', DEVSMITH_ARCHIVE_S3_ACCESS_KEY_ID: 'AK' }, /DEVSMITH_ARCHIVE_S3_SECRET_ACCESS_KEY must be set together/],
    [{ DEVSMITH_ARCHIVE_S3_BUCKET: 'b', DEVSMITH_ARCHIVE_S3_ENDPOINT: 'minio:9000' }, /DEVSMITH_ARCHIVE_S3_ENDPOINT (is not a valid URL|must start with http)/],
    [{ DEVSMITH_ARCHIVE_S3_BUCKET: 'b', DEVSMITH_ARCHIVE_S3_PREFIX: '/abs' }, /DEVSMITH_ARCHIVE_S3_PREFIX must not start with/],
    [{ DEVSMITH_ARCHIVE_S3_BUCKET: 'b', DEVSMITH_ARCHIVE_S3_FORCE_PATH_STYLE: 'yes' }, /DEVSMITH_ARCHIVE_S3_FORCE_PATH_STYLE must be one of true, false/],
  ];
  for (const [env, message] of cases) {
    assert.throws(() => loadConfig(env), (err: Error) => err instanceof ConfigError && message.test(err.message), JSON.stringify(env));
  }
});

test('syslog: off by default; listeners with their projects; bad addresses and missing TLS files refused', () => {
  assert.equal(loadConfig({}).syslog, null);
  const c = loadConfig({
    DEVSMITH_SYSLOG_UDP: '5514', DEVSMITH_SYSLOG_TCP: '[::1]:6514', DEVSMITH_SYSLOG_PROJECT: 'devices',
    DEVSMITH_SYSLOG_TCP_PROJECT: 'servers', DEVSMITH_SYSLOG_MAX_MESSAGE_BYTES: '8192',
  }).syslog;
  assert.deepEqual(c, {
    listeners: [
      { transport: 'udp', host: '0.0.0.0', port: 5514, project: 'devices' },
      { transport: 'tcp', host: '::1', port: 6514, project: 'servers' },
    ],
    tls: null,
    maxMessageBytes: 8192,
  });
  assert.deepEqual(loadConfig({ DEVSMITH_SYSLOG_TCP: '127.0.0.1:0' }).syslog!.listeners, [{ transport: 'tcp', host: '127.0.0.1', port: 0, project: null }]);
  const cases: Array<[Record<string, string>, RegExp]> = [
    [{ DEVSMITH_SYSLOG_UDP: 'localhost' }, /DEVSMITH_SYSLOG_UDP must be host:port/],
    [{ DEVSMITH_SYSLOG_PROJECT: 'devices' }, /DEVSMITH_SYSLOG_PROJECT is set but no syslog listener is/],
    [{ DEVSMITH_SYSLOG_TCP: '0.0.0.0:70000' }, /DEVSMITH_SYSLOG_TCP must be host:port/],
    [{ DEVSMITH_SYSLOG_TLS: '6514' }, /DEVSMITH_SYSLOG_TLS_CERT is required with DEVSMITH_SYSLOG_TLS/],
    [{ DEVSMITH_SYSLOG_TLS: '6514', DEVSMITH_SYSLOG_TLS_CERT: '/nonexistent/cert.pem', DEVSMITH_SYSLOG_TLS_KEY: '/x' }, /DEVSMITH_SYSLOG_TLS_CERT names a file that does not exist/],
    [{ DEVSMITH_SYSLOG_UDP: '514', DEVSMITH_SYSLOG_MAX_MESSAGE_BYTES: '100' }, /DEVSMITH_SYSLOG_MAX_MESSAGE_BYTES must be between 480/],
  ];
  for (const [env, message] of cases) {
    assert.throws(() => loadConfig(env), (err: Error) => err instanceof ConfigError && message.test(err.message), JSON.stringify(env));
  }
});
