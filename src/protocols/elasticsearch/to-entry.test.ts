import assert from 'node:assert/strict';
import { test } from 'node:test';
import { entryOfDocument, serviceOfIndex } from './to-entry.js';

test('index names lose their date, rollover and version suffixes', () => {
  assert.equal(serviceOfIndex('logstash-2026.12.02'), 'logstash');
  assert.equal(serviceOfIndex('app-logs-2026-12'), 'app-logs');
  assert.equal(serviceOfIndex('filebeat-8.11.0'), 'filebeat');
  assert.equal(serviceOfIndex('filebeat-8.11.0-2026.12.02'), 'filebeat');
  assert.equal(serviceOfIndex('orders-000001'), 'orders');
  assert.equal(serviceOfIndex('fluent-bit'), 'fluent-bit');
  assert.equal(serviceOfIndex('2026.12.02'), '2026.12.02', 'never an empty service');
});

const entryOf = (doc: Record<string, unknown>, index: string | null = 'idx') => {
  const r = entryOfDocument(doc, index);
  assert.ok('entry' in r, JSON.stringify(r));
  return r.entry;
};

test('dotted and nested fields are the same field', () => {
  const flat = entryOf({ 'log.level': 'error', 'service.name': 's', message: 'm', 'host.name': 'h' });
  const nested = entryOf({ log: { level: 'error' }, service: { name: 's' }, message: 'm', host: { name: 'h' } });
  for (const e of [flat, nested]) {
    assert.equal(e.level, 'ERROR');
    assert.equal(e.service, 's');
    assert.equal(e.host, 'h');
    assert.equal(e.context, undefined, 'nothing left over');
  }
});

test('service: a service field, else a Kubernetes or container name (kept in context), else the index', () => {
  assert.equal(entryOf({ message: 'm', kubernetes: { container_name: 'c' } }).service, 'c');
  const k8s = entryOf({ message: 'm', kubernetes: { container_name: 'c', labels: { app: 'shop' } } });
  assert.equal(k8s.service, 'shop');
  assert.deepEqual(k8s.context, { kubernetes: { container_name: 'c', labels: { app: 'shop' } } });
  assert.equal(entryOf({ message: 'm' }, 'web-2026.12.02').service, 'web');
  assert.deepEqual(entryOfDocument({ message: 'm' }, null), { refused: 'no index and no service field: name the index in the URL or the action, or set "service" in the document' });
});

test('a document without a text field is kept whole as its message; an unknown level stays in the context', () => {
  const e = entryOf({ level: 'verbose-ish', count: 3 });
  assert.equal(e.level, 'INFO');
  assert.equal(e.message, '{"level":"verbose-ish","count":3}');
  assert.deepEqual(e.context, { level: 'verbose-ish', count: 3 });
});
