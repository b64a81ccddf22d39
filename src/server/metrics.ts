/** Prometheus metrics (prom-client): logs ingested and rejected by reason, latency, queue depth, store latency. */
import client from 'prom-client';

export class Metrics {
  readonly registry = new client.Registry();
  readonly ingested = new client.Counter({ name: 'devsmith_logs_ingested_total', help: 'Log entries committed', registers: [this.registry] });
  readonly rejected = new client.Counter({
    name: 'devsmith_logs_rejected_total',
    help: 'Log entries or requests refused, by reason',
    labelNames: ['reason'],
    registers: [this.registry],
  });
  readonly requests = new client.Histogram({
    name: 'devsmith_http_request_duration_seconds',
    help: 'HTTP request latency',
    labelNames: ['route', 'method', 'status'],
    buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [this.registry],
  });
  readonly commitSeconds = new client.Histogram({
    name: 'devsmith_store_commit_duration_seconds',
    help: 'Time to validate, queue and commit an ingest request',
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 5],
    registers: [this.registry],
  });
  readonly syslogReceived = new client.Counter({
    name: 'devsmith_syslog_messages_received_total',
    help: 'Syslog messages received, by transport (udp, tcp, tls)',
    labelNames: ['transport'],
    registers: [this.registry],
  });
  readonly syslogDropped = new client.Counter({
    name: 'devsmith_syslog_messages_dropped_total',
    help: 'Syslog messages not stored, by reason (unknown_key, no_project, rate_limited, overloaded...)',
    labelNames: ['reason'],
    registers: [this.registry],
  });
  readonly syslogDegraded = new client.Counter({
    name: 'devsmith_syslog_messages_degraded_total',
    help: 'Syslog messages stored but not as sent, by reason (not_syslog: kept as raw text; truncated; latin1: not UTF-8)',
    labelNames: ['reason'],
    registers: [this.registry],
  });

  constructor(queueDepth: () => number, inflightBodyBytes: () => number) {
    client.collectDefaultMetrics({ register: this.registry, prefix: 'devsmith_' });
    new client.Gauge({
      name: 'devsmith_write_queue_rows',
      help: 'Log rows waiting for the writer',
      registers: [this.registry],
      collect() {
        this.set(queueDepth());
      },
    });
    new client.Gauge({
      name: 'devsmith_inflight_body_bytes',
      help: 'Request body memory held by requests in flight, as charged to DEVSMITH_MAX_INFLIGHT_BODY_BYTES',
      registers: [this.registry],
      collect() {
        this.set(inflightBodyBytes());
      },
    });
  }
}
