/**
 * Insights end to end (issue 17), in real headless Chromium against the real server with the real local model
 * (SmolLM2 through node-llama-cpp; `scripts/fetch-model.sh` puts it in models/). Three hours of ordinary traffic
 * from two services, then an incident in the last ten minutes: a burst of a new error line ("payment gateway
 * timeout…") that multiplies the checkout service's volume. The Insights page shows the new pattern (marked New,
 * its variable parts highlighted), the spike in the anomaly list and shaded on the volume chart; "Explain" on the
 * pattern returns an answer whose evidence links open dashboard pages; "Ask" shows an editable query that is
 * checked as it is edited and opens the explorer only on click. Log text full of markup stays text.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, existsSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { startServer, type RunningServer } from '../helpers/server.ts';
import { ROOT, SCREENSHOTS, ensureWebBuild, launchBrowser, newContext, screenshot, sendLogs, setupThroughApi, type LogInput } from './support.ts';

const MIN = 60_000;
const MODEL = process.env.DEVSMITH_AI_MODEL_PATH ?? join(ROOT, 'models', 'SmolLM2-135M-Instruct.Q4_1.gguf');
const XSS = `<img src=x onerror="window.__pwned='pattern'"><script>window.__pwned='script'</script>`;

/** Deterministic spread, so a run is the same every time. */
const pick = <T,>(list: T[], i: number) => list[(i * 7919) % list.length];

/** Ordinary lines: four shapes with varying numbers and ids, `perMinute` of them a minute, for `minutes` minutes back. */
function baseline(minutes: number, perMinute: number): LogInput[] {
  const logs: LogInput[] = [];
  for (let m = minutes; m > 0; m--) {
    for (let k = 0; k < perMinute; k++) {
      const i = m * perMinute + k;
      const at = new Date(Date.now() - m * MIN + k * (MIN / perMinute)).toISOString();
      const shapes = [
        `user ${1000 + (i % 97)} logged in from 10.0.${i % 7}.${i % 250}`,
        `GET /products/${i % 300} 200 in ${10 + (i % 40)} ms`,
        `cache hit for key product:${i % 300}`,
        `order ${50_000 + i} created with ${1 + (i % 5)} items`,
      ];
      logs.push({ level: 'INFO', message: pick(shapes, i), timestamp: at });
    }
  }
  return logs;
}

/** The incident: a new error line, `perMinute` a minute over the last `minutes` minutes. */
function incident(minutes: number, perMinute: number): LogInput[] {
  const logs: LogInput[] = [];
  for (let m = minutes; m > 0; m--) {
    for (let k = 0; k < perMinute; k++) {
      const i = m * perMinute + k;
      logs.push({
        level: 'ERROR',
        message: `payment gateway timeout after ${3000 + (i % 900)} ms for order ${70_000 + i}`,
        timestamp: new Date(Date.now() - m * MIN + k * (MIN / perMinute) + 500).toISOString(),
        context: { gateway: 'stripe', attempt: 1 + (i % 3) },
      });
    }
  }
  return logs;
}

