// End-to-end: the real pages in Debian's Chromium, driven by playwright-core.
// Checks that the main page types load and link to each other, that axe-core
// finds no WCAG 2.2 AA violations, and that a keyboard alone can get round.
// Screenshots of each page type go to artifacts/screenshots/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { BrowserContext, Page } from 'playwright-core';
import { buildServer } from '../../src/web/index.ts';
import { openTestStore, type TestStore } from '../web/fixtures.ts';
import { axeViolations, launchBrowser, SHOTS, skip } from './browser-fixtures.ts';


let t: TestStore;
let app: FastifyInstance;
let base = '';
let context: BrowserContext;
let closeBrowser: (() => Promise<void>) | undefined;

before(async () => {
  if (skip) return;
  t = await openTestStore();
  app = await buildServer({ store: t.store, apiRateLimit: 10000 });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const addr = app.server.address();
  base = typeof addr === 'object' && addr ? `http://127.0.0.1:${addr.port}` : '';
  ({ context, close: closeBrowser } = await launchBrowser('ilacs-chromium-'));
});

after(async () => {
  if (skip) return;
  await closeBrowser?.();
  await app?.close();
  await t?.cleanup();
});

async function open(path: string): Promise<{ page: Page; problems: string[] }> {
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  const res = await page.goto(base + path);
  assert.equal(res?.status(), 200, `${path} loads`);
  return { page, problems };
}

const PAGES: [string, () => string][] = [
  ['national', () => '/'],
  ['authorities', () => '/local-authorities?region=East%20of%20England'],
  ['authority', () => '/local-authorities/southend-on-sea'],
  ['report', () => `/reports/${t.reportIds[0]}`],
  ['search', () => '/search?q=homeless'],
  ['compare', () => '/compare?la=southend-on-sea&la=thurrock&la=north-northamptonshire'],
  ['not-found', () => '/no-such-page'],
];

for (const [name, path] of PAGES) {
  test(`${name} page: no WCAG 2.2 AA violations, no script errors, screenshot saved`, { skip }, async () => {
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('pageerror', (e) => problems.push(e.message));
    page.on('console', (m) => {
      if (m.type() === 'error' && !/status of 404/.test(m.text())) problems.push(m.text());
    });
    await page.goto(base + path());
    const violations = await axeViolations(page);
    assert.deepEqual(violations, [], `${name}: ${JSON.stringify(violations, null, 1)}`);
    assert.deepEqual(problems, []);
    await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
    assert.ok(existsSync(join(SHOTS, `${name}.png`)));
    await page.close();
  });
}

/** Pages added for the national picture, journeys and research: checked at a phone's width and a desktop's. */
const WIDE_AND_NARROW: [string, () => string][] = [
  ['national-figures', () => '/national?date=2025-03-31'],
  ['national-figures-region', () => '/national?date=2020-03-31&region=East%20of%20England'],
  ['journeys', () => '/journeys'],
  ['journeys-filtered', () => '/journeys?grade=requires_improvement&region=East%20of%20England'],
  ['authority-journey', () => '/local-authorities/southend-on-sea'],
  ['authorities-days-since', () => '/local-authorities?sort=days&order=desc'],
  ['search-by-report', () => '/search?q=homeless'],
  ['search-by-passage', () => '/search?q=homeless&group=passage'],
  ['authorities-next-inspection', () => '/local-authorities?sort=next'],
  ['report-summary', () => `/reports/${t.reportIds[0]}`],
  ['feeds', () => '/feeds'],
  ['home-map-links', () => '/'],
  ['report-tables', () => `/reports/${t.reportIds[2]}`],
  ['compare-eleven', () => `/compare?${['southend-on-sea', 'thurrock', 'essex', 'kent', 'medway', 'luton', 'swindon', 'bedford', 'milton-keynes', 'peterborough', 'north-somerset'].map((s) => `la=${s}`).join('&')}`],
  ['topics', () => '/topics'],
  ['topic', () => '/topics/homeless-16-17'],
  ['topic-items', () => '/topics/items?nf=outcome-3'],
];

