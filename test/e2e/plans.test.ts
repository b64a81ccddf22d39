/**
 * Plans and sampling edited in the dashboard (issue 13), in real Chromium against the real server: an admin
 * creates a plan (API problems shown by their field), assigns it to a project with 10 % INFO sampling, finds
 * both kept after a reload and in the API, and sees the quota warning once a batch crosses the quota; a member
 * sees neither the plans nor the plan select. The projects page shows each project's estimated storage and a
 * total of the projects the user sees (a member: their own only).
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { formatBytes } from '../../web/src/format.ts';
import { ROOT, SCREENSHOTS, ensureWebBuild, launchBrowser, newContext, screenshot, sendLogs, setupThroughApi, startTestServer } from './support.ts';

const MEMBER = { name: 'Max Member', email: 'max@example.com', password: 'another horse battery staple' };

const errors = (n: number) => Array.from({ length: n }, (_, i) => ({ level: 'ERROR', message: `payment failed ${i}` }));

/** Signs in through the API on a fresh page of its own context (its own cookie jar). */
async function signedInPage(browser: Browser, url: string, credentials: { email: string; password: string }): Promise<Page> {
  const page = await (await newContext(browser, url)).newPage();
  const login = await page.request.post('/api/auth/login', { data: credentials });
  assert.equal(login.status(), 200, await login.text());
  return page;
}

