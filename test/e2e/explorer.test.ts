/**
 * The explorer of issue 11 end to end, in headless Chromium against the real server: a boolean query
 * with a field comparison typed with autocomplete (rows and facet counts), exclude by click, a parse
 * error shown in place, saved views, a log permalink, CSV export, stacks, UTC/local.
 * Parts that need an API another branch adds skip with the reason when the server lacks it.
 */
import { after, before, describe, it, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { ensureWebBuild, launchBrowser, newContext, eventually, screenshot, setupThroughApi, startTestServer, waitForCount } from './support.ts';
import { seedExplorerLogs, STACK } from './explorer-data.ts';

const QUERY = '(service:api OR service:web) ctx.duration_ms:>1000 -level:debug';

describe('explorer', { timeout: 300_000 }, () => {
  let server: Awaited<ReturnType<typeof startTestServer>>;
  let browser: Browser;
  let page: Page;
  const has = { language: false, facets: false, views: false };

  before(async () => {
    ensureWebBuild();
    server = await startTestServer();
    browser = await launchBrowser();
    page = await (await newContext(browser, server.url)).newPage();
    const shop = await setupThroughApi(page, 'Shop');
    const blog = await page.request.post('/api/logs/projects', { data: { name: 'Blog' } });
    await seedExplorerLogs(server.url, shop.key, ((await blog.json()) as { api_key: string }).api_key);
    // What the server offers decides which tests can run (the APIs come from other branches).
    has.language = (await page.request.get('/api/logs/count?q=%22unclosed')).status() === 400;
    has.facets = (await page.request.get('/api/logs/facets')).status() === 200;
    has.views = (await page.request.get('/api/views')).status() === 200;
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  const need = (t: TestContext, ...what: Array<keyof typeof has>) => {
    const missing = what.filter((w) => !has[w]);
    const branch = { language: 'wt-s-lang (q as the query language)', facets: 'wt-s-facets (GET /api/logs/facets)', views: 'wt-s-facets (/api/views)' };
    if (missing.length) t.skip(`SKIPPED: the server lacks ${missing.map((m) => branch[m]).join(', ')}`);
    return missing.length === 0;
  };
  const input = () => page.getByRole('combobox', { name: 'Search messages' });

  it('autocomplete offers fields and values, and the keyboard picks them', async () => {
    await page.goto('/explore?project=shop,blog&range=1h');
    await waitForCount(page, 26);
    await input().click();
    await page.keyboard.type('lev');
    const options = page.getByRole('listbox', { name: 'Suggestions' }).getByRole('option');
    await options.filter({ hasText: 'level:' }).first().waitFor();
    await page.keyboard.press('ArrowDown');
    assert.equal(await options.first().getAttribute('aria-selected'), 'true');
    // Frames come late on a busy machine: keys typed right after a pick must land after it, and stay in order
    // when a frame passes between them (the caret was once placed a frame late, and CI saw 'level:re').
    await page.evaluate(() => {
      const raf = window.requestAnimationFrame.bind(window);
      window.requestAnimationFrame = (cb) => raf(() => setTimeout(() => cb(performance.now()), 250));
    });
    await page.keyboard.press('Enter');
    await page.keyboard.type('e');
    await page.waitForTimeout(400);
    await page.keyboard.type('r');
    assert.equal(await input().inputValue(), 'level:er');
    await options.filter({ hasText: 'error' }).waitFor();
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    assert.equal(await input().inputValue(), 'level:error ');
    assert.equal(await input().getAttribute('aria-expanded'), 'false');
    // Escape closes the list without running anything.
    await page.keyboard.type('x');
    await page.keyboard.press('Escape');
    assert.equal(await input().getAttribute('aria-expanded'), 'false');
    assert.doesNotMatch(page.url(), /q=/);
    const colours = await page.getByTestId('query-highlight').locator('span').evaluateAll((spans) => spans.map((s) => s.className));
    assert.ok(colours.includes('tok-field'), `field highlighted: ${colours.join(' ')}`);
  });

  it('a boolean query with a field comparison shows the right rows and facet counts', async (t) => {
    if (!need(t, 'language', 'facets')) return;
    await page.goto('/explore?project=shop,blog&range=1h');
    await waitForCount(page, 26);
    await input().fill('');
    await input().click();
    await page.keyboard.type(QUERY.slice(0, -'debug'.length));
    await page.getByRole('option', { name: /debug/ }).waitFor();
    await page.keyboard.type('deb');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter'); // takes the suggestion
    await page.keyboard.press('Enter'); // runs the query
    await page.waitForURL((u) => u.searchParams.get('q') === QUERY);
    await waitForCount(page, 13);
    await eventually(() => page.getByTestId('log-message').first().textContent(), 'slow page 0', 'newest first: the blog page');

    await page.getByLabel('Field to count values of').selectOption('ctx.http.status');
    const facet = page.getByTestId('field-facet');
    await facet.getByTestId('field-value-503').waitFor();
    const count = async (id: string) => (await facet.getByTestId(id).locator('.facet-count').textContent())?.trim();
    await eventually(async () => [await count('field-value-200'), await count('field-value-500'), await count('field-value-503'), await count('field-value-missing')], ['5', '1', '4', '3']);
    const levelCount = async (level: string) => (await page.getByTestId(`level-${level}`).locator('.facet-count').textContent())?.trim();
    await eventually(async () => [await levelCount('INFO'), await levelCount('ERROR'), await levelCount('WARN'), await levelCount('DEBUG')], ['6', '3', '4', '0']);
    const serviceCount = async (service: string) => (await page.getByTestId(`service-${service}`).locator('.facet-count').textContent())?.trim();
    await eventually(async () => [await serviceCount('api'), await serviceCount('web')], ['9', '4']);
    await screenshot(page, '20-explorer-query-facets');
  });

  it('excluding a value by click adds the clause and narrows the rows', async (t) => {
    if (!need(t, 'language', 'facets')) return;
    const facet = page.getByTestId('field-facet');
    await facet.getByRole('button', { name: 'Exclude 503' }).click();
    await page.waitForURL((u) => u.searchParams.get('q') === `${QUERY} -ctx.http.status:"503"`);
    await waitForCount(page, 9);
    await facet.getByRole('button', { name: 'Exclude (missing)' }).click();
    await page.waitForURL((u) => (u.searchParams.get('q') ?? '').endsWith('has:ctx.http.status'));
    await waitForCount(page, 6);
    await page.getByTestId('service-api').hover();
    await page.getByRole('button', { name: 'Exclude api' }).click();
    await waitForCount(page, 0);
  });

  it('a query the parser refuses shows the message and underlines the place', async (t) => {
    if (!need(t, 'language')) return;
    await page.goto('/explore?project=shop&range=1h');
    await input().fill('level:error "unclosed');
    await input().press('Enter');
    const error = page.getByTestId('query-error');
    await error.waitFor();
    assert.match((await error.textContent()) ?? '', /quote/i);
    assert.equal(await input().getAttribute('aria-invalid'), 'true');
    const marked = (await page.locator('.qbar-highlight .tok-bad').allTextContents()).join('');
    assert.match(marked, /^"/, `the underline starts at the opening quote: ${marked}`);
    assert.match((await error.textContent()) ?? '', /at 12/, 'the message names the place');
    await screenshot(page, '21-explorer-parse-error');
    await input().fill('level:error');
    assert.equal(await error.count(), 0, 'editing hides the stale error');
  });

  it('a view saves the query, range and columns, and reopens from the list', async (t) => {
    if (!need(t, 'views')) return;
    await page.goto('/explore?project=shop&service=api&level=ERROR&range=1h&cols=ctx.error.type');
    await waitForCount(page, 3);
    await page.getByTestId('views-button').click();
    await page.getByLabel('View name').fill('Payment errors');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.waitForURL(/view=\d+/);
    await page.goto('/explore?project=blog&range=24h');
    await waitForCount(page, 6);
    await page.getByTestId('views-button').click();
    await page.getByTestId('view-item').getByRole('button', { name: /^Payment errors/ }).click();
    await page.waitForURL((u) => u.searchParams.get('service') === 'api' && u.searchParams.get('cols') === 'ctx.error.type');
    await waitForCount(page, 3);
    await eventually(() => page.locator('.log-row .col-extra').first().textContent(), 'CardError');
    // The URL alone reopens it (sharing is by link).
    const url = page.url();
    await page.goto(url);
    await waitForCount(page, 3);
    await page.getByTestId('views-button').click();
    await page.getByRole('button', { name: 'Rename Payment errors' }).click();
    await page.getByLabel('New name for Payment errors').fill('Card errors');
    await page.getByRole('button', { name: 'Rename', exact: true }).click();
    await page.getByTestId('view-item').getByRole('button', { name: /^Card errors/ }).waitFor();
    await page.getByRole('button', { name: 'Delete Card errors' }).click();
    await page.getByRole('button', { name: 'Really delete Card errors' }).click();
    await page.getByText('No saved views yet').waitFor();
  });

  it('a permalink opens the line among its neighbours, selected and in view', async () => {
    const list = await page.request.get('/api/logs?q=orders&limit=100');
    const logs = ((await list.json()) as { data: Array<{ id: string; message: string }> }).data;
    const target = logs.find((l) => l.message === 'GET /orders/5')!;
    assert.ok(target, 'the seeded log is there');
    await page.goto(`/explore/log/${target.id}`);
    const selected = page.locator('.log-row[aria-current="true"]');
    await selected.waitFor();
    assert.equal(await selected.getByTestId('log-message').textContent(), 'GET /orders/5');
    assert.ok((await page.getByTestId('log-row').count()) > 5, 'with the lines around it');
    const box = (await selected.boundingBox())!;
    const view = page.viewportSize()!;
    assert.ok(box.y > 0 && box.y + box.height <= view.height, 'scrolled into view');
    await selected.getByRole('button', { name: 'Copy link to this log' }).click();
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    assert.equal(copied, `${server.url}/explore/log/${target.id}`);
    await screenshot(page, '22-explorer-permalink');
  });

  it('an error stack shows as lines, and times switch between UTC and local with the zone named', async () => {
    await page.goto('/explore?project=shop&level=ERROR&range=1h');
    await waitForCount(page, 3);
    await page.getByTestId('log-message').first().click();
    const stack = page.getByTestId('log-stack').first();
    assert.equal(await stack.textContent(), STACK);
    await page.getByRole('button', { name: /^Collapse error/ }).click();
    assert.match((await page.locator('.log-detail .json').textContent()) ?? '', /… 2 keys/);
    await page.getByRole('group', { name: 'Time zone' }).getByRole('button', { name: 'UTC' }).click();
    await page.waitForURL(/tz=utc/);
    assert.match((await page.getByTestId('time-zone').textContent()) ?? '', /UTC$/);
    await page.goto('/explore?project=shop&level=ERROR&range=1h');
    await page.getByTestId('log-row').first().waitFor();
    assert.equal(await page.getByRole('button', { name: 'UTC', exact: true }).getAttribute('aria-pressed'), 'true', 'the choice is remembered');
  });

  it('export streams the current query to a CSV file', async () => {
    await page.goto('/explore?project=shop&service=worker&range=1h');
    await waitForCount(page, 5);
    await page.getByRole('button', { name: 'Export' }).click();
    const download = page.waitForEvent('download');
    await page.getByRole('menuitem', { name: /CSV/ }).click();
    const file = await (await download).path();
    const lines = readFileSync(file, 'utf8').trim().split(/\r?\n/);
    assert.equal(lines[0], 'timestamp,level,project,service,message,context');
    assert.equal(lines.length, 6);
    assert.deepEqual(lines.slice(1).map((l) => l.split(',')[4]), [0, 1, 2, 3, 4].map((i) => `job ${i}`));
    assert.equal(await page.getByTestId('export-progress').count(), 0, 'progress goes away when done');
  });

  it('looks right in light and dark, with columns and the field facet', async () => {
    await page.goto('/explore?project=shop,blog&range=1h&cols=ctx.http.status,ctx.duration_ms');
    await waitForCount(page, 26);
    for (const theme of ['light', 'dark']) {
      await page.evaluate((t) => {
        localStorage.setItem('devsmith.theme', t);
        document.documentElement.dataset.theme = t;
      }, theme);
      await page.getByTestId('log-message').nth(2).click();
      await screenshot(page, `23-explorer-${theme}`);
      await page.getByTestId('log-message').nth(2).click();
    }
  });

  it('a broken time in the URL does not blank the page', async () => {
    // Unreadable: the API says what is wrong, and the rest of the page still works.
    await page.goto('/explore?project=shop&from=yesterday');
    await page.getByRole('alert').filter({ hasText: 'yesterday' }).waitFor();
    await page.getByRole('button', { name: '1h', exact: true }).click();
    await waitForCount(page, 20);
  });
});
