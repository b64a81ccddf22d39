/**
 * Quotas and sampling in the dashboard (issue 13), in real Chromium against the real server: the projects
 * page shows today's usage against the plan's quota and warns at 80 % and 100 %; the explorer of a sampled
 * project says how many logs were sent and what share was kept, as an estimate.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { ensureWebBuild, launchBrowser, newContext, screenshot, sendLogs, setupThroughApi, startTestServer, waitForCount } from './support.ts';

const info = (n: number) => Array.from({ length: n }, (_, i) => ({ level: 'INFO', message: `info ${i}` }));

describe('quotas and sampling in the dashboard', { timeout: 120_000 }, () => {
  let server: Awaited<ReturnType<typeof startTestServer>>;
  let browser: Browser;
  let page: Page;

  before(async () => {
    ensureWebBuild();
    server = await startTestServer();
    browser = await launchBrowser();
    page = await (await newContext(browser, server.url)).newPage();
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('warns at 80 % and at 100 % of the daily quota; the explorer estimates the volume sent', async () => {
    const { slug, key } = await setupThroughApi(page, 'Quota Lab');
    const plan = await page.request.post('/api/plans', { data: { slug: 'ten', name: 'Ten', daily_quota: 10 } });
    assert.equal(plan.status(), 201);
    const planId = ((await plan.json()) as { plan: { id: number } }).plan.id;
    const patched = await page.request.patch(`/api/logs/projects/${slug}`, { data: { plan_id: planId, sampling: { DEBUG: 0 } } });
    assert.equal(patched.status(), 200);

    assert.equal((await sendLogs(server.url, key, 'web', info(8))).status, 201);
    await page.goto('/projects');
    const banner = page.getByTestId(`quota-banner-${slug}`);
    await banner.waitFor();
    assert.match((await banner.textContent()) ?? '', /used 80 % of its daily quota \(8 of 10 logs, Ten plan\)/);
    assert.match((await page.getByTestId(`quota-${slug}`).textContent()) ?? '', /^8 \/ 10/);

    const debug = await sendLogs(server.url, key, 'web', [{ level: 'DEBUG', message: 'noise' }, { level: 'DEBUG', message: 'noise' }]);
    assert.equal(((await debug.json()) as { sampled_out: number }).sampled_out, 2);
    assert.equal((await sendLogs(server.url, key, 'web', info(3))).status, 200, 'the batch crossing the quota is stored in part');
    assert.equal((await sendLogs(server.url, key, 'web', info(1))).status, 429);
    await page.reload();
    await page.getByTestId(`quota-banner-${slug}`).waitFor();
    assert.match((await page.getByTestId(`quota-banner-${slug}`).textContent()) ?? '', /has used its daily quota \(10 logs, Ten plan\)/);
    assert.equal(await page.getByTestId(`quota-banner-${slug}`).getAttribute('class'), 'banner banner-error');
    await screenshot(page, '30-quota-banner');

    await page.goto(`/explore?project=${slug}&range=24h`);
    await waitForCount(page, 10);
    const hint = page.getByTestId('sampling-hint');
    await hint.waitFor();
    assert.equal((await hint.textContent())?.trim(), '≈ 12 logs sent in 30 days, 83 % kept (estimated)');
  });
});
