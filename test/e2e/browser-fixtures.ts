// What the browser tests share: Debian's Chromium started as ilacs starts it
// (a fresh profile each run), where screenshots go, and axe-core's WCAG 2.2
// AA check of a page as it stands.
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createRequire } from 'node:module';
import type { BrowserContext, Page } from 'playwright-core';
import { CHROMIUM_ARGS, DEFAULT_CHROMIUM } from '../../src/workflow/chromium.ts';

export const CHROMIUM = DEFAULT_CHROMIUM;
/** The browser tests' skip reason when Chromium is not installed, else false. */
export const skip: string | false = existsSync(CHROMIUM) ? false : `Chromium is not installed at ${CHROMIUM} (Debian package "chromium"): browser tests skipped`;
export const SHOTS = resolve(new URL('../../artifacts/screenshots', import.meta.url).pathname);
const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

/**
 * Chromium with a fresh profile, at 1280 × 900, and the screenshots folder
 * made. `close` removes the profile. By default pages run their scripts and
 * the site's CSP is bypassed (axe-core is injected as an inline script,
 * which the CSP rightly forbids); a test of either says otherwise.
 */
export async function launchBrowser(profilePrefix: string, options: { javaScriptEnabled?: boolean; bypassCSP?: boolean } = {}): Promise<{ context: BrowserContext; close(): Promise<void> }> {
  const { chromium } = await import('playwright-core');
  const profile = mkdtempSync(join(tmpdir(), profilePrefix));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: { width: 1280, height: 900 },
    javaScriptEnabled: options.javaScriptEnabled ?? true,
    bypassCSP: options.bypassCSP ?? true,
  });
  mkdirSync(SHOTS, { recursive: true });
  return {
    context,
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

export interface AxeViolation {
  id: string;
  impact: string;
  help: string;
  nodes: { target: string[] }[];
}

/** axe-core's WCAG 2.2 AA violations on the page as it stands (the first three places of each). */
export async function axeViolations(page: Page): Promise<AxeViolation[]> {
  await page.addScriptTag({ path: AXE });
  return page.evaluate(async (tags) => {
    const w = globalThis as unknown as { axe: { run(ctx: unknown, opts: unknown): Promise<{ violations: AxeViolation[] }> }; document: unknown };
    const r = await w.axe.run(w.document, { runOnly: { type: 'tag', values: tags } });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 3).map((n) => ({ target: n.target })) }));
  }, WCAG_TAGS);
}
