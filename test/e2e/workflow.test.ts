// End-to-end: one inspection run from planned to published through the web
// pages alone, in Debian's Chromium, each role signing in with its own
// account; axe-core finds no WCAG 2.2 AA violations on any page visited
// (task list, evidence form with its error summary, judgements, check
// answers, quality assurance, the council's accuracy check, the schedule).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { dropTestDatabases, tempDir } from '../fixtures/store-fixtures.ts';
import { ACCOUNTS, AFTER, BEFORE, PASSWORD, workflowHarness, type Harness } from '../workflow/fixtures.ts';
import { axeViolations, launchBrowser, SHOTS, skip } from './browser-fixtures.ts';


let h: Harness;
let base = '';
let context: BrowserContext;
let page: Page;
let closeBrowser: (() => Promise<void>) | undefined;
const problems: string[] = [];
const checked: string[] = [];

before(async () => {
  if (skip) return;
  h = await workflowHarness(`sqlite:${join(tempDir(), 'wf.db')}`);
  await h.app.listen({ port: 0, host: '127.0.0.1' });
  const addr = h.app.server.address();
  base = typeof addr === 'object' && addr ? `http://localhost:${addr.port}` : '';
  ({ context, close: closeBrowser } = await launchBrowser('ilacs-chromium-wf-'));
  page = await context.newPage();
  page.on('pageerror', (e) => problems.push(e.message));
});

after(async () => {
  if (skip) return;
  await closeBrowser?.();
  await h?.close();
  await dropTestDatabases();
});

/** axe on the page as it stands; a screenshot named after it. */
async function check(name: string): Promise<void> {
  const violations = await axeViolations(page);
  assert.deepEqual(violations, [], `${name}: ${JSON.stringify(violations, null, 1)}`);
  await page.screenshot({ path: join(SHOTS, `workflow-${name}.png`), fullPage: true });
  checked.push(name);
}

