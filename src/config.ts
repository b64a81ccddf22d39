/**
 * The one configuration schema, parsed once at boot from environment variables (and CLI flags, which the
 * CLI passes in as overrides) over the optional configuration file (src/config-file.ts). Nothing else in the
 * code reads `process.env`.
 */
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { ConfigError } from './config-error.js';
import { packageRoot } from './package-paths.js';
import { withConfigFile } from './config-file.js';
import { aiConfig, type AiConfig } from './config-ai.js';
import { notifySettings, type NotifySettings } from './alerts/channels/settings.js';

export interface Config {
  host: string;
  port: number;
  dataDir: string;
  databaseUrl: string | null;
  redisUrl: string | null;
  logLevel: 'trace' | 'debug' | 'info' | 'warn' | 'error' | 'fatal' | 'silent';
  webDir: string;
  cookieSecure: 'auto' | boolean;
  sessionTtlHours: number;
  limits: {
    bodyBytes: number;
    entriesPerBatch: number;
    entryBytes: number;
    messageBytes: number;
    contextDepth: number;
    futureSkewMs: number;
    /** Older event times are stored at receive time (src/ingest/timestamps.ts, acceptedWindow). */
    maxPastAgeMs: number;
  };
  rateLimitPerMinute: number;
  /** Slug of the plan of projects without one (src/quotas); `enterprise` (unlimited) unless configured. */
  defaultPlan: string;
  loginAttemptsPer15Min: number;
  /** Memory request bodies in flight may hold (compressed bytes + 6x their text) before new ones get 503. */
  maxInflightBodyBytes: number;
  /** Compressed request bodies that inflate at once (16 more per slot may wait; past that 503). */
  inflateConcurrency: number;
  /** Max rows waiting for the writer before ingestion answers 503. */
  writeQueueMaxRows: number;
  /** Group WARN/ERROR/FATAL logs into error groups at ingest (docs/errors.md); off stores them ungrouped. */
  errorGrouping: boolean;
  /** DEVSMITH_PATTERNS: the project patterns job (src/insights/patterns/upkeep.ts) runs. */
  patterns: boolean;
  /** DEVSMITH_PATTERNS_FULL_RATE: logs/s of backlog the patterns job mines in full before it samples (0: never samples). */
  patternsFullRate: number;
  /** DEVSMITH_PATTERNS_CPU_PERCENT: share of one core the patterns job may use before it samples (0: no bound). */
  patternsCpuPercent: number;
  /** DEVSMITH_PERF_AGGREGATION: request and operation logs feed the performance aggregates (src/perf). */
  perfAggregation: boolean;
  /** SQLite `synchronous` setting: NORMAL survives process crashes, FULL survives power loss too. */
  sqliteSynchronous: 'NORMAL' | 'FULL';
  /** DEVSMITH_SQLITE_COLD_AFTER_HOURS: logs older than this are compressed in blocks on SQLite (0: never). */
  sqliteColdAfterHours: number;
  /** DEVSMITH_PG_COLD_AFTER_HOURS: a day over for this long is moved into blocks on PostgreSQL (0: never). */
  pgColdAfterHours: number;
  shutdownTimeoutMs: number;
  /** Slow or silent clients are cut off: see the README's configuration table. */
  timeouts: { headersMs: number; requestMs: number; keepAliveMs: number };
  /** Days of logs kept for a project without its own retention_days (src/retention). */
  retentionDays: number;
  /** How often the retention job runs; 0: never (an operator runs it some other way). */
  retentionIntervalMs: number;
  /** Fastify's trustProxy: whose X-Forwarded-For / X-Forwarded-Proto to believe (false: nobody's). */
  trustProxy: TrustProxy;
  /** Object storage for archived days (docs/archive.md); null when DEVSMITH_ARCHIVE_S3_BUCKET is unset. */
  archive: ArchiveConfig | null;
  /** The syslog receiver (src/protocols/syslog); null unless a DEVSMITH_SYSLOG_UDP/TCP/TLS address is set. */
  syslog: SyslogConfig | null;
  /** Alert delivery (src/alerts/channels): SMTP, SSRF policy, send timeout. */
  alertsNotify: NotifySettings;
  /** Alert evaluation (src/alerts, docs/alerts.md). */
  alerts: AlertsConfig;
  /** AI providers of the insights (src/insights/ai, docs/insights-ai.md). */
  ai: AiConfig;
}

