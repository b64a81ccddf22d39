/**
 * The OpenAI-compatible provider: POST {baseUrl}/chat/completions (Ollama, llama.cpp server, vLLM, OpenAI...).
 * The base URL is the API root, usually ending in /v1 (http://127.0.0.1:11434/v1 for Ollama).
 */
import { AppError } from '../../errors.js';
import { deadline, type AiPrompt, type AiProvider, type CompleteOptions, type Completion } from './provider.js';

export interface OpenAiProviderOptions {
  baseUrl: string;
  model: string;
  apiKey: string | null;
}

interface ChatCompletionResponse {
  model?: string;
  choices?: Array<{ message?: { content?: string | null } }>;
}

export class OpenAiProvider implements AiProvider {
  readonly name = 'openai' as const;
  readonly model: string;

  constructor(private readonly opts: OpenAiProviderOptions) {
    this.model = opts.model;
  }

  /** True when the server is this machine: logs sent there never leave it. */
  get isLoopback(): boolean {
    return isLoopbackUrl(this.opts.baseUrl);
  }

  async complete(prompt: AiPrompt, opts: CompleteOptions): Promise<Completion> {
    const d = deadline(opts);
    try {
      const res = await fetch(`${this.opts.baseUrl.replace(/\/+$/, '')}/chat/completions`, {
        method: 'POST',
        signal: d.signal,
        headers: { 'content-type': 'application/json', ...(this.opts.apiKey ? { authorization: `Bearer ${this.opts.apiKey}` } : {}) },
        body: JSON.stringify({
          model: this.opts.model,
          messages: [{ role: 'system', content: prompt.system }, { role: 'user', content: prompt.user }],
          max_tokens: opts.maxTokens,
          temperature: 0.2,
          stream: false,
        }),
      });
      const body = await res.text();
      if (!res.ok) throw new AppError('AI_PROVIDER_FAILED', `The AI server answered ${res.status}: ${body.slice(0, 300)}`);
      let parsed: ChatCompletionResponse;
      try {
        parsed = JSON.parse(body) as ChatCompletionResponse;
      } catch {
        throw new AppError('AI_PROVIDER_FAILED', 'The AI server answered with something that is not JSON.');
      }
      const text = parsed.choices?.[0]?.message?.content;
      if (typeof text !== 'string') throw new AppError('AI_PROVIDER_FAILED', 'The AI server answered without choices[0].message.content.');
      return { text: text.trim(), model: parsed.model || this.opts.model };
    } catch (err) {
      const failure = d.failure(err);
      if (failure === err && !(err instanceof AppError)) {
        throw new AppError('AI_PROVIDER_FAILED', `The AI server at ${this.opts.baseUrl} could not be reached: ${(err as Error).message}`);
      }
      throw failure;
    } finally {
      d.dispose();
    }
  }
}

export function isLoopbackUrl(url: string): boolean {
  const host = new URL(url).hostname.replace(/^\[|\]$/g, '').toLowerCase();
  return host === 'localhost' || host.endsWith('.localhost') || /^127\./.test(host) || host === '::1' || host === '::ffff:127.0.0.1';
}