async function signIn(email: string): Promise<void> {
  await page.goto(`${base}/workflow/sign-in`);
  await page.fill('#email', email);
  await page.fill('#password', PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(`${base}/workflow`);
}
async function signOut(): Promise<void> {
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.waitForURL(`${base}/workflow/sign-in`);
}
async function press(name: string): Promise<void> {
  await page.getByRole('button', { name, exact: true }).click();
  await page.waitForLoadState('load');
}

test('one inspection from planned to published through the pages, every page without WCAG 2.2 AA violations', { skip }, async () => {
  h.clock.at = BEFORE;
  await page.goto(`${base}/workflow/sign-in`);
  await check('sign-in');
  await signIn(ACCOUNTS.admin.email);
  // The browser kept the session: the cookie is HttpOnly, Secure and SameSite=Strict.
  const [session] = (await context.cookies()).filter((c) => c.name === 'ilacs_session');
  assert.deepEqual([session?.httpOnly, session?.secure, session?.sameSite, session?.path], [true, true, 'Strict', '/workflow']);
  await check('schedule-empty');
  await page.getByRole('link', { name: 'Accounts' }).click();
  await page.fill('#email', 'new.inspector@test.example');
  await page.fill('#name', 'Nia New');
  await page.check('input[name=role][value=inspector]');
  await page.fill('#password', 'short');
  await press('Add account');
  assert.match(await page.locator('.govuk-error-summary').innerText(), /at least 12 characters/);
  await check('accounts-error');
  await page.fill('#password', 'a long enough password');
  await press('Add account');
  assert.match(await page.locator('.govuk-notification-banner').innerText(), /The account is added\./);
  await check('accounts');
  await page.getByRole('link', { name: 'Your inspections' }).click();
  await page.getByRole('button', { name: 'Schedule an inspection' }).click();
  await page.selectOption('#authority', 'southend-on-sea');
  await page.check('input[name=type][value=short]');
  await page.fill('#start', '2027-01-12');
  await page.fill('#end', '2027-01-15');
  await page.fill('#leadInspector', ACCOUNTS.lead.email);
  await page.fill('#team', ACCOUNTS.team.email);
  await press('Schedule');
  // A Tuesday start is refused with the error summary, the form kept.
  assert.match(await page.locator('.govuk-error-summary').innerText(), /Fieldwork starts on a Monday: 2027-01-12 is a Tuesday/);
  await check('schedule-error');
  await page.fill('#start', '2027-01-11');
  await press('Schedule');
  await page.waitForURL(/\/workflow\/inspections\/\d+\?done=scheduled$/);
  const url = page.url().replace(/\?.*$/, '');
  assert.match(await page.locator('.govuk-notification-banner').innerText(), /The inspection is scheduled\./);
  await check('task-list-planned');
  await press('Notify the council');
  assert.match(await page.locator('.govuk-notification-banner').innerText(), /council notified/);
  await signOut();

  h.clock.at = AFTER;
  await signIn(ACCOUNTS.lead.email);
  await check('your-inspections');
  await page.goto(url);
  await press('Start fieldwork');
  await page.getByRole('link', { name: 'Record evidence' }).click();
  await page.selectOption('#area', 'help_protection');
  await page.selectOption('#criterion', 'Children at risk of harm are identified and protected');
  await page.check('input[name=source][value=case_file]');
  await page.fill('#caseRef', 'C-0042');
  await page.fill('#text', 'The child, called Tyler, was seen alone.');
  await press('Record evidence');
  assert.match(await page.locator('.govuk-error-summary').innerText(), /a name \("called …"/);
  await check('evidence-error');
  await page.fill('#text', 'Strategy discussion within a day; the child was seen alone on every visit.');
  await press('Record evidence');
  assert.match(await page.locator('.govuk-notification-banner').innerText(), /The evidence is recorded\./);
  await check('evidence');
  await page.goto(`${url}/judgements`);
  for (const [key, grade] of [['leaders', 'good'], ['help_protection', 'good'], ['in_care', 'requires_improvement'], ['care_leavers', 'good']]) await page.check(`input[name=grade_${key}][value=${grade}]`);
  await page.fill('#rationale_leaders', 'Leaders know their services well.');
  await page.fill('#evidence_leaders', '1');
  await check('judgements');
  await press('Save judgements');
  await page.goto(`${url}/improvements`);
  await page.fill('#items', 'The timeliness of initial health assessments.\nThe quality of supervision.');
  await press('Save items');
  await page.goto(`${url}/sections`);
  await check('sections');
  await page.fill('#section_headline', 'Children get help when they need it. Mrs Patel agreed.');
  await press('Save sections');
  assert.match(await page.locator('.govuk-error-summary').innerText(), /Headline findings: The section seems to contain a name with a title/);
  await check('sections-error');
  await page.fill('#section_headline', 'Children in Southend-on-Sea get help when they need it.\n\nLeaders know their services well.');
  await page.fill('#section_in_care', 'Children in care live in stable homes.');
  await press('Save sections');
  assert.match(await page.locator('.govuk-notification-banner').innerText(), /The sections are saved\./);
  assert.match(await page.locator('.govuk-task-list').innerText(), /2 of 5 drafted/);
  await page.goto(`${url}/check`);
  await check('check-answers');
  await page.goto(url);
  await press('End fieldwork and start the draft');
  await press('Send the draft for quality assurance');
  await check('task-list-qa');
  await signOut();

  await signIn(ACCOUNTS.quality_assurance.email);
  await page.goto(`${url}/check`);
  await check('qa-review');
  await press('Approve and send to the council for its accuracy check');
  await signOut();

  await signIn(ACCOUNTS.council.email);
  await page.goto(url);
  // The council never sees evidence: no task, and the page itself is refused.
  assert.equal(await page.getByRole('link', { name: 'Record evidence' }).count(), 0);
  await page.getByRole('link', { name: 'Factual accuracy check' }).click();
  await check('accuracy-check');
  await page.fill('#text-2', 'The strategy discussion was held on the same day.');
  await page.locator('form', { has: page.locator('#text-2') }).getByRole('button', { name: 'Add comment' }).click();
  assert.match(await page.locator('.govuk-notification-banner').innerText(), /Your comment is recorded\./);
  assert.match(await page.locator('.app-paragraph').nth(1).innerText(), /Comment: The strategy discussion was held on the same day\./);
  const evidence = await page.goto(`${url}/evidence`);
  assert.equal(evidence?.status(), 403);
  await signOut();

  await signIn(ACCOUNTS.lead.email);
  await page.goto(url);
  await press('Finalise the report');
  await signOut();
  await signIn(ACCOUNTS.admin.email);
  await page.goto(url);
  await press('Publish the report');
  assert.match(await page.locator('.govuk-notification-banner').innerText(), /now at: published/);
  await check('task-list-published');
  await signOut();
  const final = await h.call('admin', 'GET', `/api/inspections/${url.split('/').pop()}`);
  assert.equal(final.body.state, 'published');
  assert.equal((final.body.judgements as unknown[]).length, 4);
  assert.deepEqual(final.body.improvements, ['The timeliness of initial health assessments.', 'The quality of supervision.']);
  assert.deepEqual(problems, []);
  assert.equal(checked.length, 17);
});

test('a page left alone warns before its session ends, in a dialog without WCAG 2.2 AA violations; staying keeps it; left alone still, it signs out and says why', { skip }, async () => {
  const at = (minutes: number) => new Date(Date.parse(AFTER) + minutes * 60_000).toISOString();
  h.clock.at = at(0);
  const p = await context.newPage();
  p.on('pageerror', (e) => problems.push(e.message));
  // The page's clock is Playwright's, moved on by hand; the server's is the harness's.
  await p.clock.install();
  await p.goto(`${base}/workflow/sign-in`);
  await p.fill('#email', ACCOUNTS.inspector.email);
  await p.fill('#password', PASSWORD);
  await p.getByRole('button', { name: 'Sign in' }).click();
  await p.waitForURL(`${base}/workflow`);
  const dialog = p.getByRole('dialog', { name: 'You are about to be signed out' });
  // Someone at work (typing, clicking) is never warned: the page tells the server now and then.
  for (let minute = 0; minute < 40; minute += 4) {
    await p.keyboard.press('Shift');
    h.clock.at = at(minute + 4);
    const asked = p.waitForResponse((r) => r.url().endsWith('/workflow/session'), { timeout: 2000 }).catch(() => null);
    await p.clock.fastForward('04:00');
    await asked;
    assert.equal(await dialog.isVisible(), false, `no warning after ${minute + 4} minutes of work`);
  }
  // Left alone: a warning before the end, with the focus in it.
  await p.clock.fastForward('27:00');
  await dialog.waitFor();
  assert.match(await dialog.innerText(), /you will be signed out in 3 minutes if you do nothing/);
  assert.equal(await p.evaluate(() => Boolean((globalThis as unknown as { document: { activeElement: { closest(s: string): unknown } | null } }).document.activeElement?.closest('dialog'))), true, 'focus is in the dialog');
  assert.deepEqual(await axeViolations(p), []);
  // Staying signed in tells the server, which keeps the session going.
  h.clock.at = at(67);
  await Promise.all([p.waitForResponse((r) => r.url().endsWith('/workflow/session') && r.status() === 200), dialog.getByRole('button', { name: 'Stay signed in' }).click()]);
  await dialog.waitFor({ state: 'hidden' });
  // Left alone again: at the end the page signs out, and the sign-in page says why.
  h.clock.at = at(96);
  await Promise.all([p.waitForURL(`${base}/workflow/sign-in?ended=1`), p.clock.fastForward('29:30')]);
  assert.match(await p.locator('.govuk-notification-banner').innerText(), /You have been signed out\. A session ends after 30 minutes without activity/);
  assert.deepEqual((await context.cookies()).filter((c) => c.name === 'ilacs_session'), []);
  await p.close();
  assert.deepEqual(problems, []);
});
