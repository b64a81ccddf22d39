/**
 * The local AI model on this machine: load time and generation speed (tokens/s) of the default GGUF model
 * (or DEVSMITH_AI_MODEL_PATH), through the same provider the server uses.
 *   npx tsx bench/ai-local.bench.ts [--threads N] [--tokens 64] [--rounds 3]
 * Run it on a quiet machine; results go to docs/benchmarks.md by hand.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { DEFAULT_MODEL_FILE } from '../src/config-ai.js';
import { LocalProvider } from '../src/insights/ai/local-provider.js';

const { values } = parseArgs({ options: { threads: { type: 'string', default: '1' }, tokens: { type: 'string', default: '64' }, rounds: { type: 'string', default: '3' } } });
const modelPath = path.resolve(process.env.DEVSMITH_AI_MODEL_PATH || DEFAULT_MODEL_FILE);
const provider = new LocalProvider({ modelPath, threads: Number(values.threads) });
const loaded = await provider.load();
console.log(`model ${provider.model}: load ${provider.loadMs!.toFixed(0)} ms, ${values.threads} thread(s)`);
const prompt = { system: 'You are a site reliability engineer. Be brief.', user: 'Explain what a connection pool timeout in a web service usually means and what to check.' };
for (let round = 1; round <= Number(values.rounds); round++) {
  const started = performance.now();
  const done = await provider.complete(prompt, { maxTokens: Number(values.tokens), timeoutMs: 600_000 });
  const ms = performance.now() - started;
  const tokens = loaded.model.tokenize(done.text).length;
  console.log(`round ${round}: ${tokens} tokens in ${ms.toFixed(0)} ms = ${(tokens / (ms / 1000)).toFixed(1)} tokens/s (prompt evaluation included)`);
}
await provider.close();
