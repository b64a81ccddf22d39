import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { aiConfig } from './config-ai.js';
import { ConfigError } from './config-error.js';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'ai-config-'));

test('AI settings: off without a model file, local with one; openai needs a base URL and a model', () => {
  assert.equal(aiConfig({}, root).provider, 'off');
  fs.mkdirSync(path.join(root, 'models'), { recursive: true });
  fs.writeFileSync(path.join(root, 'models', 'SmolLM2-135M-Instruct.Q4_1.gguf'), 'x');
  const local = aiConfig({}, root);
  assert.equal(local.provider, 'local');
  assert.equal(local.modelPath, path.join(root, 'models', 'SmolLM2-135M-Instruct.Q4_1.gguf'));
  assert.equal(local.timeoutMs, 60_000);
  assert.ok(local.threads >= 1);
  assert.throws(() => aiConfig({ DEVSMITH_AI_PROVIDER: 'openai' }, root), (e: unknown) => e instanceof ConfigError && /DEVSMITH_AI_BASE_URL/.test(e.message));
  assert.throws(() => aiConfig({ DEVSMITH_AI_PROVIDER: 'openai', DEVSMITH_AI_BASE_URL: 'http://h/v1' }, root), /DEVSMITH_AI_MODEL/);
  assert.throws(() => aiConfig({ DEVSMITH_AI_BASE_URL: 'ftp://h' }, root), /http/);
  assert.throws(() => aiConfig({ DEVSMITH_AI_PROVIDER: 'gpt' }, root), /local, openai or off/);
  assert.throws(() => aiConfig({ DEVSMITH_AI_MODEL_PATH: 'nope.gguf' }, root), /does not exist/);
  assert.throws(() => aiConfig({ DEVSMITH_AI_TIMEOUT_MS: '5' }, root), /DEVSMITH_AI_TIMEOUT_MS/);
  const openai = aiConfig({ DEVSMITH_AI_PROVIDER: 'openai', DEVSMITH_AI_BASE_URL: 'http://127.0.0.1:11434/v1', DEVSMITH_AI_MODEL: 'llama3.2:3b', DEVSMITH_AI_API_KEY: 'k' }, root);
  assert.deepEqual([openai.provider, openai.baseUrl, openai.model, openai.apiKey], ['openai', 'http://127.0.0.1:11434/v1', 'llama3.2:3b', 'k']);
  assert.equal(aiConfig({ DEVSMITH_AI_PROVIDER: 'off' }, root).provider, 'off');
});
