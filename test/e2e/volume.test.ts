/**
 * 100,000 matching logs: the explorer loads them progressively by cursor and the user can scroll
 * to the very last one while the page keeps answering (every evaluate round trip comes back).
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { ensureWebBuild, startTestServer, launchBrowser, newContext, screenshot, sendLogs, setupThroughApi, waitForCount } from './support.ts';

const TOTAL = 100_000;
const BATCH = 10_000;
const LEVELS = ['DEBUG', 'INFO', 'INFO', 'INFO', 'WARN', 'ERROR'];

/** Fails when the page does not answer within `ms`: a frozen main thread cannot run evaluate. */
async function responsive(page: Page, ms = 30_000): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const frozen = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`page did not answer for ${ms} ms`)), ms);
  });
  try {
    await Promise.race([page.evaluate(() => document.readyState), frozen]);
  } finally {
    clearTimeout(timer);
  }
}

describe('a long result list', { timeout: 600_000 }, () => {
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

  it('scrolls to the end of 100,000 logs loaded page by page', async (t) => {
    const started = Date.now();
    const { slug, key } = await setupThroughApi(page, 'Firehose');
    // Spread over the last 20 hours, oldest first, so "log 0" is the last row of the list.
    const start = Date.now() - 20 * 3_600_000;
    for (let offset = 0; offset < TOTAL; offset += BATCH) {
      const logs = Array.from({ length: BATCH }, (_, j) => {
        const i = offset + j;
        return {
          level: LEVELS[i % LEVELS.length],
          message: `log ${i} processed order ${i * 7} in ${i % 997} ms`,
          timestamp: start + i * 700,
          context: { i, shard: i % 16 },
        };
      });
      const res = await sendLogs(server.url, key, `svc-${offset / BATCH % 4}`, logs);
      assert.equal(res.status, 201, await res.text());
    }

    t.diagnostic(`ingested ${TOTAL} logs in ${Date.now() - started} ms`);
    const opened = Date.now();
    await page.goto(`/explore?project=${slug}&range=24h`);
    await waitForCount(page, TOTAL, 60_000);
    await page.getByTestId('log-row').first().waitFor();

    const list = page.getByTestId('log-list');
    let rounds = 0;
    for (;;) {
      await list.evaluate((el) => {
        el.scrollTop = el.scrollHeight;
      });
      await responsive(page);
      // Read without waiting: after a page arrives the footer is off screen until the next scroll.
      const footer = await page.evaluate(() => document.querySelector('.log-footer')?.textContent ?? '');
      if (footer === 'End of results') break;
      rounds += 1;
      assert.ok(rounds < 2000, 'the list never reached its end');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }

    t.diagnostic(`scrolled to the end in ${Date.now() - opened} ms (${rounds} scroll rounds)`);
    const loaded = await page.locator('.results-head .muted').first().textContent();
    assert.match(loaded ?? '', /^100k loaded/);
    const messages = await page.getByTestId('log-message').allTextContents();
    assert.equal(messages.at(-1), 'log 0 processed order 0 in 0 ms', 'the oldest log is the last row');
    const rendered = await page.getByTestId('log-row').count();
    assert.ok(rendered < 200, `only visible rows are in the DOM (found ${rendered})`);
    await screenshot(page, '12-explorer-100k-end');

    // Still smooth after everything is loaded: scroll back to the top and find the newest log.
    await list.evaluate((el) => {
      el.scrollTop = 0;
    });
    await responsive(page);
    await page.getByTestId('log-message').filter({ hasText: `log ${TOTAL - 1} processed` }).waitFor();
  });
});
