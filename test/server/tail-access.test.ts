/**
 * A live tail ends when access ends (issue 9, item 3): on logout, user disable, token revocation and loss of
 * the project at once (in-process events), and on a session removed behind the server's back within the
 * periodic re-check. The stream says why with `event: end` and closes; a reconnect is then refused.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { backends, batch, createMember, createProject, makeApp, setupAdmin, type App, type Session } from '../helpers/app.js';

interface SseEvent {
  event: string;
  data: string;
}

/** An open stream: events arrive in `events`; `closed` resolves when the server ends the response. */
async function openStream(base: string, path: string, headers: Record<string, string>) {
  const controller = new AbortController();
  const res = await fetch(`${base}${path}`, { headers: { ...headers, accept: 'text/event-stream' }, signal: controller.signal });
  assert.equal(res.status, 200, `${path}: ${res.status}`);
  const events: SseEvent[] = [];
  let connected!: () => void;
  const opened = new Promise<void>((resolve) => (connected = resolve));
  const closed = (async () => {
    let buffer = '';
    try {
      for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
        buffer += Buffer.from(chunk).toString();
        if (buffer.includes(': connected')) connected();
        let end;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const event = /^event: (.*)$/m.exec(block)?.[1];
          if (event) events.push({ event, data: /^data: (.*)$/m.exec(block)?.[1] ?? '' });
        }
      }
      return 'ended by server' as const;
    } catch {
      return 'aborted' as const;
    }
  })();
  await opened;
  /** Waits for the server to end the stream; aborts (and fails) after `ms`, which only a broken build reaches. */
  const ended = async (ms = 15_000) => {
    const timer = setTimeout(() => controller.abort(), ms);
    const how = await closed;
    clearTimeout(timer);
    assert.equal(how, 'ended by server', 'the stream stayed open');
    const last = events[events.length - 1];
    assert.equal(last?.event, 'end', `last event: ${JSON.stringify(last)}`);
    return JSON.parse(last!.data) as { reason: string };
  };
  return { events, ended, abort: () => controller.abort() };
}

async function listen(app: App): Promise<string> {
  await app.app.listen({ port: 0, host: '127.0.0.1' });
  const addr = app.app.server.address();
  if (!addr || typeof addr === 'string') throw new Error('no address');
  return `http://127.0.0.1:${addr.port}`;
}

