/** SQLite migrations, applied in order and recorded in schema_migrations. Never edit a shipped one. */
export const MIGRATIONS: Array<{ version: number; name: string; sql: string }> = [
  {
    version: 1,
    name: 'initial',
    sql: `
      CREATE TABLE users (
        id INTEGER PRIMARY KEY,
        email TEXT NOT NULL UNIQUE COLLATE NOCASE,
        name TEXT NOT NULL,
        role TEXT NOT NULL CHECK (role IN ('admin', 'member')),
        password_hash TEXT NOT NULL,
        disabled INTEGER NOT NULL DEFAULT 0,
        created_at INTEGER NOT NULL
      );
      CREATE TABLE sessions (
        id_hash TEXT PRIMARY KEY,
        user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        expires_at INTEGER NOT NULL
      ) WITHOUT ROWID;
      CREATE INDEX sessions_user ON sessions(user_id);
      CREATE TABLE user_tokens (
        id INTEGER PRIMARY KEY,
        user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        name TEXT NOT NULL,
        hash TEXT NOT NULL UNIQUE,
        prefix TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        last_used_at INTEGER
      );
      CREATE TABLE projects (
        id INTEGER PRIMARY KEY,
        owner_id INTEGER NOT NULL REFERENCES users(id),
        name TEXT NOT NULL,
        slug TEXT NOT NULL,
        description TEXT NOT NULL DEFAULT '',
        repository_url TEXT,
        active INTEGER NOT NULL DEFAULT 1,
        rate_limit_per_minute INTEGER,
        key_hash TEXT NOT NULL UNIQUE,
        key_prefix TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL,
        UNIQUE (owner_id, slug)
      );
      CREATE INDEX projects_slug ON projects(slug);
      -- Log ids are rowids: arrival order, and the cheapest possible primary key for appends.
      CREATE TABLE logs (
        id INTEGER PRIMARY KEY,
        project_id INTEGER NOT NULL,
        ts INTEGER NOT NULL,
        received_at INTEGER NOT NULL,
        level INTEGER NOT NULL,
        service TEXT NOT NULL,
        message TEXT NOT NULL,
        context TEXT NOT NULL,
        environment TEXT,
        version TEXT,
        host TEXT,
        trace_id TEXT,
        span_id TEXT
      );
      -- Two indexes only: every dashboard query starts from a project (and often a service) and a time range.
      CREATE INDEX logs_project_ts ON logs(project_id, ts);
      CREATE INDEX logs_project_service_ts ON logs(project_id, service, ts);
      -- External-content FTS index, filled asynchronously in large chunks by the writer (see fts-indexer.ts).
      CREATE VIRTUAL TABLE logs_fts USING fts5(message, content='logs', content_rowid='id', tokenize='unicode61 remove_diacritics 0');
      CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
      INSERT INTO meta (key, value) VALUES ('fts_indexed_upto', '0');
      CREATE TABLE idempotency (
        project_id INTEGER NOT NULL,
        key TEXT NOT NULL,
        status INTEGER NOT NULL,
        body TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        PRIMARY KEY (project_id, key)
      ) WITHOUT ROWID;
      CREATE INDEX idempotency_created ON idempotency(created_at);
    `,
  },
  {
    version: 2,
    name: 'log_minutes',
    sql: `
      -- Per-minute counts by project, service and level, written with the rows (rollups.ts): histograms,
      -- counts over time ranges and the services list read these instead of scanning millions of rows.
      CREATE TABLE log_minutes (
        project_id INTEGER NOT NULL,
        minute INTEGER NOT NULL,
        service TEXT NOT NULL,
        level INTEGER NOT NULL,
        n INTEGER NOT NULL,
        last_ts INTEGER NOT NULL,
        PRIMARY KEY (project_id, minute, service, level)
      ) WITHOUT ROWID;
      INSERT INTO log_minutes (project_id, minute, service, level, n, last_ts)
        SELECT project_id, CASE WHEN ts >= 0 THEN ts / 60000 ELSE (ts - 59999) / 60000 END AS m, service, level, COUNT(*), MAX(ts)
        FROM logs GROUP BY project_id, m, service, level;
    `,
  },
  {
    version: 3,
    name: 'saved_views',
    sql: `
      -- Explorer views saved per user (src/views): a name and the query as JSON text; private to the user.
      CREATE TABLE saved_views (
        id INTEGER PRIMARY KEY,
        user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        name TEXT NOT NULL,
        query TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL,
        UNIQUE (user_id, name)
      );
    `,
  },
  {
    version: 4,
    name: 'error_groups',
    sql: `
      -- Error tracking (issue 12). A WARN/ERROR/FATAL row carries its fingerprint, so a group's events are a
      -- query over logs; rows stored before this version have none (they are not grouped after the fact).
      ALTER TABLE logs ADD COLUMN fingerprint TEXT;
      -- "A group's events newest first": error rows only, so the index costs nothing for other levels.
      CREATE INDEX logs_fingerprint ON logs(project_id, fingerprint, ts, id) WHERE fingerprint IS NOT NULL;
      -- One raw group per (project, fingerprint). A merged one (merged_into set) keeps only its identity: its
      -- counts, hours and tags were folded into the root, and later events of its fingerprint count there.
      CREATE TABLE error_groups (
        id INTEGER PRIMARY KEY,
        project_id INTEGER NOT NULL,
        fingerprint TEXT NOT NULL,
        merged_into INTEGER,
        title TEXT NOT NULL,
        culprit TEXT NOT NULL,
        type TEXT,
        level INTEGER NOT NULL,
        first_seen INTEGER NOT NULL,
        last_seen INTEGER NOT NULL,
        count INTEGER NOT NULL,
        status TEXT NOT NULL DEFAULT 'unresolved',
        resolved_at INTEGER,
        resolved_release TEXT,
        regressed_at INTEGER,
        ignore_until INTEGER,
        ignore_count INTEGER,
        ignore_base INTEGER,
        assignee_id INTEGER REFERENCES users(id) ON DELETE SET NULL,
        note TEXT NOT NULL DEFAULT '',
        UNIQUE (project_id, fingerprint)
      );
      CREATE INDEX error_groups_roots ON error_groups(project_id, last_seen) WHERE merged_into IS NULL;
      CREATE INDEX error_groups_merged ON error_groups(merged_into) WHERE merged_into IS NOT NULL;
      -- Per root group: events per hour (sparkline, trend) and per tag value (breakdown, releases).
      CREATE TABLE error_hours (
        group_id INTEGER NOT NULL,
        hour INTEGER NOT NULL,
        n INTEGER NOT NULL,
        PRIMARY KEY (group_id, hour)
      ) WITHOUT ROWID;
      CREATE INDEX error_hours_hour ON error_hours(hour, group_id, n);
      CREATE TABLE error_tags (
        group_id INTEGER NOT NULL,
        tag TEXT NOT NULL,
        value TEXT NOT NULL,
        n INTEGER NOT NULL,
        first_seen INTEGER NOT NULL,
        last_seen INTEGER NOT NULL,
        PRIMARY KEY (group_id, tag, value)
      ) WITHOUT ROWID;
    `,
  },
  {
    version: 5,
    name: 'retention',
    sql: `
      -- Days of logs kept per project (src/retention); NULL: the server default (DEVSMITH_RETENTION_DAYS).
      ALTER TABLE projects ADD COLUMN retention_days INTEGER CHECK (retention_days BETWEEN 1 AND 3650);
    `,
  },
  {
    version: 6,
    name: 'plans_usage_sampling',
    sql: `
      -- Plans (src/quotas): a daily log quota and a rate limit per minute, NULL meaning unlimited / server default.
      CREATE TABLE plans (
        id INTEGER PRIMARY KEY,
        slug TEXT NOT NULL UNIQUE,
        name TEXT NOT NULL,
        daily_quota INTEGER,
        rate_limit_per_minute INTEGER,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
      );
      INSERT INTO plans (slug, name, daily_quota, rate_limit_per_minute, created_at, updated_at) VALUES
        ('free', 'Free', 1000, 60, CAST(unixepoch('subsec') * 1000 AS INTEGER), CAST(unixepoch('subsec') * 1000 AS INTEGER)),
        ('pro', 'Pro', 100000, 600, CAST(unixepoch('subsec') * 1000 AS INTEGER), CAST(unixepoch('subsec') * 1000 AS INTEGER)),
        ('enterprise', 'Enterprise', NULL, NULL, CAST(unixepoch('subsec') * 1000 AS INTEGER), CAST(unixepoch('subsec') * 1000 AS INTEGER));
      -- Beside projects rather than in it: a project without a row follows the server's default plan, unsampled.
      CREATE TABLE project_quotas (
        project_id INTEGER PRIMARY KEY REFERENCES projects(id) ON DELETE CASCADE,
        plan_id INTEGER REFERENCES plans(id),
        sampling TEXT
      );
      -- Per project, UTC day (epoch ms / 86400000) and level, written in the same transaction as the logs.
      CREATE TABLE project_usage (
        project_id INTEGER NOT NULL,
        day INTEGER NOT NULL,
        level INTEGER NOT NULL,
        accepted INTEGER NOT NULL DEFAULT 0,
        sampled_out INTEGER NOT NULL DEFAULT 0,
        refused INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (project_id, day, level)
      ) WITHOUT ROWID;
    `,
  },
  {
    version: 7,
    name: 'archives',
    sql: `
      -- Days of a project archived to object storage (src/archive): one row per (project, UTC day).
      CREATE TABLE archives (
        project_id INTEGER NOT NULL,
        day TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('pending', 'running', 'archived', 'failed')),
        object_key TEXT NOT NULL,
        log_count INTEGER,
        bytes INTEGER,
        sha256 TEXT,
        error TEXT,
        requested_at INTEGER NOT NULL,
        archived_at INTEGER,
        restored_at INTEGER,
        restored_count INTEGER,
        PRIMARY KEY (project_id, day)
      ) WITHOUT ROWID;
      CREATE INDEX archives_status ON archives(status);
    `,
  },
  {
    version: 8,
    name: 'perf_aggregates',
    sql: `
      -- Performance aggregates (src/perf): per project, minute (epoch ms / 60000) or hour (/ 3600000) and series
      -- (service, kind, route or operation, method, version, environment; '' for none): count, errors, total and
      -- max ms and a latency sketch (JSON bucket key -> count, src/perf/sketch.ts), summed in the upsert.
      CREATE TABLE perf_minutes (
        project_id INTEGER NOT NULL,
        minute INTEGER NOT NULL,
        service TEXT NOT NULL,
        kind TEXT NOT NULL,
        route TEXT NOT NULL,
        method TEXT NOT NULL,
        version TEXT NOT NULL,
        environment TEXT NOT NULL,
        n INTEGER NOT NULL,
        errors INTEGER NOT NULL,
        sum_ms REAL NOT NULL,
        max_ms REAL NOT NULL,
        sketch TEXT NOT NULL,
        PRIMARY KEY (project_id, minute, service, kind, route, method, version, environment)
      ) WITHOUT ROWID;
      CREATE TABLE perf_hours (
        project_id INTEGER NOT NULL,
        hour INTEGER NOT NULL,
        service TEXT NOT NULL,
        kind TEXT NOT NULL,
        route TEXT NOT NULL,
        method TEXT NOT NULL,
        version TEXT NOT NULL,
        environment TEXT NOT NULL,
        n INTEGER NOT NULL,
        errors INTEGER NOT NULL,
        sum_ms REAL NOT NULL,
        max_ms REAL NOT NULL,
        sketch TEXT NOT NULL,
        PRIMARY KEY (project_id, hour, service, kind, route, method, version, environment)
      ) WITHOUT ROWID;
      ALTER TABLE projects ADD COLUMN apdex_threshold_ms INTEGER CHECK (apdex_threshold_ms BETWEEN 1 AND 600000);
    `,
  },
  {
    version: 9,
    name: 'alerts',
    sql: `
      -- Alerting (issue 15, src/alerts): channels, rules with per-group state, events and the delivery log.
      CREATE TABLE alert_channels (
        id INTEGER PRIMARY KEY,
        project_id INTEGER NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
        name TEXT NOT NULL,
        type TEXT NOT NULL CHECK (type IN ('webhook', 'slack', 'email')),
        config TEXT NOT NULL,
        secret TEXT,
        enabled INTEGER NOT NULL DEFAULT 1,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
      );
      CREATE INDEX alert_channels_project ON alert_channels(project_id);
      CREATE TABLE alert_rules (
        id INTEGER PRIMARY KEY,
        project_id INTEGER NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
        name TEXT NOT NULL,
        severity TEXT NOT NULL CHECK (severity IN ('info', 'warning', 'critical')),
        interval_s INTEGER NOT NULL,
        for_s INTEGER NOT NULL,
        reminder_s INTEGER NOT NULL,
        channel_ids TEXT NOT NULL,
        condition TEXT NOT NULL,
        enabled INTEGER NOT NULL DEFAULT 1,
        muted_until INTEGER,
        next_run_at INTEGER NOT NULL,
        last_evaluated_at INTEGER,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
      );
      CREATE INDEX alert_rules_project ON alert_rules(project_id);
      CREATE INDEX alert_rules_due ON alert_rules(next_run_at) WHERE enabled = 1;
      CREATE TABLE alert_rule_state (
        rule_id INTEGER NOT NULL REFERENCES alert_rules(id) ON DELETE CASCADE,
        group_key TEXT NOT NULL,
        state TEXT NOT NULL CHECK (state IN ('ok', 'pending', 'firing')),
        since INTEGER NOT NULL,
        pending_since INTEGER,
        last_value REAL,
        last_notified_at INTEGER,
        PRIMARY KEY (rule_id, group_key)
      ) WITHOUT ROWID;
      -- Events outlive their rule (history): rule_id is not a foreign key, the rule's name is copied.
      CREATE TABLE alert_events (
        id INTEGER PRIMARY KEY,
        rule_id INTEGER NOT NULL,
        rule_name TEXT NOT NULL,
        project_id INTEGER NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
        group_key TEXT,
        kind TEXT NOT NULL CHECK (kind IN ('firing', 'resolved', 'reminder')),
        severity TEXT NOT NULL,
        at INTEGER NOT NULL,
        value REAL,
        threshold REAL,
        summary TEXT NOT NULL,
        logs_url TEXT NOT NULL,
        sample TEXT NOT NULL
      );
      CREATE INDEX alert_events_project ON alert_events(project_id, id);
      CREATE INDEX alert_events_rule ON alert_events(rule_id, id);
      CREATE INDEX alert_events_at ON alert_events(at);
      CREATE TABLE alert_deliveries (
        id INTEGER PRIMARY KEY,
        event_id INTEGER REFERENCES alert_events(id) ON DELETE CASCADE,
        channel_id INTEGER NOT NULL REFERENCES alert_channels(id) ON DELETE CASCADE,
        test INTEGER NOT NULL DEFAULT 0,
        status TEXT NOT NULL CHECK (status IN ('pending', 'sent', 'failed', 'retrying')),
        attempts INTEGER NOT NULL DEFAULT 0,
        last_status_code INTEGER,
        last_error TEXT,
        next_attempt_at INTEGER,
        sent_at INTEGER,
        claimed_at INTEGER,
        claimed_by TEXT,
        updated_at INTEGER NOT NULL,
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
      -- Project patterns (src/insights/patterns/upkeep.ts): Drain clusters per project with totals, counts per
      -- hour (epoch ms of the hour), and one progress row: the last log id read and the Drain trees (JSON).
      CREATE TABLE insight_patterns (
        project_id INTEGER NOT NULL,
        cluster_id TEXT NOT NULL,
        template TEXT NOT NULL,
        n INTEGER NOT NULL,
        first_seen INTEGER NOT NULL,
        last_seen INTEGER NOT NULL,
        levels TEXT NOT NULL,
        services TEXT NOT NULL,
        example_ids TEXT NOT NULL,
        PRIMARY KEY (project_id, cluster_id)
      ) WITHOUT ROWID;
      CREATE INDEX insight_patterns_count ON insight_patterns(project_id, n DESC);
      CREATE TABLE insight_pattern_hours (
        project_id INTEGER NOT NULL,
        hour INTEGER NOT NULL,
        cluster_id TEXT NOT NULL,
        n INTEGER NOT NULL,
        PRIMARY KEY (project_id, hour, cluster_id)
      ) WITHOUT ROWID;
      CREATE TABLE insight_pattern_progress (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        last_log_id INTEGER NOT NULL,
        state TEXT
      );
      INSERT INTO insight_pattern_progress (id, last_log_id, state) VALUES (1, 0, NULL);
    `,
  },
  {
    version: 11,
    name: 'insight_answers',
    sql: `
      -- AI answers (src/insights/ai), kept with the evidence they were built from; JSON columns as text.
      CREATE TABLE insight_answers (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        project_id INTEGER NOT NULL,
        user_id INTEGER,
        kind TEXT NOT NULL CHECK (kind IN ('explain', 'summary')),
        target TEXT NOT NULL,
        model TEXT NOT NULL,
        provider TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        took_ms INTEGER NOT NULL,
        text TEXT NOT NULL,
        sections TEXT,
        evidence TEXT NOT NULL,
        prompt_chars INTEGER NOT NULL,
        scrubbed INTEGER NOT NULL
      );
      CREATE INDEX insight_answers_project ON insight_answers(project_id, id);
      -- Whether this project's logs may go to an external AI provider (off by default: nothing leaves the machine).
      ALTER TABLE projects ADD COLUMN ai_external_allowed INTEGER NOT NULL DEFAULT 0;
    `,
  },
  {
    version: 12,
    name: 'fts_rowids_only',
    sql: `
      -- The text index keeps which rows hold a word, not where (issue 13, storage): 25 bytes per log instead
      -- of 72 (word positions and per-row sizes dropped), and indexing twice as fast. A phrase is found as
      -- rows holding all its words, then checked against the message (search-sql.ts). The index is rebuilt
      -- here up to the indexer's watermark, once (3.5 s per million logs measured); the indexer goes on from there.
      DROP TABLE logs_fts;
      CREATE VIRTUAL TABLE logs_fts USING fts5(message, content='logs', content_rowid='id', tokenize='unicode61 remove_diacritics 0', detail=none, columnsize=0);
      INSERT INTO logs_fts (rowid, message)
        SELECT id, message FROM logs WHERE id <= (SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'fts_indexed_upto') ORDER BY id;
    `,
  },
  {
    version: 13,
    name: 'log_blocks',
    sql: `
      -- Cold rows (issue 13, storage; cold.ts): the message, context, environment, version and host of old logs,
      -- compressed in blocks of up to 4,096 logs of one project in id order. A cold row's message is X''.
      -- Block ids are never reused (AUTOINCREMENT): readers cache decoded blocks by id.
      CREATE TABLE log_blocks (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        project_id INTEGER NOT NULL,
        first_id INTEGER NOT NULL,
        last_id INTEGER NOT NULL,
        n INTEGER NOT NULL,
        empty_since INTEGER,
        data BLOB NOT NULL
      );
      CREATE INDEX log_blocks_project ON log_blocks(project_id, first_id, last_id);
      INSERT INTO meta (key, value) VALUES ('cold_upto', '0');
    `,
  },
];