describe('insights', { timeout: 1_500_000 }, () => {
  let server: RunningServer;
  let browser: Browser;
  let page: Page;
  let slug = '';
  let key = '';
  const pageErrors: string[] = [];
  const dialogs: string[] = [];

  const send = async (service: string, logs: LogInput[]) => {
    for (let i = 0; i < logs.length; i += 500) {
      const response = await sendLogs(server.url, key, service, logs.slice(i, i + 500), { host: `${service}-1`, version: '2.4.0' });
      assert.equal(response.status, 201, await response.text());
    }
  };

  before(async () => {
    if (!existsSync(MODEL)) throw new Error(`the local model is missing at ${MODEL}: run scripts/fetch-model.sh (or set DEVSMITH_AI_MODEL_PATH)`);
    ensureWebBuild();
    // Generation capped small: the test checks the plumbing (evidence, links, cancel), not the prose of a 135M model.
    server = await startServer({
      env: { LOG_LEVEL: 'warn', DEVSMITH_AI_PROVIDER: 'local', DEVSMITH_AI_MODEL_PATH: MODEL, DEVSMITH_AI_MAX_TOKENS: '48', DEVSMITH_AI_TIMEOUT_MS: '240000' },
    });
    browser = await launchBrowser();
    page = await (await newContext(browser, server.url)).newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    ({ slug, key } = await setupThroughApi(page, 'Checkout'));
    await send('web', baseline(180, 4));
    await send('checkout', baseline(180, 3));
    await send('checkout', [{ level: 'WARN', message: `rejected coupon ${XSS}`, timestamp: new Date(Date.now() - 20 * MIN).toISOString() }]);
    await send('checkout', incident(10, 40));
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
    if (server) rmSync(server.dataDir, { recursive: true, force: true });
  });

  it('the nav leads to Insights; the new error pattern is listed as New with its variable parts marked', async () => {
    await page.goto('/');
    await page.getByRole('link', { name: /Insights/ }).click();
    await page.waitForURL((u) => u.pathname === '/insights' && u.searchParams.get('project') === slug);
    const row = page.getByTestId('pattern-row').filter({ hasText: 'payment gateway timeout' });
    await row.first().waitFor({ timeout: 60_000 });
    assert.equal(await row.first().getAttribute('data-status'), 'new');
    assert.match((await row.first().textContent()) ?? '', /New/);
    const marks = await row.first().locator('.pattern-var').allTextContents();
    assert.ok(marks.length >= 2 && marks.every((m) => m === '<*>'), `wildcards highlighted: ${JSON.stringify(marks)}`);
    // The ordinary lines are patterns too, and none of them is new.
    const statuses = await page.getByTestId('pattern-row').evaluateAll((els) => els.map((el) => el.getAttribute('data-status')));
    assert.ok(statuses.length >= 4, `several patterns: ${statuses.join(',')}`);
    assert.equal(statuses.filter((s) => s === 'new').length <= 2, true, `few new patterns: ${statuses.join(',')}`);

    await row.first().getByTestId('pattern-examples-toggle').click();
    const example = page.getByTestId('pattern-example').first();
    assert.match((await example.textContent()) ?? '', /payment gateway timeout after \d+ ms for order \d+/);
  });

  it('the checkout spike is listed as an anomaly and shaded on the volume chart', async () => {
    const anomaly = page.getByTestId('anomaly').filter({ hasText: 'checkout' });
    await anomaly.first().waitFor({ timeout: 60_000 });
    assert.match((await anomaly.first().textContent()) ?? '', /(Spike|Level shift) in (log volume|error rate) of checkout/);
    const chart = page.getByTestId('insights-volume');
    await page.waitForFunction(() => Number(document.querySelector('[data-testid="insights-volume"]')?.getAttribute('data-bands')) > 0, undefined, {
      timeout: 30_000,
    });
    const series = JSON.parse((await chart.getAttribute('data-series')) ?? '{}') as Record<string, number[]>;
    assert.ok(Math.max(...series.Errors) > 0, 'the errors line shows the incident');
    await page.evaluate(() => window.scrollTo(0, 0));
    await screenshot(page, 'insights-01-page');
    if (process.env.DEVSMITH_UPDATE_DOC_SCREENSHOTS === '1') {
      mkdirSync(join(ROOT, 'docs', 'screenshots'), { recursive: true });
      copyFileSync(join(SCREENSHOTS, 'insights-01-page.png'), join(ROOT, 'docs', 'screenshots', 'insights.png'));
    }
  });

  it('the Explore button opens the explorer filtered to the pattern, over the same range, the anomaly shaded', async () => {
    const row = page.getByTestId('pattern-row').filter({ hasText: 'payment gateway timeout' }).first();
    await row.getByTestId('pattern-explore').click();
    await page.waitForURL((u) => u.pathname === '/explore');
    const url = new URL(page.url());
    assert.match(url.searchParams.get('q') ?? '', /payment gateway timeout after/);
    assert.ok(url.searchParams.get('from') && url.searchParams.get('to'), 'the range travels too');
    await page.getByTestId('log-message').first().waitFor({ timeout: 20_000 });
    const messages = await page.getByTestId('log-message').allTextContents();
    assert.ok(messages.length > 0 && messages.every((m) => m.startsWith('payment gateway timeout')), messages.slice(0, 3).join(' | '));
    // The explorer's histogram shades the same anomalies.
    await page.getByTestId('histogram-mark').first().waitFor({ state: 'attached', timeout: 30_000 });
    await page.goBack();
  });

  it('Explain on the pattern shows a spinner, then an answer whose evidence links open dashboard pages', async () => {
    const row = page.getByTestId('pattern-row').filter({ hasText: 'payment gateway timeout' }).first();
    await row.waitFor({ timeout: 60_000 });
    await row.getByTestId('explain-button').click();
    const dialog = page.getByTestId('explain-dialog');
    await dialog.waitFor();
    assert.equal(await dialog.getAttribute('data-state'), 'running');
    await page.waitForFunction(() => document.querySelector('[data-testid="explain-dialog"]')?.getAttribute('data-state') !== 'running', undefined, {
      timeout: 300_000,
    });
    assert.equal(await dialog.getAttribute('data-state'), 'done', (await dialog.textContent()) ?? '');
    const answer = page.getByTestId('ai-answer');
    assert.match((await answer.locator('.answer-meta').textContent()) ?? '', /local · SmolLM2/i);
    const links = page.getByTestId('evidence-list').locator('a');
    assert.ok((await links.count()) > 0, 'the answer lists its evidence');
    const hrefs = await links.evaluateAll((els) => els.map((el) => el.getAttribute('href') ?? ''));
    assert.ok(hrefs.every((h) => h.startsWith('/') && !h.startsWith('//')), JSON.stringify(hrefs));
    assert.match((await page.getByTestId('evidence-list').textContent()) ?? '', /E1/);
    await screenshot(page, 'insights-02-explain');
    // E1 is the pattern itself and links to this very page: following it must still close the answer (the URL
    // does not change, so only the click can say so). Then a link to another page: the URL must reach it.
    const here = await page.evaluate(() => location.pathname + location.search);
    assert.equal(hrefs[0], here, 'E1 names the page the pattern is on');
    await links.first().click();
    await page.getByTestId('explain-dialog').waitFor({ state: 'detached', timeout: 5_000 });
    assert.equal(await page.locator('.backdrop').count(), 0, 'no backdrop left over the page');
    await row.getByTestId('explain-button').click();
    await page.waitForFunction(() => document.querySelector('[data-testid="explain-dialog"]')?.getAttribute('data-state') !== 'running', undefined, {
      timeout: 300_000,
    });
    const away = page.getByTestId('evidence-list').locator('a[href^="/explore/log/"]').first();
    const target = (await away.getAttribute('href')) ?? '';
    assert.notEqual(target, here);
    await away.click();
    await page.waitForFunction((want) => location.pathname + location.search === want, target, { timeout: 15_000 });
    await page.getByTestId('explain-dialog').waitFor({ state: 'detached', timeout: 5_000 });
    await page.goBack();
    await page.waitForURL((u) => u.pathname === '/insights');
  });

  it('Explain can be cancelled while the model works', async () => {
    const anomaly = page.getByTestId('anomaly').first();
    await anomaly.waitFor({ timeout: 60_000 });
    await anomaly.getByTestId('explain-button').click();
    await page.getByTestId('explain-cancel').click();
    assert.equal(await page.getByTestId('explain-dialog').getAttribute('data-state'), 'cancelled');
    await page.getByRole('button', { name: 'Close' }).last().click();
    await page.getByTestId('explain-dialog').waitFor({ state: 'detached' });
  });

  it('Ask shows an editable query checked as it is edited; Run opens the explorer only on click', async () => {
    await page.getByTestId('ask-question').fill('errors from the checkout service');
    await page.getByTestId('ask-submit').click();
    await page.locator('[data-testid="ask-result"], [data-testid="ai-problem"]').first().waitFor({ timeout: 300_000 });
    assert.equal(await page.getByTestId('ai-problem').count(), 0, (await page.getByTestId('ai-problem').textContent().catch(() => '')) ?? '');
    assert.equal(new URL(page.url()).pathname, '/insights', 'nothing ran by itself');
    const query = page.getByTestId('ask-query');
    await query.fill('level:error AND (service:checkout');
    assert.equal(await query.getAttribute('data-valid'), 'false');
    assert.ok(await page.getByTestId('ask-run').isDisabled(), 'an invalid query cannot run');
    await query.fill('level:error service:checkout');
    assert.equal(await query.getAttribute('data-valid'), 'true');
    await page.getByTestId('ask-run').click();
    await page.waitForURL((u) => u.pathname === '/explore' && u.searchParams.get('q') === 'level:error service:checkout');
    await page.goBack();
  });

  it('past answers are listed and re-open with their evidence; log markup ran nothing', async () => {
    await page.getByTestId('answer-history').locator('button').first().waitFor({ timeout: 20_000 });
    await page.getByTestId('answer-history').locator('button').first().click();
    await page.getByTestId('ai-answer').waitFor();
    assert.equal(await page.evaluate(() => (window as unknown as { __pwned?: string }).__pwned), undefined);
    assert.deepEqual(dialogs, []);
    assert.deepEqual(pageErrors, []);
  });
});