export interface AlertsConfig {
  /** DEVSMITH_ALERTS: the scheduler evaluates rules in this process. */
  enabled: boolean;
  /** DEVSMITH_ALERTS_TICK_MS: how often the scheduler looks for rules that are due. */
  tickMs: number;
  /** DEVSMITH_PUBLIC_URL: the dashboard's address, for links in alerts (no trailing slash). */
  publicUrl: string;
}

export interface SyslogListenerConfig {
  transport: 'udp' | 'tcp' | 'tls';
  host: string;
  port: number;
  /** Slug of the project for messages that carry no key; null: such messages are dropped (counted). */
  project: string | null;
}

export interface SyslogConfig {
  listeners: SyslogListenerConfig[];
  /** PEM files, read at start; set when a TLS listener is. */
  tls: { certFile: string; keyFile: string } | null;
  /** Longer messages are cut to this and kept, marked truncated. */
  maxMessageBytes: number;
}

export interface ArchiveConfig {
  bucket: string;
  /** Objects go under this key prefix ('' or ending in '/'). */
  prefix: string;
  region: string;
  /** MinIO, R2, GCS interoperability...; null: AWS S3 itself. */
  endpoint: string | null;
  forcePathStyle: boolean;
  /** Null: the AWS SDK's default chain (AWS_* variables, shared files, instance role). */
  credentials: { accessKeyId: string; secretAccessKey: string; sessionToken?: string } | null;
  /** Retention archives a day before deleting it, and skips the deletion when the archive fails. */
  onExpiry: boolean;
}

export type TrustProxy = boolean | string[];

export { ConfigError };

type Env = Record<string, string | undefined>;

function int(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw.trim())) throw new ConfigError(name, `must be a whole number, got "${raw}"`);
  const value = Number(raw);
  if (value < min || value > max) throw new ConfigError(name, `must be between ${min} and ${max}, got ${value}`);
  return value;
}

function oneOf<T extends string>(env: Env, name: string, fallback: T, allowed: readonly T[]): T {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = raw.trim() as T;
  if (!allowed.includes(value)) throw new ConfigError(name, `must be one of ${allowed.join(', ')}, got "${raw}"`);
  return value;
}

