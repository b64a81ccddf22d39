/** /api/plans (admins edit; every user reads) and a project's usage per day: thin routes over src/quotas. */
import type { FastifyInstance } from 'fastify';
import { Type, type Static } from '@sinclair/typebox';
import type { Plan } from '../../store/quota-types.js';
import { usageReport, type DayCounts } from '../../quotas/usage.js';
import { requireUser } from '../plugins/auth.js';
import type { Services } from '../services.js';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);
/**
 * A type list, not anyOf [integer, null]: with the server's type coercion, anyOf would turn a 0 that fails
 * the integer branch into null, and a quota of 0 into "unlimited".
 */
const nullableInt = (o: { minimum: number; maximum: number; description: string }) => Type.Unsafe<number | null>({ type: ['integer', 'null'], ...o });
const Quota = nullableInt({ minimum: 1, maximum: 1e15, description: 'logs per UTC day; null: unlimited' });
const Rate = nullableInt({ minimum: 1, maximum: 100_000_000, description: 'ingest requests per minute; null: the server default' });

const PlanView = Type.Object({
  id: Type.Integer(),
  slug: Type.String(),
  name: Type.String(),
  daily_quota: Nullable(Type.Integer()),
  rate_limit_per_minute: Nullable(Type.Integer()),
  default: Type.Boolean({ description: 'the plan of projects without one (DEVSMITH_DEFAULT_PLAN)' }),
});
const PlanInput = Type.Object({
  slug: Type.String({ minLength: 1, maxLength: 32 }),
  name: Type.String({ minLength: 1, maxLength: 100 }),
  daily_quota: Quota,
  rate_limit_per_minute: Type.Optional(Rate),
}, { additionalProperties: false });
const PlanPatch = Type.Partial(Type.Object({ ...PlanInput.properties, rate_limit_per_minute: Rate }), { additionalProperties: false });
const IdParams = Type.Object({ id: Type.Integer({ minimum: 1 }) });
const Counts = { accepted: Type.Integer(), sampled_out: Type.Integer(), refused: Type.Integer() };
const UsageView = Type.Object({
  project_id: Type.Integer(),
  plan: PlanView,
  sampling: Nullable(Type.Record(Type.String(), Type.Number())),
  today: Type.Object({
    day: Type.String(),
    accepted: Type.Integer(),
    quota: Nullable(Type.Integer()),
    remaining: Nullable(Type.Integer()),
    reset_at: Type.String({ description: 'next UTC midnight' }),
  }),
  days: Type.Array(Type.Object({
    day: Type.String({ description: 'UTC day, YYYY-MM-DD' }),
    ...Counts,
    sent: Type.Integer({ description: 'accepted + sampled out: the volume the application sent (an estimate of its true volume when sampled)' }),
    by_level: Type.Record(Type.String(), Type.Object(Counts)),
  })),
});

const counts = (c: DayCounts) => ({ accepted: c.accepted, sampled_out: c.sampledOut, refused: c.refused });

export async function planRoutes(app: FastifyInstance, opts: { services: Services }) {
  const { services } = opts;
  const { plans } = services.quotas;
  const auth = requireUser(services);
  const admin = requireUser(services, { admin: true });
  const planView = (p: Plan) => ({
    id: p.id, slug: p.slug, name: p.name, daily_quota: p.dailyQuota, rate_limit_per_minute: p.rateLimitPerMinute,
    default: p.slug === services.config.defaultPlan,
  });

  app.get('/api/plans', {
    onRequest: auth,
    schema: { tags: ['plans'], summary: 'Plans: daily log quota and rate limit', response: { 200: Type.Object({ data: Type.Array(PlanView) }) } },
  }, async () => ({ data: (await plans.list()).map(planView) }));

  app.post('/api/plans', {
    onRequest: admin,
    schema: { tags: ['plans'], summary: 'Create a plan (admin)', body: PlanInput, response: { 201: Type.Object({ plan: PlanView }) } },
  }, async (request, reply) => {
    const b = request.body as Static<typeof PlanInput>;
    const plan = await plans.create(request.user!, { slug: b.slug, name: b.name, dailyQuota: b.daily_quota, rateLimitPerMinute: b.rate_limit_per_minute ?? null });
    reply.code(201);
    return { plan: planView(plan) };
  });

  app.patch('/api/plans/:id', {
    onRequest: admin,
    schema: { tags: ['plans'], summary: 'Change a plan (admin); projects on it follow within seconds', params: IdParams, body: PlanPatch, response: { 200: Type.Object({ plan: PlanView }) } },
  }, async (request) => {
    const b = request.body as Static<typeof PlanPatch>;
    const plan = await plans.update(request.user!, (request.params as { id: number }).id, {
      slug: b.slug, name: b.name, dailyQuota: b.daily_quota, rateLimitPerMinute: b.rate_limit_per_minute,
    });
    return { plan: planView(plan) };
  });

  app.get('/api/logs/projects/:id/usage', {
    onRequest: auth,
    schema: {
      tags: ['projects'],
      summary: "A project's logs per UTC day: accepted, sampled out, refused over quota; its plan and today's quota",
      params: Type.Object({ id: Type.String({ description: 'numeric id or slug' }) }),
      querystring: Type.Object({ days: Type.Optional(Type.Integer({ minimum: 1, maximum: 400, default: 30 })) }),
      response: { 200: UsageView },
    },
  }, async (request) => {
    const project = await services.projects.get(request.user!, (request.params as { id: string }).id);
    const now = services.quotas.now();
    const days = (request.query as { days?: number }).days ?? 30;
    const report = await usageReport(services.store, project.id, await plans.policy(project.id, now), days, now);
    const { resetAt, ...today } = report.today;
    return {
      project_id: project.id,
      plan: planView(report.plan),
      sampling: report.sampling,
      today: { ...today, reset_at: new Date(resetAt).toISOString() },
      days: report.days.map((d) => ({
        day: d.day,
        ...counts(d),
        sent: d.accepted + d.sampledOut,
        by_level: Object.fromEntries(Object.entries(d.byLevel).map(([level, c]) => [level, counts(c)])),
      })),
    };
  });
}
