#!/usr/bin/env node
// Writes the labelled corpus for the Drain tests: test/fixtures/patterns/<source>.jsonl, one
// {"message", "template"} per line, where "template" is the event the line was made from (its variable parts
// as <*>). Deterministic (seeded), so the files are committed and regenerated identically:
//   node scripts/gen-pattern-corpus.mjs
import fs from 'node:fs';
import path from 'node:path';

let seed = 17;
const rand = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
const int = (a, b) => a + Math.floor(rand() * (b - a + 1));
const pick = (xs) => xs[int(0, xs.length - 1)];
const hex = (n) => Array.from({ length: n }, () => '0123456789abcdef'[int(0, 15)]).join('');
const ip = () => `${int(10, 223)}.${int(0, 255)}.${int(0, 255)}.${int(1, 254)}`;
const uuid = () => `${hex(8)}-${hex(4)}-4${hex(3)}-a${hex(3)}-${hex(12)}`;
const user = () => pick(['alice', 'bob', 'carol', 'dave', 'erin', 'frank', 'grace', 'heidi', 'ivan', 'judy']);
const email = () => `${user()}${int(1, 99)}@example.com`;
const iso = () => `2026-11-${String(int(1, 28)).padStart(2, '0')}T${String(int(0, 23)).padStart(2, '0')}:${String(int(0, 59)).padStart(2, '0')}:${String(int(0, 59)).padStart(2, '0')}.${int(100, 999)}Z`;
const path_ = () => pick(['/api/orders', '/api/users', '/api/cart', '/health', '/static/app.js', '/login']);
const ms = () => `${int(1, 900)}ms`;