for (const [name, path] of WIDE_AND_NARROW) {
  for (const width of [320, 1280]) {
    test(`${name} page at ${width} px: no WCAG 2.2 AA violations, no script errors, nothing wider than the screen, wide tables scroll in their own box`, { skip }, async () => {
      const page = await context.newPage();
      await page.setViewportSize({ width, height: 900 });
      const problems: string[] = [];
      page.on('pageerror', (e) => problems.push(e.message));
      const res = await page.goto(base + path());
      assert.equal(res?.status(), 200);
      const violations = await axeViolations(page);
      assert.deepEqual(violations, [], `${name} at ${width}: ${JSON.stringify(violations, null, 1)}`);
      assert.deepEqual(problems, []);
      const layout = await page.evaluate(() => {
        const d = (globalThis as unknown as { document: { documentElement: { scrollWidth: number; clientWidth: number }; querySelectorAll(s: string): ArrayLike<{ scrollWidth: number; closest(s: string): unknown; parentElement: { clientWidth: number }; id: string; className: string }> } }).document;
        const tables = Array.from(d.querySelectorAll('table'));
        return {
          page: [d.documentElement.scrollWidth, d.documentElement.clientWidth],
          uncued: tables.filter((t) => t.scrollWidth > t.parentElement.clientWidth + 1 && !t.closest('.app-table-scroll')).map((t) => t.id || t.className),
        };
      });
      assert.ok(layout.page[0]! <= layout.page[1]!, `${name} at ${width}: the page is ${layout.page[0]} px wide in a ${layout.page[1]} px window`);
      assert.deepEqual(layout.uncued, [], `${name} at ${width}: tables wider than their container with no scroll box`);
      await page.screenshot({ path: join(SHOTS, `${name}-${width}.png`), fullPage: true });
      await page.close();
    });
  }
}

test('the name box suggests councils as you type (accessible-autocomplete) and goes to the one chosen; without JavaScript it is a select and a button', { skip }, async () => {
  for (const path of ['/', '/local-authorities']) {
    const { page, problems } = await open(path);
    const input = page.locator('input#council-name');
    await input.fill('Thurr');
    await page.locator('.autocomplete__option', { hasText: 'Thurrock' }).first().waitFor();
    await input.press('Enter');
    await page.waitForURL(/\/local-authorities\/thurrock$/);
    assert.equal(await page.locator('h1').innerText(), 'Thurrock');
    assert.deepEqual(problems, []);
    await page.close();
  }
  const { context: noJs, close: closeNoJs } = await launchBrowser('ilacs-chromium-nojs-box-', { javaScriptEnabled: false, bypassCSP: false });
  try {
    const page = await noJs.newPage();
    await page.goto(`${base}/`);
    await page.selectOption('select#council-name', 'southend-on-sea');
    await page.locator('form.app-name-box button').click();
    await page.waitForURL(/\/local-authorities\/southend-on-sea$/);
  } finally {
    await closeNoJs();
  }
});

test('the page types load and link to each other', { skip }, async () => {
  const { page, problems } = await open('/');
  assert.match(await page.title(), /National picture/);
  // National → authority (from the table of every authority).
  await page.locator('#latest-table a[href="/local-authorities/southend-on-sea"]').click();
  await page.waitForURL(/\/local-authorities\/southend-on-sea$/);
  assert.equal(await page.locator('h1').innerText(), 'Southend-on-Sea');
  // Authority → report.
  await page.locator('a.govuk-link', { hasText: 'Evidence and full report' }).first().click();
  await page.waitForURL(/\/reports\/\d+$/);
  assert.match(await page.locator('h1').innerText(), /Southend-on-Sea/);
  assert.ok((await page.locator('a[href*="#page="]').count()) > 0, 'links to the PDF at a page');
  // Report → search, through the menu and the form.
  await page.locator('nav a', { hasText: 'Search reports' }).click();
  await page.fill('#q', 'homeless');
  await page.locator('form[role=search] button').click();
  await page.waitForURL(/\/search\?q=homeless/);
  assert.match(await page.locator('h2[role=status]').innerText(), /(reports?|passages?) for “homeless”/);
  assert.ok((await page.locator('.app-snippet mark').count()) > 0, 'highlighted snippets');
  // Search → report → authority → compare.
  await page.locator('.app-search-result h3 a').first().click();
  await page.waitForURL(/\/reports\/\d+$/);
  await page.locator('.govuk-breadcrumbs a').last().click();
  await page.waitForURL(/\/local-authorities\/[a-z-]+$/);
  await page.locator('a', { hasText: /Compare with (its \d+ )?statistical neighbours/ }).click();
  await page.waitForURL(/\/compare\?la=/);
  assert.ok((await page.locator('svg.app-chart').count()) === 1);
  // Compare → national, through the menu.
  await page.locator('nav a', { hasText: 'National picture' }).click();
  await page.waitForURL(`${base}/`);
  assert.deepEqual(problems, []);
  await page.close();
});

