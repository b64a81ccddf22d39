/**
 * `devsmith alerts list` against a real server process whose scheduler runs on a short tick: a rule created
 * through the API fires on its own (the in-server scheduler), and the CLI shows it firing.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { runCli } from '../helpers/cli.js';
import { bootstrap, startServer, type Bootstrapped, type RunningServer } from '../helpers/server.js';

let server: RunningServer;
let boot: Bootstrapped;
let token: string;

before(async () => {
  server = await startServer({ env: { DEVSMITH_ALERTS_TICK_MS: '200' } });
  boot = await bootstrap(server.url, 'Cli Alerts');
  const created = await runCli(['token', 'create', '--email', 'admin@example.com', '--name', 'alerts'], { env: { DEVSMITH_DATA_DIR: server.dataDir } });
  token = /API token \(shown once, store it now\): (dsu_\S+)/.exec(created.stdout)?.[1] ?? '';
  assert.ok(token, created.stdout + created.stderr);
});
after(async () => {
  await server.stop();
});

test('the scheduler fires a rule on its own; alerts list shows it firing, and as JSON', async () => {
  const api = (path: string, body?: object) =>
    fetch(`${server.url}${path}`, {
      method: body ? 'POST' : 'GET',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
  const rule = await api('/api/alerts/rules', {
    project_id: boot.project.slug, name: 'checkout down', severity: 'critical',
    condition: { kind: 'query', query: 'level:error checkout', window_s: 300, op: '>=', threshold: 2 },
  });
  assert.equal(rule.status, 201, await rule.clone().text());
  const quiet = await api('/api/alerts/rules', { project_id: boot.project.id, name: 'quiet one', severity: 'info', condition: { kind: 'silence', window_s: 600 } });
  assert.equal(quiet.status, 201);
  const res = await fetch(`${server.url}/api/logs/batch`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${boot.apiKey}` },
    body: JSON.stringify({ service_name: 'shop', logs: [{ level: 'error', message: 'checkout failed' }, { level: 'error', message: 'checkout failed again' }] }),
  });
  assert.equal(res.status, 201);
  // The rule was evaluated at creation (nothing yet); its next run is a minute later. PATCHing the condition
  // makes it due at once, like any redefinition.
  const id = ((await rule.json()) as { id: string }).id;
  const patch = await fetch(`${server.url}/api/alerts/rules/${id}`, {
    method: 'PATCH',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ condition: { kind: 'query', query: 'level:error checkout', window_s: 300, op: '>=', threshold: 2 } }),
  });
  assert.equal(patch.status, 200);
  let events: Array<{ kind: string; summary: string }> = [];
  const deadline = Date.now() + 20_000;
  while (events.length === 0 && Date.now() < deadline) {
    events = ((await (await api(`/api/alerts/events?rule_id=${id}`)).json()) as { data: typeof events }).data;
    if (events.length === 0) await new Promise((r) => setTimeout(r, 200));
  }
  const fired = events.length > 0;
  assert.ok(fired, 'the in-server scheduler fired the rule');
  assert.equal(events[0]!.kind, 'firing');
  assert.match(events[0]!.summary, /^2 logs matched `level:error checkout` in 5 m \(threshold >= 2\)$/);

  const out = await runCli(['alerts', 'list', '--url', server.url, '--token', token]);
  assert.equal(out.code, 0, out.stderr);
  const lines = out.stdout.trim().split('\n');
  assert.match(lines[0]!, /^STATE\s+SEVERITY\s+NAME\s+KIND/);
  assert.ok(lines.some((l) => /^firing\s+critical\s+checkout down\s+query\s/.test(l)), out.stdout);
  assert.ok(lines.some((l) => /^ok\s+info\s+quiet one\s+silence\s/.test(l)), out.stdout);

  const json = await runCli(['alerts', 'list', '--url', server.url, '--token', token, '--project', boot.project.slug, '--format', 'json']);
  const rows = json.stdout.trim().split('\n').map((l) => JSON.parse(l) as { name: string; state: string });
  assert.deepEqual(rows.map((r) => [r.name, r.state]), [['checkout down', 'firing'], ['quiet one', 'ok']]);

  const bad = await runCli(['alerts', 'list', '--url', server.url, '--token', 'dsu_nope']);
  assert.equal(bad.code, 1);
  assert.match(bad.stderr, /401/);
});
