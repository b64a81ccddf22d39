/**
 * The AI settings (docs/insights-ai.md), parsed by loadConfig with the rest of the configuration. A model file
 * that is missing turns the default provider off; naming one explicitly that is missing is a start-up error.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ConfigError } from './config-error.js';

type Env = Record<string, string | undefined>;

export interface AiConfig {
  provider: 'local' | 'openai' | 'off';
  /** GGUF file of the local provider. */
  modelPath: string;
  /** CPU threads of the local provider: llama.cpp's threads spin at barriers, so more than the free cores stalls it. */
  threads: number;
  /** OpenAI-compatible server (`.../v1`): Ollama, llama.cpp server, vLLM, OpenAI. */
  baseUrl: string | null;
  model: string | null;
  apiKey: string | null;
  timeoutMs: number;
  maxTokens: number;
  /** Replace email addresses in the evidence too (secrets always are). */
  scrubEmails: boolean;
}

export const DEFAULT_MODEL_FILE = 'models/SmolLM2-135M-Instruct.Q4_1.gguf';

function intOf(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name]?.trim();
  if (!raw) return fallback;
  if (!/^\d+$/.test(raw) || Number(raw) < min || Number(raw) > max) throw new ConfigError(name, `must be a whole number from ${min} to ${max}, got "${raw}"`);
  return Number(raw);
}

export function aiConfig(env: Env, packageRoot: string): AiConfig {
  const explicitPath = env.DEVSMITH_AI_MODEL_PATH?.trim();
  const modelPath = path.resolve(packageRoot, explicitPath || DEFAULT_MODEL_FILE);
  const baseUrl = env.DEVSMITH_AI_BASE_URL?.trim() || null;
  if (baseUrl) {
    let u: URL;
    try {
      u = new URL(baseUrl);
    } catch {
      throw new ConfigError('DEVSMITH_AI_BASE_URL', `is not a URL: "${baseUrl}"`);
    }
    if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new ConfigError('DEVSMITH_AI_BASE_URL', 'must start with http:// or https://');
  }
  const raw = env.DEVSMITH_AI_PROVIDER?.trim();
  if (raw && !['local', 'openai', 'off'].includes(raw)) throw new ConfigError('DEVSMITH_AI_PROVIDER', `must be local, openai or off, got "${raw}"`);
  const provider = (raw || (fs.existsSync(modelPath) ? 'local' : 'off')) as AiConfig['provider'];
  if (provider === 'local' && explicitPath && !fs.existsSync(modelPath)) {
    throw new ConfigError('DEVSMITH_AI_MODEL_PATH', `names a file that does not exist: ${modelPath} (scripts/fetch-model.sh fetches the default one)`);
  }
  const model = env.DEVSMITH_AI_MODEL?.trim() || null;
  if (provider === 'openai' && (!baseUrl || !model)) {
    throw new ConfigError(baseUrl ? 'DEVSMITH_AI_MODEL' : 'DEVSMITH_AI_BASE_URL', 'is required with DEVSMITH_AI_PROVIDER=openai');
  }
  return {
    provider,
    modelPath,
    threads: intOf(env, 'DEVSMITH_AI_THREADS', Math.max(1, Math.floor(os.availableParallelism() / 2)), 1, 256),
    baseUrl,
    model,
    apiKey: env.DEVSMITH_AI_API_KEY?.trim() || null,
    timeoutMs: intOf(env, 'DEVSMITH_AI_TIMEOUT_MS', 60_000, 100, 3_600_000),
    maxTokens: intOf(env, 'DEVSMITH_AI_MAX_TOKENS', 384, 8, 32_768),
    scrubEmails: (env.DEVSMITH_AI_SCRUB_EMAILS?.trim() || 'false') === 'true',
  };
}
