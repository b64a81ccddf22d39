/**
 * The Archives dialog in real headless Chromium against the real server and a real S3-compatible server
 * (moto): archive a past day from the projects page, see it archived with its count, restore it.
 */
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { startServer, type RunningServer } from '../helpers/server.js';
import { startMoto, type Moto } from '../helpers/moto.js';
import { ensureWebBuild, launchBrowser, newContext, screenshot, sendLogs, setupThroughApi } from './support.ts';

const DAY = 86_400_000;
const dayStart = Math.floor(Date.now() / DAY) * DAY - 2 * DAY;
const day = new Date(dayStart).toISOString().slice(0, 10);

describe('archives dialog', { timeout: 180_000 }, () => {
  let moto: Moto | string;
  let server: RunningServer | undefined;
  let browser: Browser | undefined;
  let page: Page;

  before(async () => {
    moto = await startMoto();
    if (typeof moto === 'string') return;
    await moto.createBucket('e2e');
    ensureWebBuild();
    server = await startServer({ env: { LOG_LEVEL: 'warn', ...moto.env('e2e') } });
    browser = await launchBrowser();
    page = await (await newContext(browser, server.url)).newPage();
  });
  after(async () => {
    await browser?.close();
    if (server) {
      await server.stop();
      rmSync(server.dataDir, { recursive: true, force: true });
    }
    if (moto && typeof moto !== 'string') await moto.stop();
  });

  it('archives a past day from the projects page, then restores it', async (t) => {
    if (typeof moto === 'string') return t.skip(`NOT RUN: ${moto}`);
    const { slug, key } = await setupThroughApi(page, 'Archived App');
    const logs = [1, 2, 3, 4, 5].map((i) => ({ level: 'INFO', message: `old ${i}`, timestamp: new Date(dayStart + i * 60_000).toISOString() }));
    assert.equal((await sendLogs(server!.url, key, 'api', logs)).status, 201);

    await page.goto('/projects');
    await page.getByTestId(`project-row-${slug}`).getByRole('button', { name: 'Archives' }).click();
    const dialog = page.getByRole('dialog', { name: 'Archives of Archived App' });
    await dialog.getByText('No day of this project is archived yet.').waitFor();
    await dialog.getByLabel('Day (UTC)').fill(day);
    await dialog.getByRole('button', { name: 'Archive day' }).click();
    const row = dialog.getByTestId(`archive-row-${day}`);
    await row.getByText('archived', { exact: true }).waitFor({ timeout: 30_000 });
    assert.equal((await row.locator('td.num').first().textContent())?.trim(), '5');
    await screenshot(page, 'archives-dialog');

    await row.getByRole('button', { name: 'Restore' }).click();
    await dialog.getByRole('status').getByText(`${day}: 0 logs restored, 5 were already there.`).waitFor();
  });
});
