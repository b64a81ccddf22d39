/**
 * A real OpenAI-compatible server for the HTTP provider's tests: POST /v1/chat/completions answered by the local
 * GGUF model through node-llama-cpp (not a canned reply). It records what it was sent, so tests can check the
 * prompt that left the process (evidence numbered, secrets scrubbed).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { LocalProvider } from '../../src/insights/ai/local-provider.js';

export interface ChatRequest {
  model: string;
  messages: Array<{ role: string; content: string }>;
  max_tokens?: number;
}

export interface OpenAiCompatibleServer {
  url: string; // base URL, ".../v1"
  port: number;
  requests: ChatRequest[];
  close(): Promise<void>;
}

export async function startOpenAiCompatibleServer(provider: LocalProvider, opts: { apiKey?: string; host?: string } = {}): Promise<OpenAiCompatibleServer> {
  const requests: ChatRequest[] = [];
  const server = http.createServer((req, res) => {
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (req.method !== 'POST' || req.url !== '/v1/chat/completions') return send(404, { error: { message: 'not found' } });
    if (opts.apiKey && req.headers.authorization !== `Bearer ${opts.apiKey}`) return send(401, { error: { message: 'invalid api key' } });
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as ChatRequest;
      requests.push(body);
      const system = body.messages.find((m) => m.role === 'system')?.content ?? '';
      const user = body.messages.filter((m) => m.role === 'user').map((m) => m.content).join('\n');
      const abort = new AbortController();
      res.on('close', () => abort.abort());
      provider.complete({ system, user }, { maxTokens: body.max_tokens ?? 64, timeoutMs: 600_000, signal: abort.signal }).then(
        (done) => send(200, {
          id: `chatcmpl-${requests.length}`, object: 'chat.completion', created: Math.floor(Date.now() / 1000), model: body.model,
          choices: [{ index: 0, message: { role: 'assistant', content: done.text }, finish_reason: 'stop' }],
        }),
        (err: Error) => (res.writableEnded || res.destroyed ? undefined : send(500, { error: { message: err.message } })),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, opts.host ?? '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const host = opts.host && opts.host !== '0.0.0.0' ? opts.host : '127.0.0.1';
  return {
    url: `http://${host}:${port}/v1`,
    port,
    requests,
    close: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}