describe('plans and sampling in the dashboard', { timeout: 180_000 }, () => {
  let server: Awaited<ReturnType<typeof startTestServer>>;
  let browser: Browser;
  let page: Page;
  let project: { slug: string; key: string };
  let teamId: number;

  before(async () => {
    ensureWebBuild();
    server = await startTestServer();
    browser = await launchBrowser();
    page = await (await newContext(browser, server.url)).newPage();
    project = await setupThroughApi(page, 'Billing API');
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('the admin sees the plans with their limits, "unlimited" for none', async () => {
    await page.goto('/projects');
    const section = page.getByTestId('plans-section');
    await section.getByTestId('plan-row-free').waitFor();
    assert.equal(await section.getByTestId('plan-row-free').getByTestId('plan-quota').textContent(), '1,000 logs');
    assert.equal(await section.getByTestId('plan-row-free').getByTestId('plan-rate').textContent(), '60 / min');
    assert.equal(await section.getByTestId('plan-row-enterprise').getByTestId('plan-quota').textContent(), 'unlimited');
    assert.match((await section.getByTestId('plan-row-enterprise').textContent()) ?? '', /default/);
  });

  it('creating a plan shows the API\'s problems next to the field, then the new plan in the list', async () => {
    await page.getByRole('button', { name: '+ New plan' }).click();
    const dialog = page.getByRole('dialog', { name: 'New plan' });
    await dialog.getByLabel(/^Plan name/).fill('Team');
    await dialog.getByLabel(/^Plan slug/).fill('free');
    await dialog.getByLabel(/^Daily quota \(logs\)/).fill('0');
    await dialog.getByRole('button', { name: 'Create plan' }).click();
    const quotaError = dialog.locator('#plan-dailyQuota-error');
    await quotaError.waitFor();
    assert.match((await quotaError.textContent()) ?? '', /daily_quota must be >= 1/);
    assert.equal(await dialog.getByLabel(/^Daily quota \(logs\)/).getAttribute('aria-describedby'), 'plan-dailyQuota-error');

    await dialog.getByLabel(/^Daily quota \(logs\)/).fill('20');
    await dialog.getByRole('button', { name: 'Create plan' }).click();
    const slugError = dialog.locator('#plan-slug-error');
    await slugError.waitFor();
    assert.equal(await slugError.textContent(), 'A plan with the slug "free" already exists.');
    assert.equal(await quotaError.count(), 0, 'the fixed field no longer shows its problem');
    await screenshot(page, '42-plan-field-error');

    await dialog.getByLabel(/^Plan slug/).fill('team');
    await dialog.getByRole('button', { name: 'Create plan' }).click();
    await dialog.waitFor({ state: 'detached' });
    const row = page.getByTestId('plan-row-team');
    await row.waitFor();
    assert.equal(await row.getByTestId('plan-quota').textContent(), '20 logs');
    assert.equal(await row.getByTestId('plan-rate').textContent(), 'server default');

    const plans = (await (await page.request.get('/api/plans')).json()) as { data: Array<{ id: number; slug: string; daily_quota: number | null }> };
    const team = plans.data.find((p) => p.slug === 'team');
    assert.equal(team?.daily_quota, 20);
    teamId = team!.id;
  });

  it('editing a plan changes only what was edited', async () => {
    await page.getByRole('button', { name: 'Edit plan Team' }).click();
    const dialog = page.getByRole('dialog', { name: 'Edit plan Team' });
    assert.equal(await dialog.getByLabel(/^Daily quota \(logs\)/).inputValue(), '20');
    await dialog.getByLabel(/^Rate limit \(requests per minute\)/).fill('120');
    await dialog.getByRole('button', { name: 'Save plan' }).click();
    await dialog.waitFor({ state: 'detached' });
    await page.getByTestId('plan-row-team').getByText('120 / min').waitFor();
    assert.equal(await page.getByTestId('plan-row-team').getByTestId('plan-quota').textContent(), '20 logs');
  });

  it('the project gets the plan and 10 % INFO sampling; both are kept after a reload and in the API', async () => {
    const row = page.getByTestId(`project-row-${project.slug}`);
    await row.getByRole('button', { name: 'Edit' }).click();
    let dialog = page.getByRole('dialog', { name: 'Edit Billing API' });
    const planSelect = dialog.getByRole('combobox', { name: /^Plan/ });
    await planSelect.locator(`option[value="${teamId}"]`).waitFor({ state: 'attached' });
    assert.equal(await planSelect.inputValue(), '', 'no plan yet: the server default');
    await planSelect.selectOption({ label: 'Team: 20 logs/day, 120 requests/min' });

    const summary = dialog.getByTestId('sampling-summary');
    assert.match((await summary.textContent()) ?? '', /^Keeps every log: no sampling\./);
    await dialog.getByTestId('sampling-INFO').fill('150');
    await dialog.getByRole('button', { name: 'Save changes' }).click();
    assert.equal(await dialog.locator('#sampling-error').textContent(), 'Keep % of INFO must be a number from 0 to 100 (empty keeps all).');

    await dialog.getByTestId('sampling-INFO').fill('10');
    assert.match((await summary.textContent()) ?? '', /^Keeps 10 % of INFO; counts are estimated\. WARN, ERROR and FATAL are always kept whole/);
    await dialog.getByRole('button', { name: 'Save changes' }).click();
    await dialog.waitFor({ state: 'detached' });

    await page.reload();
    await row.getByRole('button', { name: 'Edit' }).click();
    dialog = page.getByRole('dialog', { name: 'Edit Billing API' });
    await dialog.getByRole('combobox', { name: /^Plan/ }).locator(`option[value="${teamId}"]`).waitFor({ state: 'attached' });
    assert.equal(await dialog.getByRole('combobox', { name: /^Plan/ }).inputValue(), String(teamId));
    assert.equal(await dialog.getByTestId('sampling-INFO').inputValue(), '10');
    assert.equal(await dialog.getByTestId('sampling-DEBUG').inputValue(), '');
    assert.match((await dialog.getByTestId('sampling-summary').textContent()) ?? '', /^Keeps 10 % of INFO; counts are estimated\./);
    await dialog.getByTestId('sampling-summary').scrollIntoViewIfNeeded();
    await screenshot(page, '40-project-plan-and-sampling');
    await dialog.getByRole('button', { name: 'Cancel' }).click();

    const api = (await (await page.request.get(`/api/logs/projects/${project.slug}`)).json()) as { project: { plan_id: number | null; sampling: Record<string, number> | null } };
    assert.equal(api.project.plan_id, teamId);
    assert.deepEqual(api.project.sampling, { INFO: 0.1 });
    const usage = (await (await page.request.get(`/api/logs/projects/${project.slug}/usage?days=1`)).json()) as { plan: { slug: string }; today: { quota: number } };
    assert.equal(usage.plan.slug, 'team');
    assert.equal(usage.today.quota, 20);
  });

  it('a batch above the quota is stored up to it and the projects page warns', async () => {
    // ERROR is never sampled, so all 25 reach the quota of 20.
    const res = await sendLogs(server.url, project.key, 'billing', errors(25));
    assert.equal(res.status, 200);
    const body = (await res.json()) as { count: number; rejected: Array<{ reason: string }> };
    assert.equal(body.count, 20);
    assert.equal(body.rejected.length, 5);
    await page.reload();
    const banner = page.getByTestId(`quota-banner-${project.slug}`);
    await banner.waitFor();
    assert.match((await banner.textContent()) ?? '', /Billing API has used its daily quota \(20 logs, Team plan\)/);
    await screenshot(page, '41-plans-section');
    // The copy in the docs is refreshed on request only, so a test run leaves the checkout clean.
    if (process.env.DEVSMITH_UPDATE_DOC_SCREENSHOTS === '1') {
      mkdirSync(join(ROOT, 'docs', 'screenshots'), { recursive: true });
      copyFileSync(join(SCREENSHOTS, '41-plans-section.png'), join(ROOT, 'docs', 'screenshots', 'plans.png'));
    }
  });

  it('each project shows its estimated storage, and the page the total', async () => {
    const api = (await (await page.request.get('/api/logs/storage')).json()) as {
      estimated: boolean; total: { logs: number; bytes: number }; data: Array<{ logs: number; bytes: number; bytes_per_log: number }>;
    };
    assert.equal(api.estimated, true);
    assert.equal(api.total.logs, 20);
    const mine = api.data[0]!;
    assert.ok(mine.bytes > 0 && mine.bytes_per_log > 0);
    await page.goto('/projects');
    const cell = page.getByTestId(`storage-${project.slug}`);
    await cell.getByText(/\/log · est\.$/).waitFor();
    assert.equal(await cell.textContent(), `${formatBytes(mine.bytes)}${formatBytes(mine.bytes_per_log)}/log · est.`);
    const total = (await page.getByTestId('storage-total').textContent()) ?? '';
    assert.match(total, new RegExp(`^Storage: ${formatBytes(api.total.bytes)} for 20 logs \\(${formatBytes(mine.bytes_per_log)}/log\\) · estimated, measured at `));
    await page.getByTestId('storage-total').scrollIntoViewIfNeeded();
    await screenshot(page, '43-projects-storage');
  });

  it('a member sees neither the plans nor the plan select, and may still set sampling', async () => {
    const created = await page.request.post('/api/users', { data: { ...MEMBER, role: 'member' } });
    assert.equal(created.status(), 201, await created.text());
    const member = await signedInPage(browser, server.url, MEMBER);
    const own = await member.request.post('/api/logs/projects', { data: { name: 'Max Side Project' } });
    assert.equal(own.status(), 201);
    const slug = ((await own.json()) as { project: { slug: string } }).project.slug;

    await member.goto('/projects');
    const row = member.getByTestId(`project-row-${slug}`);
    await row.waitFor();
    assert.equal(await member.getByTestId('plans-section').count(), 0);
    assert.equal(await member.getByRole('button', { name: '+ New plan' }).count(), 0);
    // The admin's 20 logs are neither listed nor counted in the member's total.
    await member.getByTestId('storage-total').waitFor();
    assert.equal(await row.getByTestId(`storage-${slug}`).textContent(), '0 B');
    assert.match((await member.getByTestId('storage-total').textContent()) ?? '', /^Storage: 0 B for 0 logs · estimated/);
    await row.getByRole('button', { name: 'Edit' }).click();
    const dialog = member.getByRole('dialog', { name: 'Edit Max Side Project' });
    await dialog.getByTestId('sampling-DEBUG').waitFor();
    assert.equal(await dialog.getByRole('combobox', { name: /^Plan/ }).count(), 0);
    await dialog.getByTestId('sampling-DEBUG').fill('25');
    await dialog.getByRole('button', { name: 'Save changes' }).click();
    await dialog.waitFor({ state: 'detached' });
    const api = (await (await member.request.get(`/api/logs/projects/${slug}`)).json()) as { project: { plan_id: number | null; sampling: Record<string, number> | null } };
    assert.deepEqual(api.project.sampling, { DEBUG: 0.25 });
    assert.equal(api.project.plan_id, null);
    assert.ok(teamId, 'the Team plan exists (created above)');
    const refused = await member.request.patch(`/api/logs/projects/${slug}`, { data: { plan_id: teamId } });
    assert.equal(refused.status(), 403, 'the API refuses a member too, not only the dashboard');
  });
});