// Each event: [template, make]. The template uses <*> where make() puts a value.
const SOURCES = {
  nginx: [
    ['<*> - - [<*>] "GET /api/orders HTTP/1.1" <*> <*> "-" "Mozilla/5.0"', () => `${ip()} - - [${int(10, 28)}/Nov/2026:${int(10, 23)}:${int(10, 59)}:${int(10, 59)} +0000] "GET /api/orders HTTP/1.1" ${pick([200, 304])} ${int(100, 99999)} "-" "Mozilla/5.0"`],
    ['<*> - - [<*>] "POST /api/cart HTTP/1.1" <*> <*> "-" "curl/8.5.0"', () => `${ip()} - - [${int(10, 28)}/Nov/2026:${int(10, 23)}:${int(10, 59)}:${int(10, 59)} +0000] "POST /api/cart HTTP/1.1" ${pick([201, 400, 500])} ${int(10, 999)} "-" "curl/8.5.0"`],
    ['upstream timed out (110: Connection timed out) while reading response header from upstream, client: <*>, server: shop.example.com', () => `upstream timed out (110: Connection timed out) while reading response header from upstream, client: ${ip()}, server: shop.example.com`],
    ['connect() failed (111: Connection refused) while connecting to upstream, client: <*>, upstream: <*>', () => `connect() failed (111: Connection refused) while connecting to upstream, client: ${ip()}, upstream: "http://${ip()}:8080/"`],
  ],
  postgres: [
    ['duration: <*> statement: SELECT * FROM orders WHERE id = <*>', () => `duration: ${int(1, 999)}.${int(100, 999)} ms statement: SELECT * FROM orders WHERE id = ${int(1, 99999)}`.replace(/ ms statement/, 'ms statement')],
    ['checkpoint complete: wrote <*> buffers (<*>); <*> WAL file(s) added, <*> removed, <*> recycled', () => `checkpoint complete: wrote ${int(1, 9999)} buffers (${int(0, 99)}.${int(0, 9)}%); ${int(0, 9)} WAL file(s) added, ${int(0, 9)} removed, ${int(0, 9)} recycled`],
    ['connection authorized: user=app database=shop application_name=<*>', () => `connection authorized: user=app database=shop application_name=${pick(['"psql"', '"api"', '"worker"'])}`],
    ['deadlock detected on relation <*> of database <*>', () => `deadlock detected on relation ${int(16000, 17000)} of database ${int(16000, 17000)}`],
    ['could not serialize access due to concurrent update', () => 'could not serialize access due to concurrent update'],
  ],
  auth: [
    ['user <*> logged in from <*>', () => `user ${email()} logged in from ${ip()}`],
    ['Failed password for <*> from <*> port <*> ssh2', () => `Failed password for ${pick(['root', 'admin', user()])} from ${ip()} port ${int(1024, 65535)} ssh2`],
    ['Accepted publickey for deploy from <*> port <*> ssh2: RSA SHA256:<*>', () => `Accepted publickey for deploy from ${ip()} port ${int(1024, 65535)} ssh2: RSA SHA256:${hex(32)}`],
    ['session <*> expired after <*>', () => `session ${uuid()} expired after ${int(1, 72)}h`],
    ['password reset requested for <*>', () => `password reset requested for ${email()}`],
  ],
  k8s: [
    ['Back-off restarting failed container <*> in pod <*>', () => `Back-off restarting failed container ${pick(['api', 'worker', 'cron'])} in pod ${pick(['api', 'worker'])}-${hex(10)}-${hex(5)}`],
    ['Successfully assigned default/<*> to node-<*>', () => `Successfully assigned default/${pick(['api', 'worker'])}-${hex(10)}-${hex(5)} to node-${int(1, 40)}`],
    ['Liveness probe failed: HTTP probe failed with statuscode: <*>', () => `Liveness probe failed: HTTP probe failed with statuscode: ${pick([500, 502, 503])}`],
    ['Pulling image "<*>"', () => `Pulling image "registry.example.com/shop/api:${int(1, 9)}.${int(0, 20)}.${int(0, 9)}"`].map((x, i) => (i === 0 ? 'Pulling image <*>' : x)),
    ['OOMKilled: container <*> exceeded memory limit <*>', () => `OOMKilled: container ${pick(['api', 'worker'])} exceeded memory limit ${int(128, 4096)}Mi`],
  ],
  java: [
    ['java.lang.NullPointerException: Cannot invoke <*> because <*> is null', () => `java.lang.NullPointerException: Cannot invoke "${pick(['String.length()', 'Order.getId()', 'List.size()'])}" because "${pick(['name', 'order', '<local1>'])}" is null`],
    ['at com.example.shop.OrderService.process(OrderService.java:<*>)', () => `at com.example.shop.OrderService.process(OrderService.java:${int(10, 400)})`],
    ['org.postgresql.util.PSQLException: Connection to <*> refused. Check that the hostname and port are correct', () => `org.postgresql.util.PSQLException: Connection to ${ip()}:5432 refused. Check that the hostname and port are correct`],
    ['HikariPool-1 - Connection is not available, request timed out after <*>', () => `HikariPool-1 - Connection is not available, request timed out after ${int(1000, 30000)}ms`],
    ['Started ShopApplication in <*> seconds (process running for <*>)', () => `Started ShopApplication in ${int(2, 30)}.${int(100, 999)} seconds (process running for ${int(3, 40)}.${int(100, 999)})`],
  ],
  app: [
    ['{"msg":"request completed","method":"GET","path":<*>,"status":<*>,"duration_ms":<*>}', () => `{"msg":"request completed","method":"GET","path":"${path_()}","status":${pick([200, 404])},"duration_ms":${int(1, 900)}}`],
    ['payment <*> failed: card declined (code=<*>)', () => `payment ${uuid()} failed: card declined (code=${int(1000, 9999)})`],
    ['cache miss for key order:<*> took <*>', () => `cache miss for key order:${int(1, 99999)} took ${ms()}`],
    ['order <*> shipped to <*> at <*>', () => `order ${int(100000, 999999)} shipped to ${pick(['Berlin', 'Paris', 'Lyon', 'Oslo', 'Rome'])} at ${iso()}`],
    ['retrying job <*> (attempt <*> of 5) after <*>', () => `retrying job ${hex(24)} (attempt ${int(1, 5)} of 5) after ${ms()}`],
    ['worker <*> processed <*> messages in <*>', () => `worker ${int(1, 16)} processed ${int(1, 5000)} messages in ${int(1, 60)}s`],
  ],
};

const dir = path.join(path.dirname(new URL(import.meta.url).pathname), '..', 'test', 'fixtures', 'patterns');
fs.mkdirSync(dir, { recursive: true });
let total = 0;
for (const [name, events] of Object.entries(SOURCES)) {
  const lines = [];
  const n = 250;
  for (let i = 0; i < n; i++) {
    // Skewed like real logs: the first events of a source are the common ones.
    const [template, make] = events[Math.min(events.length - 1, Math.floor(rand() ** 1.6 * events.length))];
    lines.push(JSON.stringify({ message: make(), template }));
  }
  fs.writeFileSync(path.join(dir, `${name}.jsonl`), lines.join('\n') + '\n');
  total += lines.length;
}
console.log(`wrote ${total} lines to ${dir}`);