test('pages work without JavaScript: filters and search are plain GET forms', { skip }, async () => {
  const { context: noJs, close: closeNoJs } = await launchBrowser('ilacs-chromium-nojs-', { javaScriptEnabled: false, bypassCSP: false });
  try {
    const page = await noJs.newPage();
    await page.goto(`${base}/local-authorities`);
    await page.selectOption('#grade', 'requires_improvement');
    await page.locator('form[action="/local-authorities"] button').click();
    await page.waitForURL(/grade=requires_improvement/);
    assert.match(await page.locator('p[role=status]').innerText(), /Showing 1 authority\. Data last refreshed/);
    await page.goto(`${base}/search`);
    await page.fill('#q', 'supervision');
    await page.locator('form[role=search] button').click();
    await page.waitForURL(/q=supervision/);
    assert.ok((await page.locator('.app-search-result').count()) >= 1);
  } finally {
    await closeNoJs();
  }
});

test('the strict Content-Security-Policy blocks nothing the pages need', { skip }, async () => {
  const { context: strict, close: closeStrict } = await launchBrowser('ilacs-chromium-csp-', { bypassCSP: false });
  try {
    const page = await strict.newPage();
    const violations: string[] = [];
    page.on('console', (m) => {
      if (/Content Security Policy|Refused to/i.test(m.text())) violations.push(m.text());
    });
    for (const [, path] of PAGES) {
      await page.goto(base + path());
      // The module script ran (it marks the body), so scripts from 'self' are allowed.
      assert.equal(await page.evaluate(() => (globalThis as unknown as { document: { body: { classList: { contains(c: string): boolean } } } }).document.body.classList.contains('js-enabled')), true, path());
    }
    assert.deepEqual(violations, []);
  } finally {
    await closeStrict();
  }
});

test('keyboard only: tab to the skip link, follow it, reach and activate a link', { skip }, async () => {
  const { page } = await open('/');
  await page.keyboard.press('Tab');
  const first = await page.evaluate(() => {
    const d = (globalThis as unknown as { document: { activeElement: { textContent: string; getAttribute(n: string): string | null } | null } }).document;
    return { text: d.activeElement?.textContent?.trim(), href: d.activeElement?.getAttribute('href') };
  });
  assert.deepEqual(first, { text: 'Skip to main content', href: '#main-content' });
  // Following a fragment link is a same-document navigation: Playwright learns of the new
  // address from an event, so wait for it rather than reading page.url() at once.
  await Promise.all([page.waitForURL((u) => u.hash === '#main-content', { timeout: 5000 }), page.keyboard.press('Enter')]);
  assert.ok(page.url().endsWith('#main-content'));
  // The next Tab stops must be inside the main content, not back in the header.
  let target: { inMain: boolean; href: string | null; tag: string } | null = null;
  for (let i = 0; i < 30; i++) {
    await page.keyboard.press('Tab');
    target = await page.evaluate(() => {
      const d = (globalThis as unknown as { document: { activeElement: { tagName: string; closest(s: string): unknown; getAttribute(n: string): string | null } | null } }).document;
      const el = d.activeElement;
      return { inMain: Boolean(el?.closest('#main-content')), href: el?.getAttribute('href') ?? null, tag: (el?.tagName ?? '').toUpperCase() };
    });
    assert.ok(target.inMain, 'focus stays in the main content after the skip link');
    // The first link to another page of the service.
    if (target.tag === 'A' && target.href?.startsWith('/')) break;
  }
  assert.ok(target?.tag === 'A' && target.href?.startsWith('/'), `reached a link, got ${JSON.stringify(target)}`);
  const href = target?.href ?? '';
  await Promise.all([page.waitForURL((u) => u.pathname === href), page.keyboard.press('Enter')]);
  assert.equal(new URL(page.url()).pathname, href);
  assert.equal(await page.locator('h1').count(), 1);
  await page.close();
});