function url(env: Env, name: string, protocols: string[]): string | null {
  const raw = env[name];
  if (raw === undefined || raw === '') return null;
  let parsed: URL;
  try {
    parsed = new URL(raw);
  } catch {
    throw new ConfigError(name, 'is not a valid URL');
  }
  if (!protocols.includes(parsed.protocol)) {
    throw new ConfigError(name, `must start with ${protocols.map((p) => `${p}//`).join(' or ')}`);
  }
  return raw;
}

const MiB = 1024 * 1024;

/** Parses the configuration; throws ConfigError naming the bad variable. */
export function loadConfig(processEnv: Env = process.env, packageRoot = defaultPackageRoot()): Config {
  const env = withConfigFile(processEnv);
  const cookieSecureRaw = oneOf(env, 'DEVSMITH_COOKIE_SECURE', 'auto', ['auto', 'true', 'false'] as const);
  return {
    host: env.HOST?.trim() || '0.0.0.0',
    port: int(env, 'PORT', 3000, 0, 65535),
    dataDir: path.resolve(env.DEVSMITH_DATA_DIR?.trim() || './data'),
    databaseUrl: url(env, 'DATABASE_URL', ['postgres:', 'postgresql:']),
    redisUrl: url(env, 'REDIS_URL', ['redis:', 'rediss:']),
    logLevel: oneOf(env, 'LOG_LEVEL', 'info', ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'] as const),
    webDir: path.resolve(env.DEVSMITH_WEB_DIR?.trim() || path.join(packageRoot, 'dist', 'web')),
    cookieSecure: cookieSecureRaw === 'auto' ? 'auto' : cookieSecureRaw === 'true',
    sessionTtlHours: int(env, 'DEVSMITH_SESSION_TTL_HOURS', 24 * 7, 1, 24 * 365),
    limits: {
      bodyBytes: int(env, 'DEVSMITH_MAX_BODY_BYTES', 10 * MiB, 1024, 1024 * MiB),
      entriesPerBatch: int(env, 'DEVSMITH_MAX_BATCH_ENTRIES', 10_000, 1, 1_000_000),
      entryBytes: int(env, 'DEVSMITH_MAX_ENTRY_BYTES', 256 * 1024, 1024, 64 * MiB),
      messageBytes: int(env, 'DEVSMITH_MAX_MESSAGE_BYTES', 64 * 1024, 128, 64 * MiB),
      contextDepth: int(env, 'DEVSMITH_MAX_CONTEXT_DEPTH', 20, 1, 1000),
      futureSkewMs: int(env, 'DEVSMITH_MAX_FUTURE_SKEW_SECONDS', 3600, 0, 86_400 * 365) * 1000,
      maxPastAgeMs: int(env, 'DEVSMITH_MAX_PAST_AGE_DAYS', 30, 1, 3650) * 86_400_000,
    },
    rateLimitPerMinute: int(env, 'DEVSMITH_RATE_LIMIT_PER_MINUTE', 1000, 1, 100_000_000),
    defaultPlan: env.DEVSMITH_DEFAULT_PLAN?.trim().toLowerCase() || 'enterprise',
    loginAttemptsPer15Min: int(env, 'DEVSMITH_LOGIN_ATTEMPTS_PER_15MIN', 10, 1, 1_000_000),
    maxInflightBodyBytes: int(env, 'DEVSMITH_MAX_INFLIGHT_BODY_BYTES', 128 * MiB, MiB, 64 * 1024 * MiB),
    inflateConcurrency: int(env, 'DEVSMITH_INFLATE_CONCURRENCY', 2 * os.availableParallelism(), 1, 1024),
    writeQueueMaxRows: int(env, 'DEVSMITH_WRITE_QUEUE_MAX_ROWS', 200_000, 100, 100_000_000),
    errorGrouping: oneOf(env, 'DEVSMITH_ERROR_GROUPING', 'on', ['on', 'off'] as const) === 'on',
    patterns: oneOf(env, 'DEVSMITH_PATTERNS', 'on', ['on', 'off'] as const) === 'on',
    patternsFullRate: int(env, 'DEVSMITH_PATTERNS_FULL_RATE', 5_000, 0, 100_000_000),
    patternsCpuPercent: int(env, 'DEVSMITH_PATTERNS_CPU_PERCENT', 5, 0, 100),
    perfAggregation: oneOf(env, 'DEVSMITH_PERF_AGGREGATION', 'on', ['on', 'off'] as const) === 'on',
    sqliteSynchronous: oneOf(env, 'DEVSMITH_SQLITE_SYNCHRONOUS', 'NORMAL', ['NORMAL', 'FULL'] as const),
    sqliteColdAfterHours: int(env, 'DEVSMITH_SQLITE_COLD_AFTER_HOURS', 24, 0, 87_600),
    pgColdAfterHours: int(env, 'DEVSMITH_PG_COLD_AFTER_HOURS', 24, 0, 87_600),
    shutdownTimeoutMs: int(env, 'DEVSMITH_SHUTDOWN_TIMEOUT_SECONDS', 10, 1, 600) * 1000,
    timeouts: timeouts(env),
    trustProxy: trustProxy(env, 'DEVSMITH_TRUST_PROXY'),
    retentionDays: int(env, 'DEVSMITH_RETENTION_DAYS', 30, 1, 3650),
    retentionIntervalMs: int(env, 'DEVSMITH_RETENTION_INTERVAL_MINUTES', 60, 0, 7 * 1440) * 60_000,
    archive: archiveConfig(env),
    syslog: syslogConfig(env),
    alertsNotify: notifySettings(env),
    alerts: alertsConfig(env),
    ai: aiConfig(env, packageRoot),
  };
}

function alertsConfig(env: Env): AlertsConfig {
  const port = int(env, 'PORT', 3000, 0, 65535);
  const publicUrl = url(env, 'DEVSMITH_PUBLIC_URL', ['http:', 'https:']) ?? `http://localhost:${port}`;
  return {
    enabled: oneOf(env, 'DEVSMITH_ALERTS', 'on', ['on', 'off'] as const) === 'on',
    tickMs: int(env, 'DEVSMITH_ALERTS_TICK_MS', 5000, 10, 3_600_000),
    publicUrl: publicUrl.replace(/\/+$/, ''),
  };
}

function archiveConfig(env: Env): ArchiveConfig | null {
  const bucket = env.DEVSMITH_ARCHIVE_S3_BUCKET?.trim();
  const onExpiry = oneOf(env, 'DEVSMITH_ARCHIVE_ON_EXPIRY', 'false', ['true', 'false'] as const) === 'true';
  if (!bucket) {
    if (onExpiry) throw new ConfigError('DEVSMITH_ARCHIVE_ON_EXPIRY', 'needs DEVSMITH_ARCHIVE_S3_BUCKET: there is nowhere to archive to');
    return null;
  }
  let prefix = env.DEVSMITH_ARCHIVE_S3_PREFIX?.trim() ?? 'devsmith/';
  if (prefix.startsWith('/')) throw new ConfigError('DEVSMITH_ARCHIVE_S3_PREFIX', 'must not start with "/"');
  if (prefix && !prefix.endsWith('/')) prefix += '/';
  const accessKeyId = env.DEVSMITH_ARCHIVE_S3_ACCESS_KEY_ID?.trim();
  const secretAccessKey = env.DEVSMITH_ARCHIVE_S3_SECRET_ACCESS_KEY?.trim();
  if (!accessKeyId !== !secretAccessKey) {
    throw new ConfigError(accessKeyId ? 'DEVSMITH_ARCHIVE_S3_SECRET_ACCESS_KEY' : 'DEVSMITH_ARCHIVE_S3_ACCESS_KEY_ID', 'must be set together with its pair (or neither, for the AWS default chain)');
  }
  const sessionToken = env.DEVSMITH_ARCHIVE_S3_SESSION_TOKEN?.trim() || undefined;
  return {
    bucket,
    prefix,
    region: env.DEVSMITH_ARCHIVE_S3_REGION?.trim() || 'us-east-1',
    endpoint: url(env, 'DEVSMITH_ARCHIVE_S3_ENDPOINT', ['http:', 'https:']),
    forcePathStyle: oneOf(env, 'DEVSMITH_ARCHIVE_S3_FORCE_PATH_STYLE', 'false', ['true', 'false'] as const) === 'true',
    credentials: accessKeyId && secretAccessKey ? { accessKeyId, secretAccessKey, ...(sessionToken ? { sessionToken } : {}) } : null,
    onExpiry,
  };
}

/** `host:port`, `[v6]:port` or a bare port (all addresses). */
function listenAddress(env: Env, name: string): { host: string; port: number } | null {
  const raw = env[name]?.trim();
  if (!raw) return null;
  const m = /^(?:\[([0-9a-fA-F:.]+)\]|([^:\s]*)):(\d{1,5})$/.exec(raw) ?? /^()()(\d{1,5})$/.exec(raw);
  const port = m ? Number(m[3]) : NaN;
  if (!m || port > 65535) throw new ConfigError(name, `must be host:port (0.0.0.0:5514, [::]:5514) or a port, got "${raw}"`);
  return { host: m[1] || m[2] || '0.0.0.0', port };
}

function syslogConfig(env: Env): SyslogConfig | null {
  const fallback = env.DEVSMITH_SYSLOG_PROJECT?.trim() || null;
  const listeners: SyslogListenerConfig[] = [];
  for (const transport of ['udp', 'tcp', 'tls'] as const) {
    const name = `DEVSMITH_SYSLOG_${transport.toUpperCase()}`;
    const address = listenAddress(env, name);
    if (address) listeners.push({ transport, ...address, project: env[`${name}_PROJECT`]?.trim() || fallback });
  }
  if (!listeners.length) {
    const orphan = ['DEVSMITH_SYSLOG_PROJECT', 'DEVSMITH_SYSLOG_TLS_CERT', 'DEVSMITH_SYSLOG_UDP_PROJECT', 'DEVSMITH_SYSLOG_TCP_PROJECT', 'DEVSMITH_SYSLOG_TLS_PROJECT'].find((n) => env[n]?.trim());
    if (orphan) throw new ConfigError(orphan, 'is set but no syslog listener is: set DEVSMITH_SYSLOG_UDP, _TCP or _TLS (host:port)');
    return null;
  }
  let tls: SyslogConfig['tls'] = null;
  if (listeners.some((l) => l.transport === 'tls')) {
    const files = ['DEVSMITH_SYSLOG_TLS_CERT', 'DEVSMITH_SYSLOG_TLS_KEY'].map((n) => {
      const file = env[n]?.trim();
      if (!file) throw new ConfigError(n, 'is required with DEVSMITH_SYSLOG_TLS (a PEM file)');
      if (!fs.existsSync(file)) throw new ConfigError(n, `names a file that does not exist: ${file}`);
      return path.resolve(file);
    });
    tls = { certFile: files[0]!, keyFile: files[1]! };
  }
  return { listeners, tls, maxMessageBytes: int(env, 'DEVSMITH_SYSLOG_MAX_MESSAGE_BYTES', 64 * 1024, 480, 16 * MiB) };
}

function timeouts(env: Env): Config['timeouts'] {
  const headersMs = int(env, 'DEVSMITH_HEADERS_TIMEOUT_SECONDS', 10, 1, 3600) * 1000;
  const requestMs = int(env, 'DEVSMITH_REQUEST_TIMEOUT_SECONDS', 60, 1, 86_400) * 1000;
  // Node refuses a header timeout longer than the whole-request timeout.
  if (headersMs > requestMs) throw new ConfigError('DEVSMITH_HEADERS_TIMEOUT_SECONDS', 'must not exceed DEVSMITH_REQUEST_TIMEOUT_SECONDS');
  return { headersMs, requestMs, keepAliveMs: int(env, 'DEVSMITH_KEEP_ALIVE_TIMEOUT_SECONDS', 65, 1, 3600) * 1000 };
}

/** `true`/`false`, or a comma list of addresses, CIDR ranges and proxy-addr's named ranges. */
function trustProxy(env: Env, name: string): TrustProxy {
  const raw = env[name]?.trim();
  if (raw === undefined || raw === '' || raw === 'false') return false;
  if (raw === 'true') return true;
  // Fastify 5 ignores a hop count (it cannot tell a proxy from a client that sends the header itself).
  if (/^\d+$/.test(raw)) throw new ConfigError(name, `takes the proxies' addresses (say 10.0.0.0/8), not a hop count: got "${raw}"`);
  const list = raw.split(',').map((s) => s.trim());
  const bad = list.find((entry) => !isAddressOrRange(entry));
  if (bad !== undefined) {
    throw new ConfigError(name, `must be true, false or a comma list of IP addresses or CIDR ranges, got "${bad}"`);
  }
  return list;
}

function isAddressOrRange(entry: string): boolean {
  if (['loopback', 'linklocal', 'uniquelocal'].includes(entry)) return true;
  const [address, bits, ...rest] = entry.split('/');
  const family = net.isIP(address ?? '');
  if (family === 0 || rest.length > 0) return false;
  if (bits === undefined) return true;
  return /^\d{1,3}$/.test(bits) && Number(bits) <= (family === 4 ? 32 : 128);
}

function defaultPackageRoot(): string {
  return packageRoot();
}
