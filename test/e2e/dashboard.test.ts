/**
 * The dashboard end to end, in real headless Chromium against the real server process:
 * first-run setup → create project → key shown once and copied → logs sent with that key appear →
 * filters by service, level, text and time change results and URL → reload keeps them → live tail →
 * session expiry returns to the same URL → regenerate with confirmation → deactivate.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import {
  ADMIN,
  ensureWebBuild,
  startTestServer,
  launchBrowser,
  newContext,
  resultCount,
  screenshot,
  sendLogs,
  trackNetwork,
  waitForCount,
  waitForMessages,
  type LogInput,
  type NetworkTracker,
} from './support.ts';

type Server = Awaited<ReturnType<typeof startTestServer>>;

const MIN = 60_000;
const ago = (ms: number) => new Date(Date.now() - ms).toISOString();
const many = (n: number, make: (i: number) => LogInput) => Array.from({ length: n }, (_, i) => make(i));

describe('dashboard', { timeout: 240_000 }, () => {
  let server: Server;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let network: NetworkTracker;
  let key = '';
  let slug = '';

  before(async () => {
    ensureWebBuild();
    server = await startTestServer();
    browser = await launchBrowser();
    context = await newContext(browser, server.url);
    page = await context.newPage();
    network = trackNetwork(page);
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('first run asks for the admin account, then opens the create-project dialog', async () => {
    await page.goto('/');
    await page.getByRole('heading', { name: 'Welcome' }).waitFor();
    await screenshot(page, '01-first-run-setup');
    await page.getByLabel('Name').fill(ADMIN.name);
    await page.getByLabel('Email').fill(ADMIN.email);
    await page.getByLabel('Password').fill(ADMIN.password);
    await page.getByRole('button', { name: 'Create admin account' }).click();
    await page.getByRole('dialog', { name: 'New project' }).waitFor();
    assert.match(page.url(), /\/projects/);
  });

  it('creating a project shows its key once, with a copy button that really copies it', async () => {
    const dialog = page.getByRole('dialog', { name: 'New project' });
    await dialog.getByLabel('Name').fill('Checkout API');
    await dialog.getByLabel('Description').fill('Orders, payments and the background worker');
    await dialog.getByRole('button', { name: 'Create project' }).click();
    const reveal = page.getByRole('dialog', { name: 'API key for Checkout API' });
    await reveal.waitFor();
    key = (await reveal.getByTestId('api-key').textContent()) ?? '';
    assert.match(key, /^dsk_[A-Za-z0-9_-]{43}$/);
    assert.match(await reveal.textContent() ?? '', /will not be shown again/);
    await reveal.getByRole('button', { name: 'Copy key' }).click();
    await reveal.getByRole('button', { name: 'Copied' }).waitFor();
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    assert.equal(copied, key);
    await screenshot(page, '02-project-key-shown-once');
    await reveal.getByRole('button', { name: 'I have stored the key' }).click();
    await page.getByTestId('projects-table').waitFor();
    const html = await page.content();
    assert.ok(!html.includes(key), 'the key must not stay on the page once the dialog is closed');
    slug = (await page.locator('[data-testid^="project-row-"] td.mono').first().textContent()) ?? '';
    assert.equal(slug, 'checkout-api');
  });

  it('logs sent with that key appear in the explorer', async () => {
    const api = [
      ...many(20, (i) => ({ level: 'INFO', message: `GET /orders/${i} 200`, timestamp: ago((i + 1) * 20_000), context: { route: '/orders', status: 200, user_id: i } })),
      ...many(5, (i) => ({ level: 'WARN', message: `slow query ${i}`, timestamp: ago((i + 1) * 30_000) })),
      ...many(3, (i) => ({ level: 'ERROR', message: `payment timeout ${i}`, timestamp: ago((i + 1) * 40_000), context: { provider: 'stripe' } })),
    ];
    const worker = [
      ...many(10, (i) => ({ level: 'INFO', message: `job done ${i}`, timestamp: ago((i + 1) * 25_000) })),
      ...many(4, (i) => ({ level: 'ERROR', message: `job timeout after 30s #${i}`, timestamp: ago((i + 1) * 60_000), context: { job_id: 100 + i, queue: 'emails' } })),
      ...many(2, (i) => ({ level: 'ERROR', message: `job crashed #${i}`, timestamp: ago((i + 1) * 50_000) })),
      { level: 'ERROR', message: 'job timeout after 30s (old)', timestamp: ago(3 * 60 * MIN) },
    ];
    assert.equal((await sendLogs(server.url, key, 'api', api, { project_slug: slug, host: 'web-1', version: '1.4.2' })).status, 201);
    assert.equal((await sendLogs(server.url, key, 'worker', worker)).status, 201);

    await page.goto(`/explore?project=${slug}`);
    await waitForCount(page, 45);
    await page.getByTestId('log-row').first().waitFor();
    const first = await page.getByTestId('log-message').first().textContent();
    assert.equal(first, 'GET /orders/0 200', 'newest first');
    await screenshot(page, '03-explorer');
  });

  it('filters by service, level, text and time change the results and the URL, and survive reload', async () => {
    await page.getByTestId('service-worker').click();
    await page.waitForURL(/service=worker/);
    await waitForCount(page, 17);

    await page.getByTestId('level-ERROR').click();
    await page.waitForURL(/level=ERROR/);
    await waitForCount(page, 7);

    await page.getByLabel('Search messages').fill('timeout');
    await page.getByLabel('Search messages').press('Enter');
    await page.waitForURL(/q=timeout/);
    await waitForCount(page, 5);

    await page.getByRole('button', { name: '15m', exact: true }).click();
    await page.waitForURL(/range=15m/);
    await waitForCount(page, 4);
    const expected = [0, 1, 2, 3].map((i) => `job timeout after 30s #${i}`);
    await waitForMessages(page, expected);

    const url = page.url();
    await page.reload();
    await waitForCount(page, 4);
    await waitForMessages(page, expected);
    assert.equal(page.url(), url);
    assert.equal(await page.getByLabel('Search messages').inputValue(), 'timeout');
    assert.equal(await page.getByRole('button', { name: '15m', exact: true }).getAttribute('aria-pressed'), 'true');
    assert.equal(await page.getByTestId('level-ERROR').getAttribute('aria-pressed'), 'true');
    assert.equal(await page.getByTestId('service-worker').getAttribute('aria-pressed'), 'true');
  });

  it('a row expands to its context, and clicking a value filters by that field', async () => {
    // Keyboard first: arrows move between rows, Enter expands and collapses.
    await page.getByTestId('log-list').focus();
    const focusedRow = (n: number) =>
      page.waitForFunction((i) => document.activeElement?.closest('[data-index]')?.getAttribute('data-index') === String(i), n);
    await page.keyboard.press('ArrowDown');
    await focusedRow(0);
    await page.keyboard.press('ArrowDown');
    await focusedRow(1);
    await page.keyboard.press('Enter');
    assert.equal(await page.locator('.log-row.open [data-testid="log-message"]').textContent(), 'job timeout after 30s #1');
    await page.keyboard.press('Enter');
    await page.locator('.log-row.open').waitFor({ state: 'detached' });

    await page.getByTestId('log-message').first().click();
    const detail = page.locator('.log-detail').first();
    await detail.waitFor();
    assert.match((await detail.locator('.json').textContent()) ?? '', /"queue": "emails"/);
    await screenshot(page, '04-explorer-row-expanded');
    await detail.getByRole('button', { name: '100', exact: true }).click();
    await page.waitForURL(/ctx\.job_id=100/);
    await waitForCount(page, 1);
    await page.getByRole('button', { name: 'Remove filter job_id' }).click();
    await waitForCount(page, 4);
  });

  it('live tail shows a log sent after it was opened', async () => {
    await page.getByTestId('live-toggle').click();
    await page.waitForURL(/live=1/);
    await page.getByTestId('live-bar').getByText('Streaming').waitFor({ timeout: 15_000 });
    const res = await sendLogs(server.url, key, 'worker', [{ level: 'ERROR', message: 'job timeout after 30s LIVE' }]);
    assert.equal(res.status, 201);
    await page.getByTestId('log-message').filter({ hasText: 'job timeout after 30s LIVE' }).waitFor({ timeout: 20_000 });
    // A log that does not match the filters must not be streamed in.
    await sendLogs(server.url, key, 'api', [{ level: 'ERROR', message: 'api timeout not for this view' }]);
    await sendLogs(server.url, key, 'worker', [{ level: 'ERROR', message: 'job timeout after 30s LIVE 2' }]);
    await page.getByTestId('log-message').filter({ hasText: 'LIVE 2' }).waitFor({ timeout: 20_000 });
    assert.equal(await page.getByText('api timeout not for this view').count(), 0);
    await screenshot(page, '05-explorer-live-tail');

    // Paused: new logs wait in a buffer, and resume brings them in.
    const bar = page.getByTestId('live-bar');
    await bar.getByRole('button', { name: 'Pause' }).click();
    await sendLogs(server.url, key, 'worker', [{ level: 'ERROR', message: 'job timeout after 30s LIVE 3' }]);
    await bar.getByText('1 waiting').waitFor({ timeout: 20_000 });
    assert.equal(await page.getByTestId('log-message').filter({ hasText: 'LIVE 3' }).count(), 0);
    await bar.getByRole('button', { name: 'Resume' }).click();
    await page.getByTestId('log-message').filter({ hasText: 'LIVE 3' }).waitFor();
    await page.getByTestId('live-toggle').click();
    await page.waitForURL((u) => !u.search.includes('live=1'));
  });

  it('dragging across the histogram selects a custom time range', async () => {
    await page.goto(`/explore?project=${slug}&range=1h`);
    await waitForCount(page, 48);
    const box = (await page.getByTestId('histogram').boundingBox())!;
    await page.mouse.move(box.x + box.width * 0.5, box.y + 30);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width * 0.75, box.y + 30, { steps: 5 });
    await page.mouse.move(box.x + box.width - 2, box.y + 30, { steps: 5 });
    await page.mouse.up();
    await page.waitForURL((u) => u.searchParams.has('from') && u.searchParams.has('to') && !u.searchParams.has('range'));
    const from = Date.parse(new URL(page.url()).searchParams.get('from')!);
    const to = Date.parse(new URL(page.url()).searchParams.get('to')!);
    assert.ok(to - from > 20 * MIN && to - from < 35 * MIN, `selected ${(to - from) / MIN} minutes of the hour`);
    // The last half hour holds every log but the 3-hour-old one and nothing older than 30 min.
    // The URL changes before the list reloads: wait for the narrower total instead of reading the old one.
    await page.waitForFunction(() => {
      const shown = document.querySelector('[data-testid="result-count"] strong')?.textContent?.replace(/,/g, '') ?? '';
      return /^\d+$/.test(shown) && Number(shown) < 48;
    });
    assert.equal(await page.getByTestId('custom-range').getAttribute('aria-pressed'), 'true');
    await page.goBack();
    await page.waitForURL(/range=1h/);
    await waitForCount(page, 48);
  });

  it('an expired session sends the user to login and back to the same URL', async () => {
    await network.idle(); // a fetch of the 1h view still under way would hit the login screen first
    await context.clearCookies();
    await page.getByRole('button', { name: '24h', exact: true }).click(); // its API calls now answer 401
    await page.waitForURL(/\/login\?next=/);
    const next = new URL(page.url()).searchParams.get('next') ?? '';
    assert.equal(next, `/explore?project=${slug}&range=24h`);
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    await screenshot(page, '06-login');
    await page.getByLabel('Email').fill(ADMIN.email);
    await page.getByLabel('Password').fill(ADMIN.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL((u) => u.pathname + u.search === next);
    await waitForCount(page, 49); // the 45 first logs and the 4 sent during live tail
  });

  it('overview and setup pages render the project', async () => {
    // A second, quieter project: a service that stopped logging hours ago shows as silent.
    const created = await page.request.post('/api/logs/projects', { data: { name: 'Billing Jobs' } });
    const billing = (await created.json()) as { api_key: string; project: { slug: string } };
    await sendLogs(server.url, billing.api_key, 'invoicer', many(40, (i) => ({ level: 'INFO', message: `invoice ${i}`, timestamp: ago(5 * 60 * MIN + i * MIN) })));
    await sendLogs(server.url, billing.api_key, 'mailer', many(30, (i) => ({ level: i % 10 ? 'INFO' : 'WARN', message: `mail ${i}`, timestamp: ago(i * 2 * MIN) })));
    await page.goto('/');
    await page.getByTestId(`health-${billing.project.slug}`).getByText('invoicer').waitFor();
    assert.match((await page.getByTestId(`health-${billing.project.slug}`).textContent()) ?? '', /Silent/);
    const card = page.getByTestId(`health-${slug}`);
    await card.locator('.service-list').waitFor();
    assert.match((await card.textContent()) ?? '', /worker/);
    await screenshot(page, '07-overview');
    await page.goto(`/projects/${slug}/setup`);
    await page.getByRole('heading', { name: 'Send logs from Checkout API' }).waitFor();
    const code = (await page.locator('.code-block pre').nth(2).textContent()) ?? '';
    assert.ok(code.includes(server.url) && code.includes(slug) && code.includes('<YOUR_API_KEY>'));
    assert.ok(!(await page.content()).includes(key), 'the setup page never shows the key');
    for (const tab of ['Python', 'Go', 'curl']) {
      await page.getByRole('tab', { name: tab }).click();
      assert.ok(((await page.locator('.code-block pre').nth(2).textContent()) ?? '').includes(slug));
    }
    await screenshot(page, '08-setup-page');
  });

  it('regenerating asks for confirmation naming the project, and the old key stops working', async () => {
    await page.goto('/projects');
    const row = page.getByTestId(`project-row-${slug}`);
    await row.getByRole('button', { name: 'Regenerate key' }).click();
    const confirm = page.getByRole('dialog', { name: 'Regenerate the key for Checkout API?' });
    await confirm.waitFor();
    await screenshot(page, '09-regenerate-confirm');
    await confirm.getByRole('button', { name: 'Regenerate key for Checkout API' }).click();
    const reveal = page.getByRole('dialog', { name: 'API key for Checkout API' });
    const fresh = (await reveal.getByTestId('api-key').textContent()) ?? '';
    assert.match(fresh, /^dsk_/);
    assert.notEqual(fresh, key);
    assert.equal((await sendLogs(server.url, key, 'api', [{ level: 'INFO', message: 'old key' }])).status, 401);
    assert.equal((await sendLogs(server.url, fresh, 'api', [{ level: 'INFO', message: 'new key' }])).status, 201);
    key = fresh;
    await reveal.getByRole('button', { name: 'I have stored the key' }).click();
    await screenshot(page, '10-projects');
  });

  it('editing changes the name, description and repository URL', async () => {
    const row = page.getByTestId(`project-row-${slug}`);
    await row.getByRole('button', { name: 'Edit' }).click();
    const dialog = page.getByRole('dialog', { name: 'Edit Checkout API' });
    await dialog.getByLabel('Description').fill('Orders and payments');
    await dialog.getByLabel('Repository URL').fill('https://github.com/acme/checkout');
    await dialog.getByRole('button', { name: 'Save changes' }).click();
    await row.getByText('https://github.com/acme/checkout').waitFor();
    assert.match((await row.textContent()) ?? '', /Orders and payments/);
  });

  it('retention: the setting with the dry run of what the next run deletes', async () => {
    const tenDaysAgo = new Date(Date.now() - 10 * 86_400_000).toISOString();
    assert.equal((await sendLogs(server.url, key, 'api', [{ level: 'INFO', message: 'ten days old', timestamp: tenDaysAgo }])).status, 201);
    const row = page.getByTestId(`project-row-${slug}`);
    await row.getByRole('button', { name: 'Edit' }).click();
    let dialog = page.getByRole('dialog', { name: 'Edit Checkout API' });
    await dialog.getByText('Keeps 30 days (server default). Nothing is old enough to delete.').waitFor();
    await dialog.getByLabel('Retention (days)').fill('7');
    await dialog.getByRole('button', { name: 'Save changes' }).click();
    await dialog.waitFor({ state: 'detached' });
    await row.getByRole('button', { name: 'Edit' }).click();
    dialog = page.getByRole('dialog', { name: 'Edit Checkout API' });
    const summary = dialog.getByTestId('retention-summary');
    await summary.getByText(/^Keeps 7 days\. The next run deletes 1 log from 1 day/).waitFor();
    assert.equal(await dialog.getByLabel('Retention (days)').inputValue(), '7');
    await screenshot(page, '11-retention-dry-run');
    await dialog.getByLabel('Retention (days)').fill('');
    await dialog.getByRole('button', { name: 'Save changes' }).click();
    await dialog.waitFor({ state: 'detached' });
  });

  it('deactivating marks the project inactive and its key is refused', async () => {
    const row = page.getByTestId(`project-row-${slug}`);
    await row.getByRole('button', { name: 'Deactivate' }).click();
    const confirm = page.getByRole('dialog', { name: 'Deactivate Checkout API?' });
    await confirm.getByRole('button', { name: 'Deactivate Checkout API' }).click();
    await row.getByText('Inactive').waitFor();
    assert.equal((await sendLogs(server.url, key, 'api', [{ level: 'INFO', message: 'after deactivate' }])).status, 403);
    await row.getByRole('button', { name: 'Reactivate' }).click();
    await row.getByText('Active', { exact: true }).waitFor();
    assert.equal((await sendLogs(server.url, key, 'api', [{ level: 'INFO', message: 'after reactivate' }])).status, 201);
  });

  it('the theme toggle switches to dark and is remembered across reloads', async () => {
    await page.goto(`/explore?project=${slug}&range=24h`);
    assert.ok((await resultCount(page)) >= 45);
    const before = await page.evaluate(() => document.documentElement.dataset.theme);
    await page.getByTestId('theme-toggle').click();
    const flipped = await page.evaluate(() => document.documentElement.dataset.theme);
    assert.notEqual(flipped, before);
    await page.reload();
    await page.getByTestId('log-row').first().waitFor();
    assert.equal(await page.evaluate(() => document.documentElement.dataset.theme), flipped);
    if (flipped !== 'dark') await page.getByTestId('theme-toggle').click();
    await page.getByTestId('log-message').nth(1).click();
    await screenshot(page, '13-explorer-dark');
  });
});