for (const backend of backends()) describe(`live tail (${backend.name})`, () => {
  after(() => backend.cleanup());

  describe('ends at once on account events', () => {
    // A re-check interval far longer than any test: what ends these streams is the account event itself.
    let app: App;
    let base: string;
    let admin: Session;
    before(async () => {
      app = await makeApp(backend, {}, { tailRecheckMs: 600_000 });
      base = await listen(app);
      admin = await setupAdmin(app);
    });
    after(() => app.shutdown());

    test('logout ends the stream with session_ended, and the reconnect is refused', async () => {
      const login = await app.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: 'admin@example.com', password: 'correct horse battery' } });
      const cookie = String(login.headers['set-cookie']).split(';')[0]!;
      const p = await createProject(app, admin, 'Logout');
      const stream = await openStream(base, `/api/logs/stream?project=${p.slug}`, { cookie });
      await app.app.inject(batch(p.key, { service_name: 'api', logs: [{ level: 'info', message: 'first' }] }));
      await waitFor(() => stream.events.some((e) => e.event === 'log'));
      const out = await app.app.inject({ method: 'POST', url: '/api/auth/logout', headers: { cookie } });
      assert.equal(out.statusCode, 204);
      assert.deepEqual(await stream.ended(), { reason: 'session_ended' });
      const again = await fetch(`${base}/api/logs/stream?project=${p.slug}`, { headers: { cookie } });
      assert.equal(again.status, 401);
      await again.body?.cancel();
    });

    test('disabling the user ends the stream with user_disabled', async () => {
      const member = await createMember(app, admin, 'disabled@example.com');
      const p = await createProject(app, member, 'Disabled');
      const stream = await openStream(base, `/api/logs/stream?project=${p.slug}`, { cookie: member.cookie });
      const res = await app.app.inject({ method: 'PATCH', url: `/api/users/${member.userId}`, headers: { cookie: admin.cookie }, payload: { disabled: true } });
      assert.equal(res.statusCode, 200);
      assert.deepEqual(await stream.ended(), { reason: 'user_disabled' });
    });

    test('revoking the token a tail signed in with ends it', async () => {
      const created = await app.app.inject({ method: 'POST', url: '/api/auth/tokens', headers: { cookie: admin.cookie }, payload: { name: 'tail' } });
      const { id, token } = created.json();
      const stream = await openStream(base, '/api/logs/stream', { authorization: `Bearer ${token}` });
      const del = await app.app.inject({ method: 'DELETE', url: `/api/auth/tokens/${id}`, headers: { cookie: admin.cookie } });
      assert.equal(del.statusCode, 204);
      assert.deepEqual(await stream.ended(), { reason: 'session_ended' });
    });

    test('losing the project (admin role taken away) ends a tail of it with access_revoked', async () => {
      const owner = await createMember(app, admin, 'owner@example.com');
      const p = await createProject(app, owner, 'Owned');
      const other = await app.app.inject({ method: 'POST', url: '/api/users', headers: { cookie: admin.cookie }, payload: { email: 'admin2@example.com', name: 'Admin 2', password: 'admin two password', role: 'admin' } });
      const login = await app.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: 'admin2@example.com', password: 'admin two password' } });
      const cookie = String(login.headers['set-cookie']).split(';')[0]!;
      const own = await createProject(app, { cookie, userId: other.json().user.id }, 'Admin2 own');
      const named = await openStream(base, `/api/logs/stream?project=${p.id}`, { cookie });
      const all = await openStream(base, '/api/logs/stream', { cookie });
      const res = await app.app.inject({ method: 'PATCH', url: `/api/users/${other.json().user.id}`, headers: { cookie: admin.cookie }, payload: { role: 'member' } });
      assert.equal(res.statusCode, 200);
      assert.deepEqual(await named.ended(), { reason: 'access_revoked' });
      // A tail of "all my projects" narrows instead: it stays open with the projects still readable.
      await new Promise((r) => setTimeout(r, 300)); // the same event's check of this stream has run by now
      await app.app.inject(batch(p.key, { service_name: 'api', logs: [{ level: 'info', message: 'not for admin2 any more' }] }));
      await app.app.inject(batch(own.key, { service_name: 'api', logs: [{ level: 'info', message: 'still mine' }] }));
      await waitFor(() => all.events.length > 0);
      await new Promise((r) => setTimeout(r, 500));
      assert.deepEqual(all.events.map((e) => [e.event, JSON.parse(e.data).message]), [['log', 'still mine']]);
      all.abort();
      const again = await fetch(`${base}/api/logs/stream?project=${p.id}`, { headers: { cookie } });
      assert.equal(again.status, 404);
      await again.body?.cancel();
    });

    test('a Last-Event-ID outside the log id range is refused', async () => {
      for (const id of ['9223372036854775808', '99999999999999999999', 'abc']) {
        const res = await fetch(`${base}/api/logs/stream`, { headers: { cookie: admin.cookie, 'last-event-id': id } });
        assert.equal(res.status, 400, id);
        assert.equal((await res.json()).code, 'VALIDATION_FAILED');
      }
    });
  });

  describe('periodic re-check', () => {
    let app: App;
    let base: string;
    before(async () => {
      app = await makeApp(backend, {}, { tailRecheckMs: 100 });
      base = await listen(app);
    });
    after(() => app.shutdown());

    test('a session removed in the store (expired, or ended on another instance) ends the stream', async () => {
      const admin = await setupAdmin(app);
      const stream = await openStream(base, '/api/logs/stream', { cookie: admin.cookie });
      await app.services.store.deleteUserSessions(admin.userId); // no event: only the periodic check can see it
      assert.deepEqual(await stream.ended(), { reason: 'session_ended' });
    });
  });
});

async function waitFor(check: () => boolean, ms = 10_000): Promise<void> {
  const until = Date.now() + ms;
  while (!check()) {
    if (Date.now() > until) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 50));
  }
}
