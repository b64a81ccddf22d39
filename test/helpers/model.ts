/** The small GGUF model the AI tests run for real: a missing file fails the test file loudly (never a skip). */
import fs from 'node:fs';
import path from 'node:path';
import { DEFAULT_MODEL_FILE } from '../../src/config-ai.js';

export const MODEL_PATH = path.resolve(new URL('../..', import.meta.url).pathname, DEFAULT_MODEL_FILE);

export function requireModel(): string {
  if (!fs.existsSync(MODEL_PATH)) throw new Error(`The AI tests need ${MODEL_PATH}: run scripts/fetch-model.sh`);
  return MODEL_PATH;
}
