/**
 * The dashboard's rough edges from issue 11, in real headless Chromium against the real server:
 * the overview ordered by severity with red only for unhealthy counts, a bad `from` in the URL,
 * the custom-range popover, live tail (total and histogram follow, rows hold still under a reader,
 * paused looks paused) and every page at phone width (390 × 844), screenshots in a temp dir.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { ensureWebBuild, launchBrowser, newContext, resultCount, sendLogs, setupThroughApi, startTestServer, waitForCount, type LogInput } from './support.ts';

const MIN = 60_000;
const ago = (ms: number) => new Date(Date.now() - ms).toISOString();
const many = (n: number, make: (i: number) => LogInput) => Array.from({ length: n }, (_, i) => make(i));

describe('dashboard polish', { timeout: 300_000 }, () => {
  let server: Awaited<ReturnType<typeof startTestServer>>;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const pageErrors: string[] = [];
  const keys = new Map<string, string>();

  async function project(name: string): Promise<{ slug: string; key: string }> {
    const created = await page.request.post('/api/logs/projects', { data: { name } });
    assert.equal(created.status(), 201);
    const body = (await created.json()) as { project: { slug: string }; api_key: string };
    keys.set(body.project.slug, body.api_key);
    return { slug: body.project.slug, key: body.api_key };
  }
  const send = async (slug: string, service: string, logs: LogInput[]) =>
    assert.equal((await sendLogs(server.url, keys.get(slug)!, service, logs)).status, 201);

  before(async () => {
    ensureWebBuild();
    server = await startTestServer();
    browser = await launchBrowser();
    context = await newContext(browser, server.url);
    page = await context.newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
    const first = await setupThroughApi(page, 'Delta Tiny');
    keys.set(first.slug, first.key);
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('the overview puts the most urgent project first, and colours only unhealthy error counts red', async () => {
    await send('delta-tiny', 'app', many(3, (i) => ({ level: 'INFO', message: `tiny ${i}`, timestamp: ago((i + 1) * MIN) })));
    const alpha = await project('Alpha Calm');
    await send(alpha.slug, 'web', [
      ...many(50, (i) => ({ level: 'INFO', message: `page ${i}`, timestamp: ago((i + 1) * MIN) })),
      { level: 'ERROR', message: 'one stray error', timestamp: ago(30 * MIN) },
    ]);
    const beta = await project('Beta Silent');
    await send(beta.slug, 'cron', many(40, (i) => ({ level: 'INFO', message: `run ${i}`, timestamp: ago(5 * 60 * MIN + i * MIN) })));
    await send(beta.slug, 'api', many(5, (i) => ({ level: 'INFO', message: `ok ${i}`, timestamp: ago((i + 1) * MIN) })));
    const gamma = await project('Gamma Busy');
    await send(gamma.slug, 'api', many(30, (i) => ({ level: 'INFO', message: `req ${i}`, timestamp: ago((i + 1) * MIN) })));
    const zulu = await project('Zulu Errors');
    await send(zulu.slug, 'pay', many(20, (i) => ({ level: i % 2 ? 'ERROR' : 'INFO', message: `charge ${i}`, timestamp: ago((i + 1) * 30_000) })));

    await page.goto('/');
    const expected = ['zulu-errors', 'alpha-calm', 'beta-silent', 'gamma-busy', 'delta-tiny'];
    const order = () =>
      page.evaluate(() => [...document.querySelectorAll('.card-grid [data-testid^="health-"]')].map((el) => el.getAttribute('data-testid')!.slice(7)));
    await page
      .waitForFunction(
        (want) => JSON.stringify([...document.querySelectorAll('.card-grid [data-testid^="health-"]')].map((el) => el.getAttribute('data-testid')!.slice(7))) === want,
        JSON.stringify(expected),
        { timeout: 20_000 },
      )
      .catch(async () => assert.deepEqual(await order(), expected));
    assert.match((await page.getByTestId('severity-rule').getAttribute('title')) ?? '', /errors rising.*error rate.*silent.*volume/i);

    const errorsOf = (slug: string) => page.getByTestId(`health-${slug}`).getByTestId('service-errors').first();
    assert.equal(await errorsOf('alpha-calm').textContent(), '1 err');
    assert.doesNotMatch((await errorsOf('alpha-calm').getAttribute('class')) ?? '', /\bbad\b/, 'a healthy service with one error is not red');
    assert.match((await errorsOf('zulu-errors').getAttribute('class')) ?? '', /\bbad\b/, 'rising errors are red');
    const colour = (slug: string) => errorsOf(slug).evaluate((el) => getComputedStyle(el).color);
    assert.notEqual(await colour('alpha-calm'), await colour('zulu-errors'));
  });

  it('a bad from in the URL shows the API error and keeps the explorer usable', async () => {
    pageErrors.length = 0;
    await page.goto('/explore?from=yesterday');
    const alert = page.getByRole('alert').filter({ hasText: 'yesterday' });
    await alert.waitFor({ timeout: 15_000 });
    assert.match((await alert.textContent()) ?? '', /from must be an ISO 8601 time/);
    assert.deepEqual(pageErrors, [], 'nothing crashed');
    // Still usable: a preset fixes the range and logs appear.
    await page.getByRole('button', { name: '24h', exact: true }).click();
    await page.waitForURL((u) => u.searchParams.get('range') === '24h' && !u.searchParams.has('from'));
    assert.ok((await resultCount(page)) > 0);
    await page.getByRole('alert').waitFor({ state: 'detached' });
  });

  it('a page that throws while rendering shows its error inside the frame, not a white page', async () => {
    // The server refuses this path outright; inside the app, the router's decodeURIComponent throws on it.
    await page.goto('/projects');
    await page.evaluate(() => {
      window.history.pushState(null, '', '/projects/%E0%A4%A/setup');
      window.dispatchEvent(new PopStateEvent('popstate'));
    });
    await page.getByTestId('page-error').waitFor();
    assert.match((await page.getByTestId('page-error').textContent()) ?? '', /URI malformed/);
    const nav = page.getByRole('navigation', { name: 'Main' });
    assert.ok(await nav.isVisible(), 'the navigation stays');
    await nav.getByRole('link', { name: 'Projects' }).click();
    await page.getByTestId('projects-table').waitFor();
    assert.equal(await page.getByTestId('page-error').count(), 0, 'another page clears the error');
  });

  it('the custom range popover opens on the active range and Esc closes it, focus back on its button', async () => {
    await page.goto('/explore?project=gamma-busy&range=24h');
    await waitForCount(page, 30);
    await page.getByTestId('custom-range').click();
    const popover = page.getByRole('dialog', { name: 'Custom time range' });
    await popover.waitFor();
    const minutesFromNow = (value: string) => page.evaluate((v) => Math.round((new Date(v).getTime() - Date.now()) / 60_000), value);
    assert.ok(Math.abs((await minutesFromNow(await popover.getByLabel('From').inputValue())) + 24 * 60) <= 1, 'From is 24 h ago');
    assert.ok(Math.abs(await minutesFromNow(await popover.getByLabel('To').inputValue())) <= 1, 'To is now');
    await page.keyboard.press('Escape');
    await popover.waitFor({ state: 'detached' });
    assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('data-testid')), 'custom-range');

    // A custom range opens as itself.
    await page.goto('/explore?project=gamma-busy&from=2026-01-02T03:04:00.000Z&to=2026-01-02T05:06:00.000Z');
    await page.getByTestId('custom-range').click();
    const localInput = (iso: string) =>
      page.evaluate((t) => {
        const d = new Date(t);
        const parts = [d.getMonth() + 1, d.getDate(), d.getHours(), d.getMinutes()].map((n) => String(n).padStart(2, '0'));
        return `${d.getFullYear()}-${parts[0]}-${parts[1]}T${parts[2]}:${parts[3]}`;
      }, iso);
    assert.equal(await popover.getByLabel('From').inputValue(), await localInput('2026-01-02T03:04:00.000Z'));
    assert.equal(await popover.getByLabel('To').inputValue(), await localInput('2026-01-02T05:06:00.000Z'));
    await popover.getByLabel('To').focus();
    await page.keyboard.press('Escape');
    await popover.waitFor({ state: 'detached' });
  });

  it('live tail keeps the total and histogram moving, holds rows still under a reader, and looks paused when paused', async () => {
    const live = await project('Live Feed');
    await send(live.slug, 'api', many(80, (i) => ({ level: 'INFO', message: `old ${i}`, timestamp: ago((i + 1) * 20_000) })));
    await page.goto(`/explore?project=${live.slug}&range=1h`);
    await waitForCount(page, 80);
    const histogramTotal = async () => Number(await page.getByTestId('histogram').getAttribute('data-total'));
    await page.waitForFunction(() => document.querySelector('[data-testid="histogram"]')?.getAttribute('data-total') === '80');
    await page.getByTestId('live-toggle').click();
    const bar = page.getByTestId('live-bar');
    await bar.getByText('Streaming').waitFor({ timeout: 15_000 });
    const streamingDot = await bar.getByTestId('live-dot').evaluate((el) => getComputedStyle(el).backgroundColor);

    await send(live.slug, 'api', [{ level: 'ERROR', message: 'new A' }, { level: 'INFO', message: 'new B' }]);
    await page.getByTestId('log-message').filter({ hasText: 'new B' }).waitFor({ timeout: 20_000 });
    await waitForCount(page, 82, 20_000);
    await page.waitForFunction(() => document.querySelector('[data-testid="histogram"]')?.getAttribute('data-total') === '82', undefined, { timeout: 20_000 });

    // The reader scrolls down: what they look at must not move when new logs arrive.
    const list = page.getByTestId('log-list');
    await list.evaluate((el) => el.scrollTo({ top: 400 }));
    const anchor = page.getByTestId('log-row').filter({ hasText: 'old 20' });
    await anchor.waitFor();
    const before = (await anchor.boundingBox())!.y;
    await send(live.slug, 'api', [{ level: 'INFO', message: 'new C' }, { level: 'INFO', message: 'new D' }]);
    await page.getByTestId('new-rows').filter({ hasText: '2 new' }).waitFor({ timeout: 20_000 });
    await waitForCount(page, 84, 20_000);
    assert.equal((await anchor.boundingBox())!.y, before, 'the row under the reader stayed in place');
    assert.equal(await list.evaluate((el) => el.scrollTop), 400);
    await page.getByTestId('new-rows').click();
    await page.getByTestId('log-message').filter({ hasText: 'new D' }).waitFor();
    assert.equal(await list.evaluate((el) => el.scrollTop), 0);
    assert.equal(await page.getByTestId('log-message').first().textContent(), 'new D');

    // Paused: amber and still, not a green pulse; the total still follows.
    await bar.getByRole('button', { name: 'Pause' }).click();
    await page.waitForFunction(() => document.querySelector('[data-testid="live-bar"]')?.getAttribute('data-state') === 'paused');
    assert.match((await bar.textContent()) ?? '', /Paused/);
    const dot = bar.getByTestId('live-dot');
    assert.notEqual(await dot.evaluate((el) => getComputedStyle(el).backgroundColor), streamingDot, 'the paused dot is not green');
    assert.equal(await dot.evaluate((el) => getComputedStyle(el).animationName), 'none');
    const toolbarDot = page.getByTestId('live-toggle').locator('.live-dot');
    assert.notEqual(await toolbarDot.evaluate((el) => getComputedStyle(el).backgroundColor), streamingDot);
    await send(live.slug, 'api', [{ level: 'INFO', message: 'new E' }]);
    await bar.getByText('1 waiting').waitFor({ timeout: 20_000 });
    await waitForCount(page, 85, 20_000);
    assert.equal(await histogramTotal() >= 84, true);
    await bar.getByRole('button', { name: 'Resume' }).click();
    await page.getByTestId('log-message').filter({ hasText: 'new E' }).waitFor();
    await page.getByTestId('live-toggle').click();
  });

  it('at 390 px every page keeps the whole width: the menu and the filters are drawers, the list is not covered', async () => {
    const shots = mkdtempSync(join(tmpdir(), 'devsmith-phone-'));
    const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, baseURL: server.url, isMobile: true, hasTouch: true });
    await phone.addCookies(await context.cookies());
    const mobile = await phone.newPage();
    mobile.on('pageerror', (error) => pageErrors.push(error.message));
    const fitsWidth = () => mobile.evaluate(() => {
      const main = document.querySelector('main.content')!;
      return main.scrollWidth <= main.clientWidth && document.documentElement.scrollWidth <= window.innerWidth;
    });
    try {
      await mobile.goto('/explore?project=gamma-busy&range=24h');
      await mobile.getByTestId('log-row').first().waitFor();
      const nav = mobile.getByRole('navigation', { name: 'Main' });
      assert.equal(await nav.isVisible(), false, 'the sidebar is tucked away');
      const box = (await mobile.getByTestId('log-list').boundingBox())!;
      assert.ok(box.x <= 1 && box.width >= 380, `the list spans the screen (x ${box.x}, width ${box.width})`);
      assert.ok(box.height >= 300, `the list has room (${box.height} px high)`);
      const uncovered = await mobile.evaluate(() => {
        const message = document.querySelector<HTMLElement>('[data-testid="log-message"]')!;
        const r = message.getBoundingClientRect();
        const hit = document.elementFromPoint(r.left + 20, r.top + r.height / 2);
        return Boolean(hit?.closest('[data-testid="log-list"]'));
      });
      assert.ok(uncovered, 'nothing covers the first log line');
      assert.ok(await fitsWidth(), 'no sideways scrolling');
      const file = join(shots, 'explore-390.png');
      await mobile.screenshot({ path: file });
      assert.ok(statSync(file).size > 10_000);
      console.log(`phone screenshots in ${shots}`);

      // Filters open as a drawer and still filter.
      await mobile.getByTestId('facet-toggle').click();
      await mobile.getByTestId('level-INFO').click();
      await mobile.waitForURL(/level=INFO/);
      await mobile.screenshot({ path: join(shots, 'explore-filters-390.png') });
      await mobile.keyboard.press('Escape');
      await mobile.waitForFunction(() => !document.querySelector('#facet-drawer.open'));

      // The menu opens over the page and closes when a link is followed.
      await mobile.getByTestId('menu-toggle').click();
      await nav.waitFor({ state: 'visible' });
      await mobile.screenshot({ path: join(shots, 'menu-390.png') });
      await nav.getByRole('link', { name: 'Overview' }).click();
      await mobile.waitForURL((u) => u.pathname === '/');
      await mobile.waitForFunction(() => !document.querySelector('.shell.nav-open'));
      await mobile.getByTestId('health-gamma-busy').waitFor();

      for (const [path, name] of [['/', 'overview'], ['/projects', 'projects'], ['/projects/gamma-busy/setup', 'setup']]) {
        await mobile.goto(path);
        await mobile.locator('main h1').first().waitFor();
        assert.ok(await fitsWidth(), `${name} fits 390 px`);
        await mobile.screenshot({ path: join(shots, `${name}-390.png`) });
      }
      await mobile.goto('/projects?new=1');
      const dialog = mobile.getByRole('dialog', { name: 'New project' });
      await dialog.waitFor();
      const d = (await dialog.boundingBox())!;
      assert.ok(d.x >= 0 && d.x + d.width <= 390 && d.y >= 0 && d.y + d.height <= 844, 'the dialog fits the screen');
      await mobile.screenshot({ path: join(shots, 'dialog-390.png') });
      assert.deepEqual(pageErrors, []);
    } finally {
      await phone.close();
    }
  });
});
