/**
 * Log strings are data, never markup: a message and context full of <script> and <img onerror>
 * payloads must render verbatim as text in the list, the expanded row and the surrounding-lines
 * dialog, and nothing in them may run.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { ensureWebBuild, startTestServer, launchBrowser, newContext, screenshot, sendLogs, setupThroughApi, waitForCount } from './support.ts';

const MESSAGE = `<script>window.__pwned = 'script'; alert('script')</script><img src=x onerror="window.__pwned='img'; alert('img')"> done`;
const CONTEXT = {
  html: `<img src=x onerror="window.__pwned='ctx'; alert('ctx')">`,
  nested: { script: `</pre><script>window.__pwned='nested'</script>`, list: [`<b onmouseover="alert(1)">bold</b>`] },
  '<svg onload=alert(1)>': 'key with markup',
};

describe('log strings are shown as text', { timeout: 120_000 }, () => {
  let server: Awaited<ReturnType<typeof startTestServer>>;
  let browser: Browser;
  let page: Page;
  const dialogs: string[] = [];

  before(async () => {
    ensureWebBuild();
    server = await startTestServer();
    browser = await launchBrowser();
    page = await (await newContext(browser, server.url)).newPage();
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('renders script and onerror payloads verbatim without running them', async () => {
    const { slug, key } = await setupThroughApi(page, 'XSS Lab');
    const res = await sendLogs(server.url, key, 'web', [
      { level: 'INFO', message: 'before the payload' },
      { level: 'ERROR', message: MESSAGE, context: CONTEXT },
      { level: 'INFO', message: 'after the payload' },
    ]);
    assert.equal(res.status, 201);

    await page.goto(`/explore?project=${slug}&q=done`);
    await waitForCount(page, 1);
    const message = page.getByTestId('log-message').first();
    assert.equal(await message.textContent(), MESSAGE);

    await message.click();
    const detail = page.locator('.log-detail').first();
    await detail.waitFor();
    assert.equal(await detail.locator('.log-detail-message').textContent(), MESSAGE);
    const json = (await detail.locator('.json').textContent()) ?? '';
    assert.deepEqual(JSON.parse(json), CONTEXT, 'the context is shown as the exact JSON that was sent');

    await detail.getByRole('button', { name: 'Show surrounding lines' }).click();
    const surrounding = page.getByRole('dialog', { name: /Surrounding lines/ });
    await surrounding.getByText('after the payload').waitFor();
    assert.ok(((await surrounding.textContent()) ?? '').includes(MESSAGE));
    await screenshot(page, '11-xss-payload-as-text');

    // Give any injected handler the chance to fire (images error out asynchronously).
    await page.waitForTimeout(500);
    const state = await page.evaluate(() => ({
      pwned: (window as unknown as { __pwned?: string }).__pwned ?? null,
      images: document.querySelectorAll('img').length,
      scripts: [...document.querySelectorAll('script')].filter((s) => !s.src).length,
      svgs: document.querySelectorAll('svg[onload]').length,
      bold: document.querySelectorAll('b[onmouseover]').length,
    }));
    assert.deepEqual(state, { pwned: null, images: 0, scripts: 0, svgs: 0, bold: 0 });
    assert.deepEqual(dialogs, []);
  });
});
