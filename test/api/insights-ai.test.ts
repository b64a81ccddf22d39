/**
 * /api/insights AI routes on each backend with the REAL local model (SmolLM2 through node-llama-cpp), directly
 * and behind a real OpenAI-compatible server on loopback that records the prompt it was sent. A small model's
 * answers are poor: these check the plumbing (evidence, scrubbing, stored answers, timeout, access, NL->query).
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { parseQuery } from '../../src/search/index.js';
import { LocalProvider } from '../../src/insights/ai/local-provider.js';
import { backends, batch, createMember, createProject, makeApp, setupAdmin, type App, type Session } from '../helpers/app.js';
import { requireModel } from '../helpers/model.js';
import { startOpenAiCompatibleServer, type OpenAiCompatibleServer } from '../helpers/openai-compatible-server.js';

const modelPath = requireModel();
const local = LocalProvider.forModel({ modelPath, threads: 1 });
let server: OpenAiCompatibleServer;
before(async () => {
  await local.load();
  server = await startOpenAiCompatibleServer(local);
});
after(async () => {
  await server.close();
  await local.close();
});

const SECRET = 'hunter2-very-secret';
const KEY = 'dsk_LeakedKey0123456789';

for (const backend of backends()) {
  describe(`insights AI API (${backend.name})`, () => {
    let viaHttp: App;
    let direct: App;
    let admin: Session;
    let project: { id: number; slug: string; key: string };
    let directAdmin: Session;
    let directProject: { id: number; slug: string; key: string };
    // Generous: the test machine is shared and slow; the timeout case below sets its own.
    const env = { DEVSMITH_AI_MAX_TOKENS: '48', DEVSMITH_AI_THREADS: '1', DEVSMITH_AI_MODEL_PATH: modelPath, DEVSMITH_AI_TIMEOUT_MS: '300000' };
    /** An admin, a project and a small incident with a secret in it, on the app's own store. */
    async function seed(app: App): Promise<[Session, { id: number; slug: string; key: string }]> {
      const s = await setupAdmin(app);
      const p = await createProject(app, s, 'Checkout');
      const logs = [
        { level: 'info', message: 'checkout started for order 17' },
        ...Array.from({ length: 6 }, (_, i) => ({ level: 'error', message: `Payment for order ${100 + i} failed: gateway timeout`, context: { attempt: i } })),
        { level: 'warn', message: `login failed password=${SECRET} key ${KEY}` },
      ];
      const res = await app.app.inject(batch(p.key, { service_name: 'payments', logs }));
      assert.equal(res.statusCode, 201, res.body);
      return [s, p];
    }
    before(async () => {
      viaHttp = await makeApp(backend, { ...env, DEVSMITH_AI_PROVIDER: 'openai', DEVSMITH_AI_BASE_URL: server.url, DEVSMITH_AI_MODEL: 'smollm2-http' });
      direct = await makeApp(backend, { ...env, DEVSMITH_AI_PROVIDER: 'local' });
      [admin, project] = await seed(viaHttp);
      [directAdmin, directProject] = await seed(direct);
    });
    after(async () => {
      await viaHttp.shutdown();
      await direct.shutdown();
      await backend.cleanup();
    });
    const call = async (app: App, method: 'GET' | 'POST', url: string, payload?: unknown, s: Session = admin) => {
      const res = await app.app.inject({ method, url, headers: { cookie: s.cookie }, ...(payload === undefined ? {} : { payload: payload as object }) });
      return { code: res.statusCode, body: res.body ? res.json() : null };
    };

    test('summarize: the prompt is built from numbered, scrubbed evidence; the answer is stored with it and re-opened', async () => {
      assert.deepEqual((await call(viaHttp, 'GET', '/api/insights/ai')).body, { provider: 'openai', model: 'smollm2-http', available: true });
      const before = server.requests.length;
      const res = await call(viaHttp, 'POST', '/api/insights/summarize', { project_id: project.slug });
      assert.equal(res.code, 201, JSON.stringify(res.body));
      const a = res.body;
      assert.equal(server.requests.length, before + 1, 'one request to the model server');
      const prompt = server.requests.at(-1)!.messages.map((m) => m.content).join('\n');
      console.log(`# summary prompt: ${prompt.length} chars, answer in ${a.took_ms} ms`);
      assert.match(prompt, /\[E1\] count \(count 8\): logs in range: 8/);
      assert.match(prompt, /Payment for order <\*> failed|Payment for order \d+ failed/);
      assert.ok(!prompt.includes(SECRET) && !prompt.includes(KEY), 'secrets never reach the model');
      assert.ok(a.scrubbed >= 2, `secrets counted: ${a.scrubbed}`);
      assert.equal(a.provider, 'openai');
      assert.equal(a.model, 'smollm2-http');
      assert.equal(a.kind, 'summary');
      assert.equal(a.prompt_chars, server.requests.at(-1)!.messages.reduce((n, m) => n + m.content.length, 0));
      assert.ok(a.text.length > 0);
      assert.deepEqual(a.evidence.map((e: { ref: string }) => e.ref), a.evidence.map((_: unknown, i: number) => `E${i + 1}`));
      assert.ok(a.evidence.some((e: { type: string }) => e.type === 'error_group'));
      assert.ok(a.evidence.some((e: { type: string }) => e.type === 'pattern'));
      assert.ok(a.evidence.every((e: { label: string }) => !e.label.includes(SECRET)));
      const again = await call(viaHttp, 'GET', `/api/insights/answers/${a.id}`);
      assert.deepEqual(again.body, a);
      const list = await call(viaHttp, 'GET', `/api/insights/answers?project_id=${project.id}`);
      assert.deepEqual(list.body.data.map((x: { id: string }) => x.id), [a.id]);
    });

    test('explain an error group with the local model; a member sees none of it', async () => {
      const groups = await call(direct, 'GET', `/api/errors?project=${directProject.slug}`, undefined, directAdmin);
      const group = groups.body.data.find((g: { count: number }) => g.count === 6);
      assert.ok(group, JSON.stringify(groups.body));
      const res = await call(direct, 'POST', '/api/insights/explain', { project_id: String(directProject.id), target: { type: 'error_group', id: group.id } }, directAdmin);
      assert.equal(res.code, 201, JSON.stringify(res.body));
      assert.equal(res.body.provider, 'local');
      assert.equal(res.body.model, 'SmolLM2-135M-Instruct.Q4_1');
      assert.deepEqual(res.body.evidence[0], { ref: 'E1', type: 'error_group', label: res.body.evidence[0].label, count: 6, id: group.id, url: `/errors/${group.id}` });
      assert.ok(res.body.sections === null || res.body.sections.summary.length > 0);

      const member = await createMember(direct, directAdmin);
      assert.equal((await call(direct, 'POST', '/api/insights/explain', { project_id: directProject.slug, target: { type: 'range' } }, member)).code, 404);
      assert.equal((await call(direct, 'GET', `/api/insights/answers/${res.body.id}`, undefined, member)).code, 404);
      assert.equal((await call(direct, 'GET', `/api/insights/answers?project_id=${directProject.slug}`, undefined, member)).code, 404);
      const missing = await call(direct, 'POST', '/api/insights/explain', { project_id: directProject.slug, target: { type: 'error_group', id: '999999' } }, directAdmin);
      assert.equal(missing.code, 404);
      const noId = await call(direct, 'POST', '/api/insights/explain', { project_id: directProject.slug, target: { type: 'log' } }, directAdmin);
      assert.equal(noId.code, 400);
      const badQ = await call(direct, 'POST', '/api/insights/explain', { project_id: directProject.slug, target: { type: 'range', q: 'status:(' } }, directAdmin);
      assert.equal(badQ.code, 400);
      assert.equal(badQ.body.code, 'INVALID_QUERY');
    });

    test('PATCH ai_external_allowed switches the project; a non-boolean is refused', async () => {
      const patch = async (payload: object) => viaHttp.app.inject({ method: 'PATCH', url: `/api/logs/projects/${project.id}`, headers: { cookie: admin.cookie }, payload });
      assert.equal((await patch({ ai_external_allowed: true })).json().project.ai_external_allowed, true);
      assert.equal((await patch({ name: 'Checkout 2' })).json().project.ai_external_allowed, true);
      assert.equal((await patch({ ai_external_allowed: false })).json().project.ai_external_allowed, false);
      assert.equal((await patch({ ai_external_allowed: 'maybe' })).statusCode, 400);
    });

    test('ask: the model writes a query that is parse-checked, never run', async () => {
      const res = await call(direct, 'POST', '/api/insights/ask', { project_id: directProject.slug, question: 'errors from the payments service' }, directAdmin);
      assert.equal(res.code, 200, JSON.stringify(res.body));
      assert.equal(res.body.model, 'SmolLM2-135M-Instruct.Q4_1');
      if (res.body.valid) {
        assert.equal(res.body.error, null);
        assert.doesNotThrow(() => parseQuery(res.body.query));
      } else {
        assert.ok(res.body.error, 'an invalid query comes with the parser\'s message');
        assert.throws(() => parseQuery(res.body.query ?? ''));
      }
      console.log(`# ask -> ${JSON.stringify(res.body.query)} valid=${res.body.valid}`);
    });

    test('timeout: a model slower than DEVSMITH_AI_TIMEOUT_MS answers 504 AI_TIMEOUT and stores nothing', async () => {
      const slow = await makeApp(backend, { ...env, DEVSMITH_AI_PROVIDER: 'local', DEVSMITH_AI_TIMEOUT_MS: '100', DEVSMITH_AI_MAX_TOKENS: '2000' });
      try {
        const s = await setupAdmin(slow);
        const p = await createProject(slow, s, 'Slow');
        const res = await call(slow, 'POST', '/api/insights/summarize', { project_id: p.slug }, s);
        assert.equal(res.code, 504, JSON.stringify(res.body));
        assert.equal(res.body.code, 'AI_TIMEOUT');
        assert.deepEqual((await call(slow, 'GET', `/api/insights/answers?project_id=${p.slug}`, undefined, s)).body.data, []);
      } finally {
        await slow.shutdown();
      }
    });
  });
}
