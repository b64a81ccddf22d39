/** PostgreSQL migrations, applied in order under an advisory lock and recorded in schema_migrations. */
import type pg from 'pg';
import { MINUTE_OF_TS } from './rollups.js';
import { MESSAGE_TSV } from './text-search.js';
import { APPLY_ERRORS_FUNCTION } from './error-groups-write.js';
import { assertSchemaNotNewer } from '../schema-version.js';

interface Migration {
  version: number;
  name: string;
  sql: string;
}

/** Never edit a shipped migration: add a new one. */
export const MIGRATIONS: Migration[] = [
  {
    version: 1,
    name: 'initial',
    sql: `
      CREATE TABLE users (
        id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        email text NOT NULL,
        name text NOT NULL,
        role text NOT NULL CHECK (role IN ('admin', 'member')),
        password_hash text NOT NULL,
        disabled boolean NOT NULL DEFAULT false,
        created_at bigint NOT NULL
      );
      -- Same rule as SQLite's COLLATE NOCASE: one account per address whatever its case.
      CREATE UNIQUE INDEX users_email ON users (lower(email));
      CREATE TABLE sessions (
        id_hash text PRIMARY KEY,
        user_id integer NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        expires_at bigint NOT NULL
      );
      CREATE INDEX sessions_user ON sessions (user_id);
      CREATE TABLE user_tokens (
        id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        user_id integer NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        name text NOT NULL,
        hash text NOT NULL UNIQUE,
        prefix text NOT NULL,
        created_at bigint NOT NULL,
        last_used_at bigint
      );
      CREATE INDEX user_tokens_user ON user_tokens (user_id);
      CREATE TABLE projects (
        id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        owner_id integer NOT NULL REFERENCES users(id),
        name text NOT NULL,
        slug text NOT NULL,
        description text NOT NULL DEFAULT '',
        repository_url text,
        active boolean NOT NULL DEFAULT true,
        rate_limit_per_minute integer,
        key_hash text NOT NULL,
        key_prefix text NOT NULL,
        created_at bigint NOT NULL,
        updated_at bigint NOT NULL,
        CONSTRAINT projects_owner_slug UNIQUE (owner_id, slug)
      );
      CREATE UNIQUE INDEX projects_key_hash ON projects (key_hash);
      CREATE INDEX projects_slug ON projects (slug);
      CREATE TABLE idempotency (
        project_id integer NOT NULL,
        key text NOT NULL,
        status integer NOT NULL,
        body text NOT NULL,
        created_at bigint NOT NULL,
        PRIMARY KEY (project_id, key)
      );
      CREATE INDEX idempotency_created ON idempotency (created_at);
      -- One partition per UTC day on ts, created on demand by the writer (partitions.ts): retention can
      -- later drop whole days, and time-bounded queries touch only the days they ask for.
      CREATE TABLE logs (
        id bigint GENERATED ALWAYS AS IDENTITY,
        project_id integer NOT NULL,
        ts bigint NOT NULL,
        received_at bigint NOT NULL,
        level smallint NOT NULL,
        service text NOT NULL,
        message text NOT NULL,
        context jsonb NOT NULL,
        environment text,
        version text,
        host text,
        trace_id text,
        span_id text
      ) PARTITION BY RANGE (ts);
      CREATE INDEX logs_project_ts ON logs (project_id, ts DESC, id DESC);
      CREATE INDEX logs_project_service_ts ON logs (project_id, service, ts DESC, id DESC);
      -- getLog, logsAfter (live tail) and maxLogId go by id; appends to it touch only the rightmost page.
      CREATE INDEX logs_id ON logs (id);
      CREATE INDEX logs_message_tsv ON logs USING gin (${MESSAGE_TSV});
    `,
  },
  {
    version: 2,
    name: 'log_minutes',
    sql: `
      -- Per-minute counts by project, service and level, upserted with the rows (rollups.ts): histograms,
      -- counts over time ranges, services and project stats read these instead of millions of rows.
      CREATE TABLE log_minutes (
        project_id integer NOT NULL,
        minute bigint NOT NULL,
        service text NOT NULL,
        level smallint NOT NULL,
        n bigint NOT NULL,
        last_ts bigint NOT NULL,
        PRIMARY KEY (project_id, minute, service, level)
      );
      INSERT INTO log_minutes (project_id, minute, service, level, n, last_ts)
        SELECT project_id, ${MINUTE_OF_TS}, service, level, count(*), max(ts) FROM logs GROUP BY 1, 2, 3, 4;
    `,
  },
  {
    version: 3,
    name: 'saved_views',
    sql: `
      -- Explorer views saved per user (src/views): a name and the query; private to the user.
      CREATE TABLE saved_views (
        id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        user_id integer NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        name text NOT NULL,
        query jsonb NOT NULL,
        created_at bigint NOT NULL,
        updated_at bigint NOT NULL,
        CONSTRAINT saved_views_user_name UNIQUE (user_id, name)
      );
    `,
  },
  {
    version: 4,
    name: 'error_groups',
    sql: `
      -- Error tracking (issue 12). A WARN/ERROR/FATAL row carries its fingerprint, so a group's events are a
      -- query over logs; rows stored before this version have none (they are not grouped after the fact).
      ALTER TABLE logs ADD COLUMN fingerprint text;
      -- "A group's events newest first", on every day partition, for error rows only.
      CREATE INDEX logs_fingerprint ON logs (project_id, fingerprint, ts DESC, id DESC) WHERE fingerprint IS NOT NULL;
      -- One raw group per (project, fingerprint). A merged one (merged_into set) keeps only its identity: its
      -- counts, hours and tags were folded into the root, and later events of its fingerprint count there.
      CREATE TABLE error_groups (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        project_id integer NOT NULL,
        fingerprint text NOT NULL,
        merged_into bigint,
        title text NOT NULL,
        culprit text NOT NULL,
        type text,
        level smallint NOT NULL,
        first_seen bigint NOT NULL,
        last_seen bigint NOT NULL,
        count bigint NOT NULL,
        status text NOT NULL DEFAULT 'unresolved',
        resolved_at bigint,
        resolved_release text,
        regressed_at bigint,
        ignore_until bigint,
        ignore_count bigint,
        ignore_base bigint,
        assignee_id integer REFERENCES users(id) ON DELETE SET NULL,
        note text NOT NULL DEFAULT '',
        CONSTRAINT error_groups_fingerprint UNIQUE (project_id, fingerprint)
      );
      CREATE INDEX error_groups_roots ON error_groups (project_id, last_seen DESC) WHERE merged_into IS NULL;
      CREATE INDEX error_groups_merged ON error_groups (merged_into) WHERE merged_into IS NOT NULL;
      -- Per root group: events per hour (sparkline, trend) and per tag value (breakdown, releases).
      CREATE TABLE error_hours (
        group_id bigint NOT NULL,
        hour bigint NOT NULL,
        n bigint NOT NULL,
        PRIMARY KEY (group_id, hour)
      );
      CREATE INDEX error_hours_hour ON error_hours (hour, group_id) INCLUDE (n);
      CREATE TABLE error_tags (
        group_id bigint NOT NULL,
        tag text NOT NULL,
        value text NOT NULL,
        n bigint NOT NULL,
        first_seen bigint NOT NULL,
        last_seen bigint NOT NULL,
        PRIMARY KEY (group_id, tag, value)
      );
      ${APPLY_ERRORS_FUNCTION}
    `,
  },
  {
    version: 5,
    name: 'retention',
    sql: `
      -- Days of logs kept per project (src/retention); NULL: the server default (DEVSMITH_RETENTION_DAYS).
      ALTER TABLE projects ADD COLUMN retention_days integer CHECK (retention_days BETWEEN 1 AND 3650);
    `,
  },
  {
    version: 6,
    name: 'plans_usage_sampling',
    sql: `
      -- Plans (src/quotas): a daily log quota and a rate limit per minute, NULL meaning unlimited / server default.
      CREATE TABLE plans (
        id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        slug text NOT NULL UNIQUE,
        name text NOT NULL,
        daily_quota bigint,
        rate_limit_per_minute integer,
        created_at bigint NOT NULL,
        updated_at bigint NOT NULL
      );
      INSERT INTO plans (slug, name, daily_quota, rate_limit_per_minute, created_at, updated_at)
        SELECT s, n, q, r, t, t FROM (VALUES ('free', 'Free', 1000, 60, 1), ('pro', 'Pro', 100000, 600, 2), ('enterprise', 'Enterprise', NULL, NULL, 3))
          AS v(s, n, q, r, o), (SELECT (extract(epoch FROM now()) * 1000)::bigint AS t) AS c ORDER BY o;
      -- Beside projects rather than in it: a project without a row follows the server's default plan, unsampled.
      CREATE TABLE project_quotas (
        project_id integer PRIMARY KEY REFERENCES projects(id) ON DELETE CASCADE,
        plan_id integer REFERENCES plans(id),
        sampling jsonb
      );
      -- Per project, UTC day (epoch ms / 86400000) and level, written in the same statement as the logs.
      CREATE TABLE project_usage (
        project_id integer NOT NULL,
        day integer NOT NULL,
        level smallint NOT NULL,
        accepted bigint NOT NULL DEFAULT 0,
        sampled_out bigint NOT NULL DEFAULT 0,
        refused bigint NOT NULL DEFAULT 0,
        PRIMARY KEY (project_id, day, level)
      );
    `,
  },
  {
    version: 7,
    name: 'archives',
    sql: `
      -- Days of a project archived to object storage (src/archive): one row per (project, UTC day).
      CREATE TABLE archives (
        project_id integer NOT NULL,
        day text NOT NULL,
        status text NOT NULL CHECK (status IN ('pending', 'running', 'archived', 'failed')),
        object_key text NOT NULL,
        log_count bigint,
        bytes bigint,
        sha256 text,
        error text,
        requested_at bigint NOT NULL,
        archived_at bigint,
        restored_at bigint,
        restored_count bigint,
        PRIMARY KEY (project_id, day)
      );
      CREATE INDEX archives_status ON archives (status);
    `,
  },
  {
    version: 8,
    name: 'perf_aggregates',
    sql: `
      -- Performance aggregates (src/perf): per project, minute (epoch ms / 60000) or hour (/ 3600000) and series
      -- (service, kind, route or operation, method, version, environment; '' for none): count, errors, total and
      -- max ms and a latency sketch (jsonb bucket key -> count, src/perf/sketch.ts), summed in the upsert.
      CREATE TABLE perf_minutes (
        project_id integer NOT NULL,
        minute bigint NOT NULL,
        service text NOT NULL,
        kind text NOT NULL,
        route text NOT NULL,
        method text NOT NULL,
        version text NOT NULL,
        environment text NOT NULL,
        n bigint NOT NULL,
        errors bigint NOT NULL,
        sum_ms double precision NOT NULL,
        max_ms double precision NOT NULL,
        sketch jsonb NOT NULL,
        PRIMARY KEY (project_id, minute, service, kind, route, method, version, environment)
      );
      CREATE TABLE perf_hours (
        project_id integer NOT NULL,
        hour bigint NOT NULL,
        service text NOT NULL,
        kind text NOT NULL,
        route text NOT NULL,
        method text NOT NULL,
        version text NOT NULL,
        environment text NOT NULL,
        n bigint NOT NULL,
        errors bigint NOT NULL,
        sum_ms double precision NOT NULL,
        max_ms double precision NOT NULL,
        sketch jsonb NOT NULL,
        PRIMARY KEY (project_id, hour, service, kind, route, method, version, environment)
      );
      -- Two sketches merged: the sum of their counts per bucket key.
      CREATE FUNCTION devsmith_sketch_merge(a jsonb, b jsonb) RETURNS jsonb LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
        SELECT COALESCE(jsonb_object_agg(k, c), '{}'::jsonb) FROM (
          SELECT k, SUM(c) AS c FROM (
            SELECT key AS k, value::numeric AS c FROM jsonb_each_text(a)
            UNION ALL SELECT key, value::numeric FROM jsonb_each_text(b)
          ) x GROUP BY k
        ) y
      $$;
      ALTER TABLE projects ADD COLUMN apdex_threshold_ms integer CHECK (apdex_threshold_ms BETWEEN 1 AND 600000);
    `,
  },
  {
    version: 9,
    name: 'alerts',
    sql: `
      -- Alerting (issue 15, src/alerts): channels, rules with per-group state, events and the delivery log.
      CREATE TABLE alert_channels (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        project_id integer NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
        name text NOT NULL,
        type text NOT NULL CHECK (type IN ('webhook', 'slack', 'email')),
        config jsonb NOT NULL,
        secret text,
        enabled boolean NOT NULL DEFAULT true,
        created_at bigint NOT NULL,
        updated_at bigint NOT NULL
      );
      CREATE INDEX alert_channels_project ON alert_channels(project_id);
      CREATE TABLE alert_rules (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        project_id integer NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
        name text NOT NULL,
        severity text NOT NULL CHECK (severity IN ('info', 'warning', 'critical')),
        interval_s integer NOT NULL,
        for_s integer NOT NULL,
        reminder_s integer NOT NULL,
        channel_ids jsonb NOT NULL,
        condition jsonb NOT NULL,
        enabled boolean NOT NULL DEFAULT true,
        muted_until bigint,
        next_run_at bigint NOT NULL,
        last_evaluated_at bigint,
        created_at bigint NOT NULL,
        updated_at bigint NOT NULL
      );
      CREATE INDEX alert_rules_project ON alert_rules(project_id);
      CREATE INDEX alert_rules_due ON alert_rules(next_run_at) WHERE enabled;
      CREATE TABLE alert_rule_state (
        rule_id bigint NOT NULL REFERENCES alert_rules(id) ON DELETE CASCADE,
        group_key text NOT NULL,
        state text NOT NULL CHECK (state IN ('ok', 'pending', 'firing')),
        since bigint NOT NULL,
        pending_since bigint,
        last_value double precision,
        last_notified_at bigint,
        PRIMARY KEY (rule_id, group_key)
      );
      -- Events outlive their rule (history): rule_id is not a foreign key, the rule's name is copied.
      CREATE TABLE alert_events (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        rule_id bigint NOT NULL,
        rule_name text NOT NULL,
        project_id integer NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
        group_key text,
        kind text NOT NULL CHECK (kind IN ('firing', 'resolved', 'reminder')),
        severity text NOT NULL,
        at bigint NOT NULL,
        value double precision,
        threshold double precision,
        summary text NOT NULL,
        logs_url text NOT NULL,
        sample jsonb NOT NULL
      );
      CREATE INDEX alert_events_project ON alert_events(project_id, id);
      CREATE INDEX alert_events_rule ON alert_events(rule_id, id);
      CREATE INDEX alert_events_at ON alert_events(at);
      CREATE TABLE alert_deliveries (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        event_id bigint REFERENCES alert_events(id) ON DELETE CASCADE,
        channel_id bigint NOT NULL REFERENCES alert_channels(id) ON DELETE CASCADE,
        test boolean NOT NULL DEFAULT false,
        status text NOT NULL CHECK (status IN ('pending', 'sent', 'failed', 'retrying')),
        attempts integer NOT NULL DEFAULT 0,
        last_status_code integer,
        last_error text,
        next_attempt_at bigint,
        sent_at bigint,
        claimed_at bigint,
        claimed_by text,
        updated_at bigint NOT NULL,
        UNIQUE (event_id, channel_id)
      );
      CREATE INDEX alert_deliveries_due ON alert_deliveries(next_attempt_at) WHERE status IN ('pending', 'retrying');
      CREATE INDEX alert_deliveries_channel ON alert_deliveries(channel_id, id);
    `,
  },
  {
    version: 10,
    name: 'insight_patterns',
    sql: `
      -- Project patterns (src/insights/patterns/upkeep.ts): see the SQLite migration 10.
      CREATE TABLE insight_patterns (
        project_id integer NOT NULL,
        cluster_id text NOT NULL,
        template text NOT NULL,
        n bigint NOT NULL,
        first_seen bigint NOT NULL,
        last_seen bigint NOT NULL,
        levels jsonb NOT NULL,
        services jsonb NOT NULL,
        example_ids jsonb NOT NULL,
        PRIMARY KEY (project_id, cluster_id)
      );
      CREATE INDEX insight_patterns_count ON insight_patterns (project_id, n DESC);
      CREATE TABLE insight_pattern_hours (
        project_id integer NOT NULL,
        hour bigint NOT NULL,
        cluster_id text NOT NULL,
        n bigint NOT NULL,
        PRIMARY KEY (project_id, hour, cluster_id)
      );
      CREATE TABLE insight_pattern_progress (
        id integer PRIMARY KEY CHECK (id = 1),
        last_log_id bigint NOT NULL,
        state text
      );
      INSERT INTO insight_pattern_progress (id, last_log_id, state) VALUES (1, 0, NULL);
    `,
  },
  {
    version: 11,
    name: 'insight_answers',
    sql: `
      -- AI answers (src/insights/ai), kept with the evidence they were built from.
      CREATE TABLE insight_answers (
        id bigserial PRIMARY KEY,
        project_id integer NOT NULL,
        user_id integer,
        kind text NOT NULL CHECK (kind IN ('explain', 'summary')),
        target jsonb NOT NULL,
        model text NOT NULL,
        provider text NOT NULL,
        created_at bigint NOT NULL,
        took_ms integer NOT NULL,
        text text NOT NULL,
        sections jsonb,
        evidence jsonb NOT NULL,
        prompt_chars integer NOT NULL,
        scrubbed integer NOT NULL
      );
      CREATE INDEX insight_answers_project ON insight_answers(project_id, id);
      -- Whether this project's logs may go to an external AI provider (off by default: nothing leaves the machine).
      ALTER TABLE projects ADD COLUMN ai_external_allowed boolean NOT NULL DEFAULT false;
    `,
  },
  {
    version: 12,
    name: 'perf_sketch_merge_fast',
    sql: `
      -- The performance upserts (src/store/postgres/perf.ts) merge every commit's small delta sketch into the
      -- current minute's and hour's large one, while those hot rows are locked. The merge of migration 8 split
      -- both into rows, grouped and re-aggregated them (~0.8 ms per row on a ~200-key hour sketch); this one
      -- only walks the delta's keys and overwrites them in the stored sketch (same result: a sum per key).
      CREATE OR REPLACE FUNCTION devsmith_sketch_merge(a jsonb, b jsonb) RETURNS jsonb LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
        SELECT a || COALESCE(jsonb_object_agg(key, COALESCE((a ->> key)::numeric, 0) + value::numeric), '{}'::jsonb)
        FROM jsonb_each_text(b)
      $$;
      -- A sketch of a few hundred keys is compressed on every update: lz4 costs a fraction of pglz. Servers
      -- built without lz4 (or before PostgreSQL 14) keep pglz; values already stored stay readable either way.
      DO $do$ BEGIN
        ALTER TABLE perf_minutes ALTER COLUMN sketch SET COMPRESSION lz4;
        ALTER TABLE perf_hours ALTER COLUMN sketch SET COMPRESSION lz4;
      EXCEPTION WHEN OTHERS THEN NULL;
      END $do$;
    `,
  },
  {
    version: 13,
    name: 'perf_sketch_arrays',
    sql: `
      -- Sketches as bigint[] whose subscripts are the bucket keys ('[70:74]={3,NULL,1,2,5}'; the zero bucket at
      -- subscript -173, below every key of a duration >= 1 µs: src/perf/sketch-array.ts). A commit's
      -- delta is added in place, key by key, with no object rebuilt and re-sorted: the upserts of a 2,000-row
      -- commit were ~10 µs of server CPU per log as jsonb (merge, rebuild, compression of the hot rows).
      CREATE FUNCTION devsmith_sketch_add(a bigint[], b bigint[]) RETURNS bigint[] LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $fn$
      DECLARE i integer;
      BEGIN
        IF a IS NULL OR cardinality(a) = 0 THEN RETURN b; END IF;
        IF b IS NULL OR cardinality(b) = 0 THEN RETURN a; END IF;
        FOR i IN array_lower(b, 1) .. array_upper(b, 1) LOOP
          IF b[i] IS NOT NULL THEN a[i] := COALESCE(a[i], 0) + b[i]; END IF;
        END LOOP;
        RETURN a;
      END $fn$;
      CREATE FUNCTION devsmith_sketch_from_jsonb(s jsonb) RETURNS bigint[] LANGUAGE plpgsql IMMUTABLE AS $fn$
      DECLARE out bigint[] := '{}'; e record;
      BEGIN
        FOR e IN SELECT key, value FROM jsonb_each_text(s) LOOP
          out[CASE WHEN e.key = 'z' THEN -173 ELSE e.key::integer END] := e.value::numeric::bigint;
        END LOOP;
        RETURN out;
      END $fn$;
      ALTER TABLE perf_minutes ALTER COLUMN sketch TYPE bigint[] USING devsmith_sketch_from_jsonb(sketch);
      ALTER TABLE perf_hours ALTER COLUMN sketch TYPE bigint[] USING devsmith_sketch_from_jsonb(sketch);
      DROP FUNCTION devsmith_sketch_from_jsonb(jsonb);
      DROP FUNCTION devsmith_sketch_merge(jsonb, jsonb); -- jsonb sketches are gone
    `,
  },
  {
    version: 14,
    name: 'log_day_compactions',
    sql: `
      -- Days whose partition's time indexes were rebuilt full once the day was over (closed-days.ts). A new
      -- partition for the day, or an archive restored into it, removes its row: the day is rebuilt again.
      CREATE TABLE log_day_compactions (
        day bigint PRIMARY KEY,
        at bigint NOT NULL
      );
    `,
  },
  {
    version: 15,
    name: 'closed_days_rebuilt_full',
    sql: `
      -- Closed days' B-trees are now rebuilt with fillfactor 100, the id index too (closed-days.ts): the days
      -- rebuilt by migration 14's release are rebuilt once more, in the background.
      DELETE FROM log_day_compactions;
    `,
  },
  {
    version: 16,
    name: 'log_blocks',
    sql: `
      -- Days that are over, stored as compressed blocks of up to 256 logs of a project (log-blocks.ts).
      CREATE TABLE log_blocks (
        block_id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        project_id integer NOT NULL,
        day bigint NOT NULL,
        n integer NOT NULL,
        min_ts bigint NOT NULL,
        max_ts bigint NOT NULL,
        min_id bigint NOT NULL,
        max_id bigint NOT NULL,
        words tsvector NOT NULL,
        ids bigint[] NOT NULL,
        tss bigint[] NOT NULL,
        received_ats bigint[] NOT NULL,
        levels smallint[] NOT NULL,
        services text[] NOT NULL,
        messages text[] NOT NULL,
        contexts jsonb[] NOT NULL,
        environments text[] NOT NULL,
        versions text[] NOT NULL,
        hosts text[] NOT NULL,
        trace_ids text[] NOT NULL,
        span_ids text[] NOT NULL,
        fingerprints text[] NOT NULL
      );
      CREATE INDEX log_blocks_project_time ON log_blocks (project_id, max_ts DESC);
      CREATE INDEX log_blocks_day ON log_blocks (day, project_id);
      CREATE INDEX log_blocks_max_id ON log_blocks (max_id);
      CREATE INDEX log_blocks_words ON log_blocks USING gin (words);
      -- lz4 decompresses several times faster than PostgreSQL's own pglz; servers before 14, or built without it,
      -- keep pglz.
      DO $$ BEGIN
        IF current_setting('server_version_num')::int >= 140000 THEN
          EXECUTE 'ALTER TABLE log_blocks ALTER COLUMN words SET COMPRESSION lz4, ALTER COLUMN ids SET COMPRESSION lz4,
            ALTER COLUMN tss SET COMPRESSION lz4, ALTER COLUMN received_ats SET COMPRESSION lz4,
            ALTER COLUMN services SET COMPRESSION lz4, ALTER COLUMN messages SET COMPRESSION lz4,
            ALTER COLUMN contexts SET COMPRESSION lz4, ALTER COLUMN hosts SET COMPRESSION lz4,
            ALTER COLUMN trace_ids SET COMPRESSION lz4, ALTER COLUMN span_ids SET COMPRESSION lz4,
            ALTER COLUMN fingerprints SET COMPRESSION lz4';
        END IF;
      EXCEPTION WHEN feature_not_supported THEN NULL;
      END $$;
    `,
  },
  {
    version: 17,
    name: 'closed_days_into_blocks',
    sql: `
      -- Closed days are now moved into log_blocks (closed-days.ts): the days whose indexes were rebuilt in
      -- place by migrations 14 and 15's releases are moved too, in the background.
      DELETE FROM log_day_compactions;
      -- An error group's events in blocks: the blocks holding one of its fingerprints.
      CREATE INDEX log_blocks_fingerprints ON log_blocks USING gin (fingerprints);
    `,
  },
];

/** Arbitrary constant: the advisory lock that serialises migrations of instances starting together. */
const MIGRATION_LOCK = 0x64657673; // "devs"

export async function runMigrations(client: pg.ClientBase): Promise<void> {
  await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
  try {
    await client.query(
      'CREATE TABLE IF NOT EXISTS schema_migrations (version integer PRIMARY KEY, name text NOT NULL, applied_at bigint NOT NULL)',
    );
    const { rows } = await client.query<{ version: number }>('SELECT version FROM schema_migrations');
    const applied = new Set(rows.map((r) => r.version));
    assertSchemaNotNewer(applied, MIGRATIONS, 'PostgreSQL database');
    for (const m of MIGRATIONS) {
      if (applied.has(m.version)) continue;
      await client.query('BEGIN');
      try {
        await client.query(m.sql);
        await client.query('INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)', [
          m.version,
          m.name,
          Date.now(),
        ]);
        await client.query('COMMIT');
      } catch (err) {
        await client.query('ROLLBACK').catch(() => {});
        throw err;
      }
    }
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => {});
  }
}
