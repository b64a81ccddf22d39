/** GET /api/logs/export: exact NDJSON and CSV for a known set, filters, access, bad input; both stores. */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { backends, batch, createMember, createProject, makeApp, setupAdmin, type App, type Session } from '../helpers/app.js';

const T0 = Date.parse('2026-11-20T10:00:00.000Z');
const at = (s: number) => new Date(T0 + s * 1000).toISOString();

// Context keys in jsonb's order (shorter first, then bytewise), so that both stores print them alike.
const KNOWN = [
  { timestamp: at(1), level: 'INFO', service: 'api', message: 'plain message', context: { http: { status: 200 }, user: 'ann' } },
  { timestamp: at(2), level: 'WARN', service: 'api', message: 'with "quotes", and, commas', context: { http: { status: 404 } } },
  { timestamp: at(3), level: 'ERROR', service: 'worker', message: 'multi\nline\r\nmessage', context: { stack: 'Error: x\n    at y (a.js:1:2)' } },
  { timestamp: at(4), level: 'INFO', service: 'worker', message: 'unicode ✓ café 日本 🎉', context: {} },
  { timestamp: at(5), level: 'ERROR', service: 'api', message: '=HYPERLINK("http://evil.example","click")', context: { at: '@SUM(A1)', cmd: '+1+2', neg: -5 } },
  { timestamp: at(6), level: 'DEBUG', service: 'api', message: '-2+3', context: { tab: '\tx', cr: '\rx' } },
];

