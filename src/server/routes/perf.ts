/** /api/perf/*: request and operation performance of one project the user may see (src/perf). */
import type { FastifyInstance } from 'fastify';
import { requireUser } from '../plugins/auth.js';
import type { Services } from '../services.js';
import { logView } from '../views.js';
import {
  CompareOut, CompareQuery, DistributionOut, PerfQuery, RoutesOut, RoutesQuery, ServicesOut, SlowestOut, SlowestQuery, SummaryOut,
  TimeseriesOut, TimeseriesQuery,
} from '../perf-schemas.js';
import { parseMetrics, stepOf, type PerfBy, type PerfParams, type PerfSort } from '../../perf/params.js';
import { compare, distribution, slowest, timeseries, type CompareParams } from '../../perf/series.js';

type RoutesParams = PerfParams & { sort?: PerfSort; order?: 'asc' | 'desc'; limit?: number };
type SeriesParams = PerfParams & { metric?: string; by?: PerfBy; step?: number };

export async function perfRoutes(app: FastifyInstance, opts: { services: Services }) {
  const { perf } = opts.services;
  const onRequest = requireUser(opts.services);
  const tags = ['performance'];

  app.get('/api/perf/summary', {
    onRequest,
    schema: { tags, summary: 'Rate, errors, p50/p90/p95/p99 and Apdex over a range, and over the range before', querystring: PerfQuery, response: { 200: SummaryOut } },
  }, async (request) => perf.summary(request.user!, request.query as PerfParams));

  app.get('/api/perf/routes', {
    onRequest,
    schema: { tags, summary: 'Routes and operations with their stats, sorted; "slower" when p95 rose vs the range before', querystring: RoutesQuery, response: { 200: RoutesOut } },
  }, async (request) => {
    const q = request.query as RoutesParams;
    return perf.routes(request.user!, q, q.sort ?? 'p95', q.order ?? 'desc', q.limit ?? 100);
  });

  app.get('/api/perf/services', {
    onRequest,
    schema: { tags, summary: 'Stats per service, with the range before', querystring: PerfQuery, response: { 200: ServicesOut } },
  }, async (request) => perf.services(request.user!, request.query as PerfParams));

  app.get('/api/perf/timeseries', {
    onRequest,
    schema: { tags, summary: 'Metrics per time bucket, split by route, service or version (top 10)', querystring: TimeseriesQuery, response: { 200: TimeseriesOut } },
  }, async (request) => {
    const q = request.query as SeriesParams;
    const metrics = parseMetrics(q.metric);
    return timeseries(perf, request.user!, q, metrics, q.by ?? 'none', (r) => stepOf(r, q.step));
  });

  app.get('/api/perf/distribution', {
    onRequest,
    schema: { tags, summary: 'Latency histogram (sketch buckets, at most 60 bars) with p50/p95/p99', querystring: PerfQuery, response: { 200: DistributionOut } },
  }, async (request) => distribution(perf, request.user!, request.query as PerfParams));

  app.get('/api/perf/slowest', {
    onRequest,
    schema: { tags, summary: 'The slowest request logs of the range, slowest first', querystring: SlowestQuery, response: { 200: SlowestOut } },
  }, async (request) => {
    const q = request.query as PerfParams & { limit?: number };
    return { data: (await slowest(perf, request.user!, q, q.limit ?? 20)).map(logView) };
  });

  app.get('/api/perf/compare', {
    onRequest,
    schema: { tags, summary: 'Two ranges (a_from..a_to, b_from..b_to) or two releases (a_version, b_version over from..to)', querystring: CompareQuery, response: { 200: CompareOut } },
  }, async (request) => compare(perf, request.user!, request.query as CompareParams));
}
