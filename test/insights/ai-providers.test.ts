/**
 * The AI providers for real: the local SmolLM2 model through node-llama-cpp, and the OpenAI-compatible HTTP
 * provider against a real server answering with the same model. A small model's answers are poor: these check
 * the plumbing (answers arrive, limits, cancellation, timeouts, authentication, which provider a project gets).
 */
import assert from 'node:assert/strict';
import os from 'node:os';
import { after, before, test } from 'node:test';
import { LocalProvider } from '../../src/insights/ai/local-provider.js';
import { OpenAiProvider, isLoopbackUrl } from '../../src/insights/ai/openai-provider.js';
import { AiCancelledError } from '../../src/insights/ai/provider.js';
import { AiProviders } from '../../src/insights/ai/providers.js';
import { aiConfig } from '../../src/config-ai.js';
import { AppError } from '../../src/errors.js';
import type { Project } from '../../src/store/types.js';
import { requireModel } from '../helpers/model.js';
import { startOpenAiCompatibleServer, type OpenAiCompatibleServer } from '../helpers/openai-compatible-server.js';

const modelPath = requireModel();
const local = LocalProvider.forModel({ modelPath, threads: 1 });
const PROMPT = { system: 'You are a helpful assistant. Be brief.', user: 'What is a log file? One sentence.' };
let server: OpenAiCompatibleServer;
let lan: OpenAiCompatibleServer | null = null;

/** A non-loopback address of this machine, to stand for an external AI server. */
const lanAddress = Object.values(os.networkInterfaces()).flat().find((i) => i && i.family === 'IPv4' && !i.internal)?.address ?? null;

before(async () => {
  await local.load();
  server = await startOpenAiCompatibleServer(local, { apiKey: 'test-key' });
  if (lanAddress) lan = await startOpenAiCompatibleServer(local, { host: lanAddress });
});
after(async () => {
  await server?.close();
  await lan?.close();
  await local.close();
});

test('local provider: loads the GGUF model once and answers within the token cap', async () => {
  assert.ok(local.loadMs !== null && local.loadMs > 0);
  const started = performance.now();
  const done = await local.complete(PROMPT, { maxTokens: 24, timeoutMs: 120_000 });
  const ms = performance.now() - started;
  assert.equal(done.model, 'SmolLM2-135M-Instruct.Q4_1');
  assert.ok(done.text.length > 0, 'an answer');
  assert.ok(done.text.split(/\s+/).length <= 40, `24 tokens at most: ${done.text}`);
  console.log(`# local model: load ${local.loadMs!.toFixed(0)} ms, 24-token answer in ${ms.toFixed(0)} ms`);
});

test('local provider: a cancelled generation stops at once; a timeout is AI_TIMEOUT; the next one still answers', async () => {
  const abort = new AbortController();
  const started = performance.now();
  const long = local.complete(PROMPT, { maxTokens: 4000, timeoutMs: 120_000, signal: abort.signal });
  // Queued behind it: cancelled before its turn, it leaves the queue without running.
  const queued = new AbortController();
  const waiting = local.complete(PROMPT, { maxTokens: 8, timeoutMs: 120_000, signal: queued.signal });
  queued.abort();
  await assert.rejects(waiting, AiCancelledError);
  setTimeout(() => abort.abort(), 300);
  await assert.rejects(long, AiCancelledError);
  assert.ok(performance.now() - started < 20_000, 'stopped long before 4000 tokens');

  await assert.rejects(local.complete(PROMPT, { maxTokens: 4000, timeoutMs: 200 }), (err: unknown) => err instanceof AppError && err.code === 'AI_TIMEOUT');
  const done = await local.complete(PROMPT, { maxTokens: 8, timeoutMs: 120_000 });
  assert.ok(done.text.length > 0);
});

test('HTTP provider: a real OpenAI-compatible server answers with the local model; a wrong key is AI_PROVIDER_FAILED', async () => {
  const http = new OpenAiProvider({ baseUrl: server.url, model: 'smollm2', apiKey: 'test-key' });
  assert.equal(http.isLoopback, true);
  const done = await http.complete(PROMPT, { maxTokens: 16, timeoutMs: 120_000 });
  assert.ok(done.text.length > 0);
  assert.equal(done.model, 'smollm2');
  const sent = server.requests.at(-1)!;
  assert.deepEqual(sent.messages.map((m) => m.role), ['system', 'user']);
  assert.equal(sent.max_tokens, 16);

  const wrong = new OpenAiProvider({ baseUrl: server.url, model: 'smollm2', apiKey: 'nope' });
  await assert.rejects(wrong.complete(PROMPT, { maxTokens: 8, timeoutMs: 10_000 }), (err: unknown) => err instanceof AppError && err.code === 'AI_PROVIDER_FAILED' && /401/.test(err.detail));
  const down = new OpenAiProvider({ baseUrl: 'http://127.0.0.1:1/v1', model: 'x', apiKey: null });
  await assert.rejects(down.complete(PROMPT, { maxTokens: 8, timeoutMs: 10_000 }), (err: unknown) => err instanceof AppError && err.code === 'AI_PROVIDER_FAILED');
  await assert.rejects(http.complete(PROMPT, { maxTokens: 2000, timeoutMs: 150 }), (err: unknown) => err instanceof AppError && err.code === 'AI_TIMEOUT');
});

test('provider choice: an external server only for projects that allow it, else the local model, else 409', async (t) => {
  assert.equal(isLoopbackUrl('http://127.0.0.1:8080/v1'), true);
  assert.equal(isLoopbackUrl('http://[::1]:8080/v1'), true);
  assert.equal(isLoopbackUrl('http://localhost/v1'), true);
  assert.equal(isLoopbackUrl('https://api.openai.com/v1'), false);
  if (!lan) return t.skip(`NOT RUN: this machine has no non-loopback IPv4 address to stand for an external server`);
  const project = (allowed: boolean) => ({ id: 1, slug: 'shop', aiExternalAllowed: allowed }) as Project;
  const config = aiConfig({ DEVSMITH_AI_PROVIDER: 'openai', DEVSMITH_AI_BASE_URL: lan.url, DEVSMITH_AI_MODEL: 'smollm2', DEVSMITH_AI_MODEL_PATH: modelPath }, process.cwd());
  const providers = AiProviders.fromConfig(config);
  try {
    assert.equal(providers.forProject(project(false)).name, 'local', 'logs stay on the machine');
    const external = providers.forProject(project(true));
    assert.equal(external.name, 'openai');
    assert.ok((await external.complete(PROMPT, { maxTokens: 8, timeoutMs: 120_000 })).text.length > 0);
    assert.equal(lan.requests.length, 1, 'only the allowed project reached the external server');
    const noLocal = new AiProviders(config, null, providers.openai);
    assert.throws(() => noLocal.forProject(project(false)), (err: unknown) => err instanceof AppError && err.code === 'AI_EXTERNAL_NOT_ALLOWED');
  } finally {
    await providers.close();
  }
});
