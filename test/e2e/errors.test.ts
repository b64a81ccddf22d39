/**
 * Error tracking end to end (issue 12), in real headless Chromium against the real server: an error spike
 * from two services (same error, different order numbers and line numbers) is one group with the right
 * count; its page shows the stack as frames and the breadcrumbs; resolved then sent again, it is regressed;
 * bulk ignore moves a group to the Ignored tab; the overview card lists the new group; two groups merge into
 * one from the bulk bar; the pages fit a phone.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { ensureWebBuild, launchBrowser, newContext, screenshot, sendLogs, setupThroughApi, startTestServer, waitForCount, type LogInput } from './support.ts';

const ago = (ms: number) => new Date(Date.now() - ms).toISOString();

/** A Node stack as `err.stack` prints it: two in-app frames between library frames; line numbers vary by build. */
function nodeStack(order: number, line: number): string {
  return [
    `PaymentError: Payment for order ${order} failed`,
    `    at chargeCard (/srv/app/src/payments/charge.js:${line}:13)`,
    `    at processTicksAndRejections (node:internal/process/task_queues:95:5)`,
    `    at async checkout (/srv/app/src/routes/checkout.js:${line + 30}:7)`,
    `    at Layer.handle [as handle_request] (/srv/app/node_modules/express/lib/router/layer.js:95:5)`,
    `    at next (/srv/app/node_modules/express/lib/router/route.js:149:13)`,
    `    at Route.dispatch (/srv/app/node_modules/express/lib/router/route.js:119:3)`,
  ].join('\n');
}

function paymentError(order: number, line: number, msAgo: number): LogInput {
  const message = `Payment for order ${order} failed`;
  return {
    level: 'ERROR',
    message,
    timestamp: ago(msAgo),
    context: { order_id: order, error: { type: 'PaymentError', message, stack: nodeStack(order, line) } },
  };
}

