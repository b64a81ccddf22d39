/**
 * The local provider: a GGUF model run in-process by node-llama-cpp (llama.cpp), loaded once on first use and
 * shared; generations run one at a time on one context sequence.
 *
 * Why a chat prompt once seemed to hang (issue 17): node-llama-cpp's default thread count is larger than the
 * cores a busy 2-core machine has free, and llama.cpp's threads spin at every barrier, so each token waited on
 * descheduled threads (more than 5 minutes for one answer). With the threads set to what is free
 * (DEVSMITH_AI_THREADS, default half the cores) LlamaChatSession answers in seconds, with the model's own chat
 * template (ChatML for SmolLM2) and its end-of-turn token as the stop.
 */
import path from 'node:path';
import fs from 'node:fs';
import type { Llama, LlamaContext, LlamaContextSequence, LlamaModel } from 'node-llama-cpp';
import { AppError } from '../../errors.js';
import { deadline, SerialQueue, type AiPrompt, type AiProvider, type CompleteOptions, type Completion } from './provider.js';

export interface LocalProviderOptions {
  modelPath: string;
  threads: number;
  /** Tokens of context: the evidence budget (./evidence.ts) plus the answer fit in the default. */
  contextSize?: number;
}

interface Loaded {
  llama: Llama;
  model: LlamaModel;
  context: LlamaContext;
  sequence: LlamaContextSequence;
}

/** One provider (one loaded model) per model file and thread count in a process, shared by every app in it. */
const shared = new Map<string, { provider: LocalProvider; refs: number }>();

export class LocalProvider implements AiProvider {
  /** The process's provider for this model, loaded on first use; release it with `close()`. */
  static forModel(opts: LocalProviderOptions): LocalProvider {
    const key = `${opts.modelPath}\0${opts.threads}\0${opts.contextSize ?? ''}`;
    const entry = shared.get(key) ?? { provider: new LocalProvider(opts, key), refs: 0 };
    entry.refs++;
    shared.set(key, entry);
    return entry.provider;
  }

  readonly name = 'local' as const;
  readonly model: string;
  /** Milliseconds the model took to load (null before the first use). */
  loadMs: number | null = null;
  private loading: Promise<Loaded> | null = null;
  private readonly queue = new SerialQueue();

  constructor(private readonly opts: LocalProviderOptions, private readonly sharedKey: string | null = null) {
    this.model = path.basename(opts.modelPath).replace(/\.gguf$/i, '');
  }

  /** Loads the model now (tests and the bench measure the load separately). */
  load(): Promise<Loaded> {
    this.loading ??= this.loadModel().catch((err) => {
      this.loading = null;
      throw err;
    });
    return this.loading;
  }

  private async loadModel(): Promise<Loaded> {
    if (!fs.existsSync(this.opts.modelPath)) {
      throw new AppError('AI_UNAVAILABLE', `The model file ${this.opts.modelPath} is missing: run scripts/fetch-model.sh or set DEVSMITH_AI_MODEL_PATH.`);
    }
    const started = performance.now();
    const { getLlama, LlamaLogLevel } = await import('node-llama-cpp').catch((err: Error) => {
      // The Docker image leaves the local model runtime out unless built with LOCAL_AI=on (docs/deploy.md).
      throw new AppError('AI_UNAVAILABLE', `The local model runtime (node-llama-cpp) is not installed here (${err.message.split('\n')[0]}): build the image with --build-arg LOCAL_AI=on, or use DEVSMITH_AI_PROVIDER=openai.`);
    });
    // build: 'never': the prebuilt CPU binary that comes with the package, never a download or a compile at run time.
    const llama = await getLlama({ build: 'never', gpu: false, logLevel: LlamaLogLevel.error });
    const model = await llama.loadModel({ modelPath: this.opts.modelPath });
    const context = await model.createContext({ contextSize: Math.min(this.opts.contextSize ?? 4096, model.trainContextSize), threads: this.opts.threads });
    this.loadMs = performance.now() - started;
    return { llama, model, context, sequence: context.getSequence() };
  }

  async complete(prompt: AiPrompt, opts: CompleteOptions): Promise<Completion> {
    const d = deadline(opts);
    try {
      const loaded = await this.load();
      const text = await this.queue.run(d.signal, () => this.generate(loaded, prompt, opts.maxTokens, d.signal));
      return { text: text.trim(), model: this.model };
    } catch (err) {
      throw d.failure(err);
    } finally {
      d.dispose();
    }
  }

  private async generate(loaded: Loaded, prompt: AiPrompt, maxTokens: number, signal: AbortSignal): Promise<string> {
    const { LlamaChatSession } = await import('node-llama-cpp');
    // A fresh session per answer on the shared sequence: no answer sees another's conversation.
    loaded.sequence.clearHistory();
    const session = new LlamaChatSession({ contextSequence: loaded.sequence, systemPrompt: prompt.system, autoDisposeSequence: false });
    try {
      return await session.prompt(prompt.user, { maxTokens, signal, temperature: 0.2, seed: 1 });
    } finally {
      session.dispose({ disposeSequence: false });
    }
  }

  /** Drops one user of a shared provider; the model is freed when the last one closes. */
  async close(): Promise<void> {
    const entry = this.sharedKey === null ? undefined : shared.get(this.sharedKey);
    if (entry && --entry.refs > 0) return;
    if (this.sharedKey !== null) shared.delete(this.sharedKey);
    const loaded = await this.loading?.catch(() => null);
    this.loading = null;
    if (loaded) await loaded.llama.dispose();
  }
}
