/**
 * Alerts end to end (issue 15), in real headless Chromium against the real server and a real webhook receiver on
 * 127.0.0.1 (the server runs with DEVSMITH_ALERTS_ALLOW_PRIVATE_TARGETS=1 and a short scheduler tick). Through the
 * dashboard: create a webhook channel (its secret shown once) and send it a test; create a query rule with the form,
 * whose preview says it would have fired on errors two hours ago; ingest matching logs; the rule turns firing in
 * the list, the receiver gets exactly one firing message signed with that secret, and the history shows the
 * summary, the sample lines (markup as text), the delivery and a link that opens the explorer on the exact logs.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { copyFileSync, mkdirSync, rmSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { startServer, type RunningServer } from '../helpers/server.ts';
import { ROOT, SCREENSHOTS, ensureWebBuild, launchBrowser, newContext, screenshot, sendLogs, setupThroughApi, type LogInput } from './support.ts';

const MIN = 60_000;
const XSS = `<img src=x onerror="window.__pwned='sample'">payment failed`;

interface Received {
  headers: IncomingHttpHeaders;
  raw: string;
  body: { kind: string; rule?: { name: string }; summary?: string; logs_url?: string; sample?: Array<{ message: string }> };
}

/** The receiver a customer would run: it records every POST and answers 200. */
async function startReceiver(): Promise<{ server: Server; url: string; received: Received[] }> {
  const received: Received[] = [];
  const server = createServer((req, res) => {
    let raw = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (raw += chunk));
    req.on('end', () => {
      received.push({ headers: req.headers, raw, body: JSON.parse(raw) as Received['body'] });
      res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/devsmith`, received };
}

/** What a receiver must check (docs/alerts-dashboard.md): v1 = hex HMAC-SHA256(secret, timestamp + "." + raw body), fresh. */
function assertSigned(message: Received, secret: string): void {
  const timestamp = String(message.headers['x-devsmith-timestamp']);
  const expected = createHmac('sha256', secret).update(`${timestamp}.${message.raw}`).digest('hex');
  assert.equal(message.headers['x-devsmith-signature'], `v1=${expected}`, 'the signature verifies with the secret shown once');
  assert.ok(Math.abs(Date.now() / 1000 - Number(timestamp)) < 300, `the timestamp is fresh: ${timestamp}`);
}

const errorLog = (message: string, msAgo: number): LogInput => ({ level: 'ERROR', message, timestamp: new Date(Date.now() - msAgo).toISOString(), context: { order: 42 } });

async function until<T>(read: () => T | Promise<T>, ok: (value: T) => boolean, what: string, timeout = 60_000): Promise<T> {
  const deadline = Date.now() + timeout;
  let last = await read();
  while (!ok(last) && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 250));
    last = await read();
  }
  assert.ok(ok(last), `${what}; last seen: ${JSON.stringify(last)}`);
  return last;
}

describe('alerts', { timeout: 300_000 }, () => {
  let server: RunningServer;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let browser: Browser;
  let page: Page;
  let slug = '';
  let key = '';
  let secret = '';
  const pageErrors: string[] = [];
  const dialogs: string[] = [];

  before(async () => {
    ensureWebBuild();
    receiver = await startReceiver();
    server = await startServer({ env: { LOG_LEVEL: 'warn', DEVSMITH_ALERTS_ALLOW_PRIVATE_TARGETS: '1', DEVSMITH_ALERTS_TICK_MS: '500' } });
    browser = await launchBrowser();
    page = await (await newContext(browser, server.url)).newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    ({ slug, key } = await setupThroughApi(page, 'Checkout'));
    // Quiet traffic, and a burst of three payment errors two hours ago: the preview must find that one incident.
    const quiet = Array.from({ length: 20 }, (_, i): LogInput => ({ level: 'INFO', message: `order ${i} paid`, timestamp: new Date(Date.now() - i * 5 * MIN).toISOString() }));
    const burst = [errorLog('payment failed: card declined', 120 * MIN), errorLog('payment failed: card declined', 119 * MIN), errorLog('payment failed: timeout', 118 * MIN)];
    const sent = await sendLogs(server.url, key, 'checkout', [...quiet, ...burst]);
    assert.equal(sent.status, 201, await sent.text());
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
    if (server) rmSync(server.dataDir, { recursive: true, force: true });
    await new Promise((resolve) => receiver?.server.close(resolve));
  });

  it('creates a webhook channel, shows its secret once, and a test send arrives signed', async () => {
    await page.goto(`/alerts?project=${slug}&tab=channels`);
    await page.getByTestId('new-channel').click();
    await page.getByTestId('channel-name').fill('On-call receiver');
    await page.getByTestId('channel-url').fill(receiver.url);
    await page.getByTestId('channel-save').click();
    secret = (await page.getByTestId('channel-secret').textContent({ timeout: 15_000 })) ?? '';
    assert.match(secret, /^whsec_/, 'a generated secret is shown once');
    await page.getByRole('button', { name: 'I have stored the secret' }).click();
    const row = page.getByTestId('channel-row').filter({ hasText: 'On-call receiver' });
    assert.doesNotMatch((await row.textContent()) ?? '', /whsec_/, 'the list never shows the secret');

    await row.getByTestId('channel-test').click();
    await row.locator('[data-testid="channel-test-result"] [data-status="sent"]').waitFor({ timeout: 20_000 });
    assert.match((await row.getByTestId('channel-test-result').textContent()) ?? '', /sent · 200 · 1 attempt/);
    const test = await until(() => receiver.received.filter((m) => m.body.kind === 'test'), (m) => m.length === 1, 'the receiver got the test message');
    assertSigned(test[0]!, secret);
  });

  it('creates a query rule with the form; the preview finds the incident two hours ago', async () => {
    await page.goto(`/alerts?project=${slug}`);
    await page.getByTestId('new-rule').click();
    await page.getByTestId('rule-form').waitFor();
    await page.getByTestId('rule-name').fill('Payment failures');
    await page.getByTestId('rule-severity').selectOption('critical');
    const query = page.getByTestId('rule-query').getByRole('combobox');
    // A query the search language refuses is shown in the box with the server's message, before saving.
    await query.fill('level:error (payment');
    await page.getByTestId('rule-query').getByTestId('query-error').waitFor({ timeout: 20_000 });
    await query.fill('level:error payment');
    await query.press('Escape');
    await page.getByTestId('rule-op').selectOption('>=');
    await page.getByTestId('rule-threshold').fill('3');
    await page.getByTestId('rule-window').fill('5');
    await page.getByTestId('rule-channels').locator('input[data-channel="On-call receiver"]').check();

    const sentence = page.getByTestId('preview-sentence');
    await page.getByTestId('rule-query').getByTestId('query-error').waitFor({ state: 'detached', timeout: 20_000 });
    await page.waitForFunction(() => Number(document.querySelector('[data-testid="preview-sentence"]')?.getAttribute('data-fired')) >= 1, undefined, { timeout: 30_000 });
    assert.match((await sentence.textContent()) ?? '', /^Would have fired once in the last 24 h/);
    const series = JSON.parse((await page.getByTestId('preview-chart').getAttribute('data-series')) ?? '{}') as Record<string, Array<number | null>>;
    assert.ok(Math.max(...(series.Value ?? []).map((v) => v ?? 0)) >= 3, `the value line reaches the burst: ${JSON.stringify(series.Value?.filter(Boolean))}`);
    assert.ok((series.Threshold ?? []).includes(3), 'the threshold line is drawn');
    await screenshot(page, 'alerts-01-rule-preview');

    await page.getByTestId('rule-save').click();
    await page.waitForURL((u) => u.pathname === '/alerts');
    const row = page.locator('[data-testid="rule-row"][data-rule="Payment failures"]');
    await row.waitFor();
    assert.match((await row.textContent()) ?? '', /count of `level:error payment` >= 3 in 5 m/);
    assert.match((await row.textContent()) ?? '', /On-call receiver/);
    await until(() => row.getAttribute('data-state'), (s) => s === 'ok', 'the new rule is evaluated as ok (the burst is out of its window)', 30_000);
  });

  it('matching logs make the rule fire in the UI and the webhook receives one signed message', async () => {
    const sent = await sendLogs(server.url, key, 'checkout', [errorLog('payment failed: card declined', 2000), errorLog(XSS, 1500), errorLog('payment failed: timeout', 1000), errorLog('payment failed: 3DS', 500)]);
    assert.equal(sent.status, 201, await sent.text());
    const row = page.locator('[data-testid="rule-row"][data-rule="Payment failures"]');
    await until(() => row.getAttribute('data-state'), (s) => s === 'firing', 'the rule turns firing in the list', 90_000);
    assert.equal(await row.getByTestId('rule-state').textContent(), 'firing');
    await page.evaluate(() => window.scrollTo(0, 0));
    await screenshot(page, 'alerts-02-firing');

    const firing = await until(() => receiver.received.filter((m) => m.body.kind === 'firing'), (m) => m.length >= 1, 'the webhook received the firing message', 60_000);
    assertSigned(firing[0]!, secret);
    assert.equal(firing[0]!.body.rule?.name, 'Payment failures');
    assert.match(firing[0]!.body.summary ?? '', /level:error payment/);
    // Later ticks see the same incident: still one message.
    await new Promise((r) => setTimeout(r, 3000));
    assert.equal(receiver.received.filter((m) => m.body.kind === 'firing').length, 1, 'one incident, one message');
  });

  it('mute 1 h and unmute from the list', async () => {
    const row = page.locator('[data-testid="rule-row"][data-rule="Payment failures"]');
    await row.getByRole('button', { name: 'Mute 1 h' }).click();
    await until(() => row.getByTestId('rule-state').textContent(), (t) => t === 'firing · muted', 'the badge says muted', 15_000);
    assert.match((await row.textContent()) ?? '', /muted for (59|60) min/);
    await row.getByRole('button', { name: 'Unmute' }).click();
    await until(() => row.getByTestId('rule-state').textContent(), (t) => t === 'firing', 'unmuted again', 15_000);
    assert.equal(await row.getByRole('button', { name: 'Mute 24 h' }).count(), 1);
  });

  it('the history shows why, the sample lines as text, the delivery and a link to the exact logs', async () => {
    await page.goto(`/alerts?project=${slug}&tab=history`);
    const event = page.locator('[data-testid="alert-event"][data-kind="firing"]').first();
    await event.waitFor({ timeout: 20_000 });
    assert.match((await event.getByTestId('alert-summary').textContent()) ?? '', /level:error payment/);
    const lines = await event.getByTestId('alert-sample-line').allTextContents();
    assert.ok(lines.some((l) => l.includes(XSS)), `the markup sample is shown as text: ${JSON.stringify(lines)}`);
    assert.equal(await page.evaluate(() => (window as unknown as { __pwned?: string }).__pwned), undefined, 'no log text ran');
    await event.locator('[data-testid="alert-delivery"][data-status="sent"]').waitFor({ timeout: 20_000 });
    assert.match((await event.getByTestId('alert-delivery').first().textContent()) ?? '', /On-call receiver.*sent · 200/);
    await page.evaluate(() => window.scrollTo(0, 0));
    await screenshot(page, 'alerts-03-history');
    if (process.env.DEVSMITH_UPDATE_DOC_SCREENSHOTS === '1') {
      mkdirSync(join(ROOT, 'docs', 'screenshots'), { recursive: true });
      copyFileSync(join(SCREENSHOTS, 'alerts-03-history.png'), join(ROOT, 'docs', 'screenshots', 'alerts.png'));
    }

    await event.getByTestId('alert-logs-link').click();
    await page.waitForURL((u) => u.pathname === '/explore');
    const url = new URL(page.url());
    assert.match(url.searchParams.get('q') ?? '', /level:error payment/, 'the explorer opens with the rule query');
    await page.getByTestId('log-message').filter({ hasText: 'payment failed: 3DS' }).first().waitFor({ timeout: 20_000 });
    assert.deepEqual(pageErrors, []);
    assert.deepEqual(dialogs, []);
  });
});

