/** Schemas of /api/insights AI routes (contract: insights-api.md, "AI"). */
import { Type } from '@sinclair/typebox';

const Time = Type.String({ description: 'ISO 8601, epoch ms or relative like now-1h' });
const ProjectId = Type.String({ minLength: 1, maxLength: 64, description: 'numeric id or slug' });

export const AiStatusOut = Type.Object({
  provider: Type.Union([Type.Literal('local'), Type.Literal('openai'), Type.Literal('off')]),
  model: Type.Union([Type.String(), Type.Null()]),
  available: Type.Boolean(),
});

export const ExplainBody = Type.Object({
  project_id: ProjectId,
  target: Type.Object({
    type: Type.Union([Type.Literal('log'), Type.Literal('error_group'), Type.Literal('pattern'), Type.Literal('anomaly'), Type.Literal('range')]),
    id: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
    from: Type.Optional(Time),
    to: Type.Optional(Time),
    q: Type.Optional(Type.String({ maxLength: 2048 })),
  }, { additionalProperties: false }),
}, { additionalProperties: false });

export const SummarizeBody = Type.Object({
  project_id: ProjectId,
  from: Type.Optional(Time),
  to: Type.Optional(Time),
}, { additionalProperties: false });

export const AskBody = Type.Object({
  project_id: ProjectId,
  question: Type.String({ minLength: 1, maxLength: 1000 }),
}, { additionalProperties: false });

export const AskOut = Type.Object({
  query: Type.Union([Type.String(), Type.Null()]),
  valid: Type.Boolean(),
  error: Type.Union([Type.String(), Type.Null()]),
  explanation: Type.String(),
  model: Type.String(),
});

const Evidence = Type.Object({
  ref: Type.String(),
  type: Type.String(),
  label: Type.String(),
  count: Type.Union([Type.Number(), Type.Null()]),
  id: Type.Union([Type.String(), Type.Null()]),
  url: Type.String(),
});

export const AnswerOut = Type.Object({
  id: Type.String(),
  project_id: Type.Integer(),
  kind: Type.String(),
  target: Type.Object({}, { additionalProperties: true }),
  model: Type.String(),
  provider: Type.String(),
  created_at: Type.String(),
  took_ms: Type.Integer(),
  text: Type.String({ description: 'plain text: escape it when shown' }),
  sections: Type.Union([
    Type.Object({ summary: Type.String(), likely_causes: Type.Array(Type.String()), next_steps: Type.Array(Type.String()) }),
    Type.Null(),
  ]),
  evidence: Type.Array(Evidence),
  prompt_chars: Type.Integer(),
  scrubbed: Type.Integer({ description: 'secrets replaced before the prompt reached the model' }),
});

export const AnswersQuery = Type.Object({
  project_id: ProjectId,
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 20 })),
});
