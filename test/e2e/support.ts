/**
 * Shared pieces of the dashboard end-to-end tests: the web build (made when missing or stale),
 * a headless Chromium at 1440×900, screenshots under build-output/screenshots/, and helpers that
 * talk to the real server over HTTP (ingest with the project key, sign-up through the API).
 */
import assert from 'node:assert/strict';
import { execSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { startServer } from '../helpers/server.ts';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const SCREENSHOTS = join(ROOT, 'build-output', 'screenshots');
const CHROMIUM = '/usr/bin/chromium';

function newestMtime(path: string): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(stat.mtimeMs, ...readdirSync(path).map((name) => newestMtime(join(path, name))));
}

/** Runs `npm run build:web` when dist/web/index.html is missing or older than any web source. */
export function ensureWebBuild(): void {
  const built = join(ROOT, 'dist', 'web', 'index.html');
  const sources = newestMtime(join(ROOT, 'web'));
  if (existsSync(built) && statSync(built).mtimeMs >= sources) return;
  execSync('npm run build:web', { cwd: ROOT, stdio: 'inherit' });
}

export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium is missing at ${CHROMIUM}: install the Debian chromium package`);
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-quic',
      '--no-first-run',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

export async function newContext(browser: Browser, baseURL: string): Promise<BrowserContext> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, baseURL });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: baseURL });
  return context;
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), animations: 'disabled' });
}

export interface LogInput {
  level: string;
  message: string;
  timestamp?: string | number;
  context?: Record<string, unknown>;
  trace_id?: string;
}

/** Sends one batch with the project's key, as an application would (BRIEF §3). */
export async function sendLogs(
  baseURL: string,
  key: string,
  service: string,
  logs: LogInput[],
  extra: Record<string, unknown> = {},
): Promise<Response> {
  return fetch(`${baseURL}/api/logs/batch`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: JSON.stringify({ service_name: service, logs, ...extra }),
  });
}

export const ADMIN = { name: 'Ada Admin', email: 'ada@example.com', password: 'correct horse battery staple' };

/**
 * Signs up the first admin and creates a project through the public API, sharing the session
 * cookie with the page's browser context (Playwright's request context keeps the same jar).
 */
export async function setupThroughApi(page: Page, projectName: string): Promise<{ slug: string; key: string }> {
  const setup = await page.request.post('/api/auth/setup', { data: ADMIN });
  if (setup.status() !== 201) throw new Error(`setup failed: ${setup.status()} ${await setup.text()}`);
  const created = await page.request.post('/api/logs/projects', { data: { name: projectName } });
  if (created.status() !== 201) throw new Error(`project create failed: ${created.status()} ${await created.text()}`);
  const body = (await created.json()) as { project: { slug: string }; api_key: string };
  return { slug: body.project.slug, key: body.api_key };
}

export interface NetworkTracker {
  /** Resolves once no fetch of the page has been in flight for `quietMs` (streams excepted). */
  idle(quietMs?: number, timeout?: number): Promise<void>;
}

/**
 * Counts the page's requests in flight from now on. A test that changes the session under a page
 * (clears its cookies) must first let the page's own fetches finish: one answering 401 afterwards
 * sends the page to the login screen before the test's click does (a race CI lost once).
 */
export function trackNetwork(page: Page): NetworkTracker {
  const inFlight = new Set<unknown>();
  let lastChange = Date.now();
  page.on('request', (request) => {
    if (request.resourceType() === 'eventsource') return; // live tail stays open by design
    inFlight.add(request);
    lastChange = Date.now();
  });
  const done = (request: unknown): void => {
    if (inFlight.delete(request)) lastChange = Date.now();
  };
  page.on('requestfinished', done);
  page.on('requestfailed', done);
  return {
    async idle(quietMs = 500, timeout = 15_000) {
      const deadline = Date.now() + timeout;
      while (inFlight.size > 0 || Date.now() - lastChange < quietMs) {
        if (Date.now() > deadline) throw new Error(`${inFlight.size} request(s) still in flight after ${timeout} ms`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    },
  };
}

/** The total shown above the result list, once it is a number. */
export async function resultCount(page: Page): Promise<number> {
  const strong = page.getByTestId('result-count').locator('strong');
  await page.waitForFunction(
    () => /^[\d,]+$/.test(document.querySelector('[data-testid="result-count"] strong')?.textContent ?? ''),
  );
  return Number((await strong.textContent())!.replace(/,/g, ''));
}

/** Waits until the shown total equals `expected` (the list reloads after every filter change). */
export async function waitForCount(page: Page, expected: number, timeout = 15_000): Promise<void> {
  await page.waitForFunction(
    (n) => document.querySelector('[data-testid="result-count"] strong')?.textContent?.replace(/,/g, '') === String(n),
    expected,
    { timeout },
  );
}

export interface TestServer {
  url: string;
  stop(): Promise<void>;
}

/** The real server on a free port with a fresh SQLite data directory, removed again on stop. */
export async function startTestServer(): Promise<TestServer> {
  const server = await startServer({ env: { LOG_LEVEL: 'warn' } });
  return {
    url: server.url,
    async stop() {
      await server.stop();
      rmSync(server.dataDir, { recursive: true, force: true });
    },
  };
}

/** Waits until the rendered messages (top of the list) are exactly `expected`: the list and the count load separately. */
export async function waitForMessages(page: Page, expected: string[], timeout = 15_000): Promise<void> {
  await page
    .waitForFunction(
      (want) => {
        const got = [...document.querySelectorAll('[data-testid="log-message"]')].map((el) => el.textContent);
        return JSON.stringify(got) === JSON.stringify(want);
      },
      expected,
      { timeout },
    )
    .catch(async () => {
      const got = await page.getByTestId('log-message').allTextContents();
      throw new Error(`list shows ${JSON.stringify(got)}, expected ${JSON.stringify(expected)}`);
    });
}

/**
 * Reads `read` until it deep-equals `expected` (parts of a page load separately: the count, the list and the
 * facets each arrive on their own), then asserts, so a timeout reports the last value seen.
 */
export async function eventually<T>(read: () => Promise<T>, expected: T, message?: string, timeout = 15_000): Promise<void> {
  const deadline = Date.now() + timeout;
  let last = await read();
  while (!isDeepStrictEqual(last, expected) && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 50));
    last = await read();
  }
  assert.deepStrictEqual(last, expected, message);
}
