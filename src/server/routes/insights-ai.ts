/** /api/insights/ai, explain, summarize, ask, answers: AI answers over a project's logs (src/insights/ai). */
import type { FastifyInstance, FastifyReply } from 'fastify';
import { Type, type Static } from '@sinclair/typebox';
import { AppError } from '../../errors.js';
import { AiCancelledError } from '../../insights/ai/provider.js';
import type { InsightAnswer } from '../../store/insight-types.js';
import { parseQ, parseTime } from '../../query/params.js';
import { requireUser } from '../plugins/auth.js';
import { AiStatusOut, AnswerOut, AnswersQuery, AskBody, AskOut, ExplainBody, SummarizeBody } from '../insights-ai-schemas.js';
import type { Services } from '../services.js';

export function answerView(a: InsightAnswer) {
  return {
    id: a.id, project_id: a.projectId, kind: a.kind, target: a.target, model: a.model, provider: a.provider,
    created_at: new Date(a.createdAt).toISOString(), took_ms: Math.round(a.tookMs), text: a.text,
    sections: a.sections && { summary: a.sections.summary, likely_causes: a.sections.likelyCauses, next_steps: a.sections.nextSteps },
    evidence: a.evidence, prompt_chars: a.promptChars, scrubbed: a.scrubbed,
  };
}

/** Aborted when the client goes away before the answer is sent: the generation stops with it. */
function disconnectSignal(reply: FastifyReply): AbortSignal {
  const c = new AbortController();
  reply.raw.on('close', () => {
    if (!reply.raw.writableFinished) c.abort();
  });
  return c.signal;
}

async function cancellable<T>(work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (err) {
    if (err instanceof AiCancelledError) throw new AppError('CLIENT_CLOSED', 'The client closed the request; the generation was stopped.');
    throw err;
  }
}

export async function insightsAiRoutes(app: FastifyInstance, opts: { services: Services }) {
  const ai = opts.services.insightsAi;
  const auth = requireUser(opts.services);
  const tags = ['insights'];
  const created = { 201: AnswerOut };

  app.get('/api/insights/ai', {
    onRequest: auth,
    schema: { tags, summary: 'The AI provider in use and whether it can answer', response: { 200: AiStatusOut } },
  }, async () => ai.providers.status());

  app.post('/api/insights/explain', {
    onRequest: auth,
    schema: { tags, summary: 'Explain a log, error group, pattern, anomaly or range from its evidence; the answer is stored', body: ExplainBody, response: created },
  }, async (request, reply) => {
    const { project_id, target } = request.body as Static<typeof ExplainBody>;
    const now = Date.now();
    const req = {
      type: target.type, id: target.id, from: parseTime(target.from, 'target.from', now), to: parseTime(target.to, 'target.to', now),
      filter: target.q?.trim() ? { query: parseQ(target.q) } : undefined, raw: target as Record<string, unknown>,
    };
    const answer = await cancellable(ai.explain(request.user!, project_id, req, disconnectSignal(reply)));
    reply.code(201);
    return answerView(answer);
  });

  app.post('/api/insights/summarize', {
    onRequest: auth,
    schema: { tags, summary: "Summarise a project's logs over a range (default the last hour); the answer is stored", body: SummarizeBody, response: created },
  }, async (request, reply) => {
    const b = request.body as Static<typeof SummarizeBody>;
    const now = Date.now();
    const answer = await cancellable(ai.summarize(request.user!, b.project_id, parseTime(b.from, 'from', now), parseTime(b.to, 'to', now), disconnectSignal(reply)));
    reply.code(201);
    return answerView(answer);
  });

  app.post('/api/insights/ask', {
    onRequest: auth,
    schema: { tags, summary: 'A question in plain language turned into a parse-checked query (never run by the server)', body: AskBody, response: { 200: AskOut } },
  }, async (request, reply) => {
    const b = request.body as Static<typeof AskBody>;
    return cancellable(ai.ask(request.user!, b.project_id, b.question, disconnectSignal(reply)));
  });

  app.get('/api/insights/answers', {
    onRequest: auth,
    schema: { tags, summary: "A project's stored answers, newest first", querystring: AnswersQuery, response: { 200: Type.Object({ data: Type.Array(AnswerOut) }) } },
  }, async (request) => {
    const q = request.query as Static<typeof AnswersQuery>;
    return { data: (await ai.list(request.user!, q.project_id, q.limit ?? 20)).map(answerView) };
  });

  app.get('/api/insights/answers/:id', {
    onRequest: auth,
    schema: { tags, summary: 'One stored answer with its evidence', params: Type.Object({ id: Type.String({ maxLength: 20 }) }), response: { 200: AnswerOut } },
  }, async (request) => answerView(await ai.get(request.user!, (request.params as { id: string }).id)));
}