describe('errors', { timeout: 300_000 }, () => {
  let server: Awaited<ReturnType<typeof startTestServer>>;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let slug = '';
  let key = '';
  let groupUrl = '';
  const pageErrors: string[] = [];
  const send = async (service: string, logs: LogInput[]) => assert.equal((await sendLogs(server.url, key, service, logs, { host: `${service}-1`, version: '1.4.2' })).status, 201);
  const rowFor = (text: string) => page.getByTestId('error-row').filter({ has: page.getByTestId('error-title').filter({ hasText: text }) });

  before(async () => {
    ensureWebBuild();
    server = await startTestServer();
    browser = await launchBrowser();
    context = await newContext(browser, server.url);
    page = await context.newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
    ({ slug, key } = await setupThroughApi(page, 'Checkout API'));
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('with nothing sent, the page teaches how errors get here', async () => {
    await page.goto(`/errors?project=${slug}`);
    await page.getByText('No open errors').waitFor();
    const setup = page.getByRole('link', { name: /How to send logs/ });
    assert.equal(await setup.getAttribute('href'), `/projects/${slug}/setup`);
  });

  it('an error spike from two services is one group with the right count', async () => {
    // The api's own lines just before its newest error: the breadcrumbs.
    await send('api', [
      { level: 'INFO', message: 'cart loaded for user 7', timestamp: ago(9_000) },
      { level: 'INFO', message: 'charging card for order 1042', timestamp: ago(8_000) },
      ...Array.from({ length: 30 }, (_, i) => paymentError(1000 + i * 7, 40 + (i % 5), (i === 0 ? 5 : 60 + i) * 1_000)),
    ]);
    await send('worker', Array.from({ length: 20 }, (_, i) => paymentError(5000 + i * 13, 50 + (i % 3), (120 + i) * 1_000)));
    await send('worker', [
      ...Array.from({ length: 3 }, (_, i) => {
        const message = `Database connection to 10.0.0.${i + 1} refused`;
        // A stack with no frame lines in it (a native binding's error): the page falls back to the raw text.
        return { level: 'WARN', message, timestamp: ago((200 + i) * 1_000), context: { error: { type: 'ConnectionError', message, stack: `ConnectionError: ${message}\n    (native binding, no frames)` } } };
      }),
      { level: 'ERROR', message: '<img src=x onerror="window.__xss=1"> bad input', timestamp: ago(300_000) },
    ]);

    await page.goto(`/errors?project=${slug}`);
    await page.getByTestId('error-row').nth(2).waitFor();
    assert.equal(await page.getByTestId('error-row').count(), 3, 'three groups: payment, database, the markup one');
    const payment = rowFor('Payment for order');
    assert.equal(await payment.count(), 1, 'fifty payment errors are one group');
    assert.equal(await payment.getByTestId('error-count').textContent(), '50');
    assert.match((await payment.textContent()) ?? '', /New/);
    const spark = (await payment.getByRole('img').getAttribute('aria-label')) ?? '';
    const perHour = spark.replace(/^[^:]*:/, '').split(',').map(Number);
    assert.equal(perHour.length, 24);
    assert.equal(perHour.reduce((a, b) => a + b, 0), 50, 'the sparkline holds every event');
    assert.equal(await rowFor('Database connection').getByTestId('error-count').textContent(), '3');
    // A message is text, never markup.
    assert.equal(await rowFor('<img src=x').count(), 1);
    assert.equal(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss), undefined);

    // The latest first by default; by count the payment group leads too, and the URL keeps the choice.
    await page.getByLabel('Sort by').selectOption('count');
    await page.waitForURL(/sort=count/);
    await page.waitForFunction(() => document.querySelector('[data-testid="error-row"] [data-testid="error-count"]')?.textContent === '50');
    await page.getByLabel('Filter error groups').fill('database');
    await page.waitForURL(/q=database/);
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="error-row"]').length === 1);
    assert.equal(await rowFor('Database connection').count(), 1);
    await page.getByLabel('Filter error groups').fill('');
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="error-row"]').length === 3);
    await screenshot(page, 'errors-01-list');
  });

  it('the group page shows the stats, the breadcrumbs, the tags and the events', async () => {
    await rowFor('Payment for order').getByTestId('error-title').click();
    await page.waitForURL(/\/errors\/[^/?]+$/);
    groupUrl = new URL(page.url()).pathname;
    await page.getByTestId('group-title').waitFor();
    assert.match((await page.getByTestId('group-title').textContent()) ?? '', /Payment for order/);
    assert.equal(await page.getByTestId('stat-events').textContent(), '50');
    assert.equal(await page.getByTestId('stat-first-release').textContent(), '1.4.2');

    // Breadcrumbs: the api's lines before its newest error, oldest first, ending with the event itself.
    const crumbs = page.getByTestId('breadcrumbs');
    const texts = await crumbs.locator('li').allTextContents();
    const cart = texts.findIndex((t) => t.includes('cart loaded for user 7'));
    const charging = texts.findIndex((t) => t.includes('charging card for order 1042'));
    assert.ok(cart >= 0 && charging > cart, `breadcrumbs oldest first: ${JSON.stringify(texts)}`);
    assert.equal(charging, texts.length - 2, 'the last line before the event');
    assert.match((await crumbs.getByTestId('crumb-event').textContent()) ?? '', /Payment for order 1000 failed/);

    const services = await page.getByTestId('tags').getByRole('region', { name: 'Services' }).textContent();
    assert.match(services ?? '', /api\s*30/);
    assert.match(services ?? '', /worker\s*20/);
    await page.getByTestId('group-event').nth(24).waitFor();
    assert.equal(await page.getByTestId('group-event').count(), 25, 'events load 25 at a time');
    await screenshot(page, 'errors-02-group');
    await page.getByRole('button', { name: 'Older events' }).click();
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="group-event"]').length === 50);
  });

  it('the stack shows as frames: in-app ones highlighted, library runs folded', async () => {
    await page.getByTestId('stack-frames').waitFor();
    const app = await page.getByTestId('app-frame').allTextContents();
    assert.ok(app.some((f) => /charge\.js.*chargeCard/.test(f)), `in-app frames: ${JSON.stringify(app)}`);
    assert.ok(app.some((f) => /checkout\.js.*checkout/.test(f)), `in-app frames: ${JSON.stringify(app)}`);
    assert.equal(await page.getByTestId('library-frame').count(), 0, 'library frames start folded');
    const toggles = page.getByTestId('library-toggle');
    assert.match((await toggles.last().textContent()) ?? '', /3 library frames/);
    await toggles.last().click();
    assert.equal(await toggles.last().getAttribute('aria-expanded'), 'true');
    assert.ok((await page.getByTestId('library-frame').count()) >= 3);
  });

  it('a stack with no frames in it shows as its raw text', async () => {
    await page.goto(`/errors?project=${slug}`);
    await rowFor('Database connection').getByTestId('error-title').click();
    const raw = page.getByTestId('raw-stack');
    await raw.waitFor();
    assert.match((await raw.textContent()) ?? '', /native binding, no frames/);
    assert.equal(await page.getByTestId('stack-frames').count(), 0);
    await page.goto(groupUrl);
    await page.getByTestId('group-title').waitFor();
  });

  it('"View logs" opens the explorer on the group\'s logs', async () => {
    const href = (await page.getByTestId('view-logs').getAttribute('href')) ?? '';
    assert.match(href, new RegExp(`^/explore\\?project=${slug}&q=error%3A\\d+$`));
    await page.getByTestId('view-logs').click();
    await waitForCount(page, 50);
    await page.goBack();
    await page.getByTestId('group-title').waitFor();
  });

  it('resolved, then sent again, the group is regressed and open', async () => {
    await page.getByRole('button', { name: '✓ Resolve', exact: true }).click();
    await page.waitForFunction(() => document.querySelector('[data-testid="group-status"]')?.textContent === 'Resolved');
    await page.goto(`/errors?project=${slug}`);
    await page.getByTestId('error-row').nth(1).waitFor();
    assert.equal(await rowFor('Payment for order').count(), 0, 'a resolved group leaves the unresolved tab');
    await page.getByRole('tab', { name: 'Resolved', exact: true }).click();
    await page.waitForURL(/status=resolved/);
    await rowFor('Payment for order').waitFor();

    await send('api', [paymentError(9999, 41, 0)]);
    await page.getByRole('tab', { name: 'Unresolved' }).click();
    const row = rowFor('Payment for order');
    await row.waitFor();
    assert.equal(await row.getByTestId('error-count').textContent(), '51');
    assert.match((await row.textContent()) ?? '', /Regressed/);
    await page.goto(groupUrl);
    await page.waitForFunction(() => document.querySelector('[data-testid="group-status"]')?.textContent === 'Unresolved');
    assert.match((await page.locator('.group-sub').textContent()) ?? '', /Regressed/);
  });

  it('the assignee and the note are kept', async () => {
    await page.getByLabel('Assignee').selectOption({ label: 'Me (Ada Admin)' });
    await page.getByLabel('Note').fill('Stripe sandbox times out; see TICKET-12');
    await page.getByRole('button', { name: 'Save note' }).click();
    await page.waitForFunction(() => [...document.querySelectorAll('button')].find((b) => b.textContent === 'Save note')?.disabled === true);
    await page.reload();
    await page.getByTestId('group-title').waitFor();
    assert.equal(await page.getByLabel('Note').inputValue(), 'Stripe sandbox times out; see TICKET-12');
    assert.match((await page.getByLabel('Assignee').locator('option:checked').textContent()) ?? '', /Ada Admin/);
  });

  it('ignored until N more events, then unresolved again, from the keyboard', async () => {
    await page.getByRole('button', { name: 'Ignore ▾' }).focus();
    await page.keyboard.press('Enter');
    const menu = page.getByRole('form', { name: 'Ignore this error' });
    await menu.getByLabel('More events', { exact: true }).fill('5');
    assert.equal(await menu.getByRole('radio', { name: /Until/ }).isChecked(), true, 'typing a count picks that choice');
    await menu.getByRole('button', { name: 'Ignore' }).press('Enter');
    await page.waitForFunction(() => document.querySelector('[data-testid="group-status"]')?.textContent === 'Ignored');
    assert.match((await page.locator('.group-sub').textContent()) ?? '', /until 5 more events/);
    await page.getByRole('button', { name: '↺ Unresolve' }).click();
    await page.waitForFunction(() => document.querySelector('[data-testid="group-status"]')?.textContent === 'Unresolved');
  });

  it('checked groups are ignored at once', async () => {
    await page.goto(`/errors?project=${slug}`);
    await page.getByTestId('error-row').nth(2).waitFor();
    await rowFor('Database connection').getByRole('checkbox').check();
    await rowFor('<img src=x').getByRole('checkbox').check();
    const bar = page.getByTestId('bulk-bar');
    assert.match((await bar.textContent()) ?? '', /2 selected/);
    await bar.getByRole('button', { name: 'Ignore' }).click();
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="error-row"]').length === 1);
    assert.equal(await rowFor('Payment for order').count(), 1);
    await page.getByRole('tab', { name: 'Ignored' }).click();
    await page.waitForURL(/status=ignored/);
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="error-row"]').length === 2);
    assert.equal(await rowFor('Database connection').count(), 1);
  });

  it('the overview card lists the new group and links to it', async () => {
    await page.goto('/');
    const card = page.getByTestId(`health-${slug}`);
    const listed = card.getByTestId('card-error');
    await listed.first().waitFor();
    assert.equal(await listed.count(), 1, 'ignored groups are not listed');
    assert.match((await listed.first().textContent()) ?? '', /Payment for order/);
    await screenshot(page, 'errors-03-overview-card');
    await listed.first().click();
    await page.waitForURL((u) => u.pathname === groupUrl);
    await page.getByTestId('group-title').waitFor();
  });

  it('two groups of one project merge into the one with more events', async () => {
    const inventory = Array.from({ length: 3 }, (_, i) => ({ level: 'ERROR', message: `Inventory sync failed for sku ${4100 + i}`, timestamp: ago((30 + i) * 1_000) }));
    const cache = Array.from({ length: 2 }, (_, i) => ({ level: 'ERROR', message: `Stock cache refresh timed out after ${900 + i} ms`, timestamp: ago((40 + i) * 1_000) }));
    await send('worker', [...inventory, ...cache]);
    await page.goto(`/errors?project=${slug}`);
    await rowFor('Stock cache refresh').waitFor();
    assert.equal(await rowFor('Inventory sync failed').getByTestId('error-count').textContent(), '3');
    assert.equal(await rowFor('Stock cache refresh').getByTestId('error-count').textContent(), '2');

    await rowFor('Stock cache refresh').getByRole('checkbox').check();
    const merge = page.getByTestId('bulk-bar').getByRole('button', { name: 'Merge' });
    assert.equal(await merge.isDisabled(), true, 'one group alone cannot be merged');
    assert.match((await merge.getAttribute('title')) ?? '', /two or more/);
    await rowFor('Inventory sync failed').getByRole('checkbox').check();
    await merge.click();
    const dialog = page.getByRole('dialog', { name: 'Merge 2 error groups?' });
    assert.match((await dialog.getByTestId('merge-target').textContent()) ?? '', /Inventory sync failed/, 'the group with the most events stays');
    assert.match((await dialog.getByTestId('merge-sources').textContent()) ?? '', /Stock cache refresh/);
    await dialog.getByRole('button', { name: 'Merge', exact: true }).click();

    await page.waitForFunction(() => ![...document.querySelectorAll('[data-testid="error-title"]')].some((t) => t.textContent?.includes('Stock cache refresh')));
    assert.equal(await page.getByTestId('bulk-bar').count(), 0, 'the selection is cleared');
    const row = rowFor('Inventory sync failed');
    assert.equal(await row.count(), 1);
    assert.equal(await row.getByTestId('error-count').textContent(), '5', 'the merged group counts both');
    const id = (await row.getAttribute('data-group-id')) ?? '';

    await page.goto(`/errors/${id}`);
    assert.equal(await page.getByTestId('merged-count').textContent(), '1 merged fingerprint');
    await page.goto(`/explore?${new URLSearchParams({ project: slug, q: `error:${id}` })}`);
    await waitForCount(page, 5);
  });

  it('the list and the group page fit a phone', async () => {
    const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, baseURL: server.url, isMobile: true, hasTouch: true });
    await phone.addCookies(await context.cookies());
    const mobile = await phone.newPage();
    mobile.on('pageerror', (error) => pageErrors.push(error.message));
    const fitsWidth = () =>
      mobile.evaluate(() => {
        const main = document.querySelector('main.content')!;
        return main.scrollWidth <= main.clientWidth && document.documentElement.scrollWidth <= window.innerWidth;
      });
    try {
      await mobile.goto(`/errors?project=${slug}`);
      await mobile.getByTestId('error-row').first().waitFor();
      assert.ok(await fitsWidth(), 'the errors list fits 390 px');
      const table = (await mobile.getByTestId('errors-table').boundingBox())!;
      assert.ok(table.width <= 390, `the table fits (${table.width} px)`);
      await mobile.goto(groupUrl);
      await mobile.getByTestId('breadcrumbs').waitFor();
      assert.ok(await fitsWidth(), 'the group page fits 390 px');
      await screenshot(mobile, 'errors-04-group-390');
    } finally {
      await phone.close();
    }
    assert.deepEqual(pageErrors, []);
  });
});