for (const backend of backends()) {
  describe(`export API (${backend.name})`, () => {
    let app: App;
    let admin: Session;
    let shop: { id: number; slug: string; key: string };
    before(async () => {
      app = await makeApp(backend);
      admin = await setupAdmin(app);
      shop = await createProject(app, admin, 'Shop');
      for (const service of ['api', 'worker']) {
        const logs = KNOWN.filter((l) => l.service === service).map(({ service: _, ...l }) => l);
        assert.equal((await app.app.inject(batch(shop.key, { service_name: service, logs }))).statusCode, 201);
      }
    });
    after(async () => {
      await app.shutdown();
      await backend.cleanup();
    });
    const exportOf = async (qs: string, s: Session = admin) => {
      const res = await app.app.inject({ url: `/api/logs/export?${qs}`, headers: { cookie: s.cookie } });
      assert.equal(res.statusCode, 200, `${qs}: ${res.body}`);
      return res;
    };

    test('NDJSON: one line per log, newest first, the list API\'s fields plus the project slug', async () => {
      const res = await exportOf(`format=ndjson&project=${shop.slug}`);
      assert.equal(res.headers['content-type'], 'application/x-ndjson; charset=utf-8');
      assert.match(String(res.headers['content-disposition']), /^attachment; filename="devsmith-shop-\d{8}T\d{6}Z\.ndjson"$/);
      assert.equal(res.headers['x-total-count'], '6');
      assert.match(String(res.headers['x-request-id']), /^req-/);
      const list = (await app.app.inject({ url: `/api/logs?project=${shop.slug}`, headers: { cookie: admin.cookie } })).json().data;
      const expected = list.map((l: Record<string, unknown>) => {
        const { id, project_id, ...rest } = l;
        return `${JSON.stringify({ id, project: 'shop', project_id, ...rest })}\n`;
      });
      assert.equal(res.body, expected.join(''));
      const lines = res.body.trimEnd().split('\n').map((l) => JSON.parse(l));
      assert.deepEqual(lines.map((l) => l.message), KNOWN.map((l) => l.message).reverse());
      assert.deepEqual(lines.map((l) => l.context), KNOWN.map((l) => l.context).reverse());
    });

    test('CSV with chosen columns: RFC 4180 quoting, unicode, formula cells neutralised', async () => {
      const res = await exportOf(`format=csv&project=${shop.slug}&columns=timestamp,level,service,message,ctx.http.status,ctx.neg,ctx.cmd,ctx.at,ctx.tab,ctx.cr,ctx.nope`);
      assert.equal(res.headers['content-type'], 'text/csv; charset=utf-8; header=present');
      assert.match(String(res.headers['content-disposition']), /filename="devsmith-shop-\d{8}T\d{6}Z\.csv"$/);
      assert.equal(
        res.body,
        'timestamp,level,service,message,ctx.http.status,ctx.neg,ctx.cmd,ctx.at,ctx.tab,ctx.cr,ctx.nope\r\n' +
          `${at(6)},DEBUG,api,'-2+3,,,,,'\tx,"'\rx",\r\n` +
          `${at(5)},ERROR,api,"'=HYPERLINK(""http://evil.example"",""click"")",,-5,'+1+2,'@SUM(A1),,,\r\n` +
          `${at(4)},INFO,worker,unicode ✓ café 日本 🎉,,,,,,,\r\n` +
          `${at(3)},ERROR,worker,"multi\nline\r\nmessage",,,,,,,\r\n` +
          `${at(2)},WARN,api,"with ""quotes"", and, commas",404,,,,,,\r\n` +
          `${at(1)},INFO,api,plain message,200,,,,,,\r\n`,
      );
    });

    test('CSV by default: timestamp, level, project, service, message and the context as JSON', async () => {
      const res = await exportOf(`format=csv&project=${shop.id}&service=api&level=info,warn`);
      assert.equal(res.headers['x-total-count'], '2');
      assert.equal(
        res.body,
        'timestamp,level,project,service,message,context\r\n' +
          `${at(2)},WARN,shop,api,"with ""quotes"", and, commas","{""http"":{""status"":404}}"\r\n` +
          `${at(1)},INFO,shop,api,plain message,"{""http"":{""status"":200},""user"":""ann""}"\r\n`,
      );
    });

    test('the shared filters and limit are honoured', async () => {
      const messages = async (qs: string) => {
        const body = (await exportOf(`format=ndjson&project=${shop.slug}&${qs}`)).body;
        return body.trimEnd().split('\n').filter(Boolean).map((l) => JSON.parse(l).message as string);
      };
      assert.deepEqual(await messages('service=api&level=error'), [KNOWN[4]!.message]);
      assert.deepEqual(await messages('q=quotes'), [KNOWN[1]!.message]);
      assert.deepEqual(await messages('ctx.http.status=404'), [KNOWN[1]!.message]);
      assert.deepEqual(await messages(`from=${at(2)}&to=${at(4)}`), [KNOWN[2]!.message, KNOWN[1]!.message]);
      const limited = await exportOf(`format=ndjson&project=${shop.slug}&limit=2`);
      assert.equal(limited.headers['x-total-count'], '2');
      assert.deepEqual(limited.body.trimEnd().split('\n').map((l) => JSON.parse(l).message), [KNOWN[5]!.message, KNOWN[4]!.message]);
      const none = await exportOf(`format=csv&project=${shop.slug}&service=nothing-here`);
      assert.equal(none.body, 'timestamp,level,project,service,message,context\r\n');
      assert.equal(none.headers['x-total-count'], '0');
    });

    test('a user never exports another user\'s project', async () => {
      const member = await createMember(app, admin);
      const own = await createProject(app, member, 'Member App');
      await app.app.inject(batch(own.key, { service_name: 'mine', logs: [{ level: 'info', message: 'member log' }] }));
      const named = await app.app.inject({ url: `/api/logs/export?format=csv&project=${shop.id}`, headers: { cookie: member.cookie } });
      assert.equal(named.statusCode, 404);
      assert.equal(named.json().code, 'NOT_FOUND');
      const all = await exportOf('format=ndjson', member);
      const lines = all.body.trimEnd().split('\n').map((l) => JSON.parse(l));
      assert.deepEqual(lines.map((l) => [l.project, l.message]), [[own.slug, 'member log']]);
      assert.equal(all.headers['x-total-count'], '1');
      const anonymous = await app.app.inject({ url: '/api/logs/export?format=csv' });
      assert.equal(anonymous.statusCode, 401);
    });

    test('bad format, columns, limit or filter: 400 with a reason, before any byte of a body', async () => {
      const cases: Array<[string, RegExp]> = [
        ['format=xml', /format/],
        ['format=csv&columns=timestamp,constructor', /unknown column "constructor"/],
        ['format=csv&columns=ctx.', /unknown column "ctx\."/],
        ['format=csv&columns=,', /at least one column/],
        ['format=ndjson&columns=message', /columns applies to format=csv only/],
        ['format=csv&limit=0', /limit/],
        ['format=csv&level=loud', /unknown level/],
        ['format=csv&from=yesterday', /from/],
      ];
      for (const [qs, reason] of cases) {
        const res = await app.app.inject({ url: `/api/logs/export?project=${shop.slug}&${qs}`, headers: { cookie: admin.cookie } });
        assert.equal(res.statusCode, 400, qs);
        assert.equal(res.headers['content-type'], 'application/problem+json; charset=utf-8', qs);
        assert.equal(res.json().code, 'VALIDATION_FAILED', qs);
        assert.match(res.json().detail, reason, qs);
      }
    });
  });
}
