/**
 * One interface for every language model the insights use: the local GGUF model (./local-provider.ts) and any
 * OpenAI-compatible server (./openai-provider.ts). A provider gets an already scrubbed prompt; it never sees logs.
 */
import { AppError } from '../../errors.js';

export interface AiPrompt {
  system: string;
  user: string;
}

export interface CompleteOptions {
  maxTokens: number;
  /** Aborted when the client went away: the generation stops. */
  signal?: AbortSignal;
  /** Past this the generation stops and the call fails with AI_TIMEOUT. */
  timeoutMs: number;
}

export interface Completion {
  text: string;
  model: string;
}

export interface AiProvider {
  readonly name: 'local' | 'openai';
  /** The model's name as answers record it. */
  readonly model: string;
  complete(prompt: AiPrompt, opts: CompleteOptions): Promise<Completion>;
}

/** Thrown when the caller's signal aborted (the client disconnected); nothing is stored. */
export class AiCancelledError extends Error {
  constructor() {
    super('the generation was cancelled');
    this.name = 'AiCancelledError';
  }
}

/**
 * The caller's signal and the timeout as one signal, and a way to tell afterwards which of them fired.
 * @example const d = deadline(opts); try { await run(d.signal) } catch (e) { throw d.failure(e) }
 */
export function deadline(opts: CompleteOptions): { signal: AbortSignal; failure(err: unknown): unknown; dispose(): void } {
  const timeout = new AbortController();
  const timer = setTimeout(() => timeout.abort(), opts.timeoutMs);
  const signal = opts.signal ? AbortSignal.any([opts.signal, timeout.signal]) : timeout.signal;
  return {
    signal,
    failure(err) {
      if (opts.signal?.aborted) return new AiCancelledError();
      if (timeout.signal.aborted) return new AppError('AI_TIMEOUT', `The model did not answer within ${opts.timeoutMs} ms (DEVSMITH_AI_TIMEOUT_MS).`);
      return err;
    },
    dispose: () => clearTimeout(timer),
  };
}

/** Runs one task at a time, in order; a waiter whose signal aborts leaves the queue at once. */
export class SerialQueue {
  private tail: Promise<void> = Promise.resolve();

  async run<T>(signal: AbortSignal, task: () => Promise<T>): Promise<T> {
    const previous = this.tail;
    let release!: () => void;
    this.tail = new Promise<void>((r) => (release = r));
    try {
      await new Promise<void>((resolve, reject) => {
        if (signal.aborted) return reject(signal.reason);
        const onAbort = () => reject(signal.reason);
        signal.addEventListener('abort', onAbort, { once: true });
        void previous.then(() => {
          signal.removeEventListener('abort', onAbort);
          resolve();
        });
      });
      if (signal.aborted) throw signal.reason;
      return await task();
    } finally {
      // The next waiter starts after both this task and the one before it are done.
      void previous.then(release);
    }
  }
}
