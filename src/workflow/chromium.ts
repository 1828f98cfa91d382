// Printing HTML to PDF with Chromium, through playwright-core: how the
// report is typeset (Chromium writes a tagged PDF: a structure tree from
// the page's headings, table and lists, the language, the title, real text
// in the embedded font).
//
// One browser per process, launched on the first print and reused; each
// print gets a fresh context and page (no cookies, no cache, no
// JavaScript), whose every request is refused: the page is set directly and
// carries its fonts inline, so nothing is fetched from anywhere. Close it
// with closePrinter() on shutdown (the server does, on close).
//
// Which Chromium: ILACS_CHROMIUM (a path to a Chromium or Chrome
// executable), else /usr/bin/chromium (Debian's "chromium" package).
import { existsSync } from 'node:fs';
import type { Browser } from 'playwright-core';

export const DEFAULT_CHROMIUM = '/usr/bin/chromium';

/** Chromium cannot be found or started: says which setting to change and what to install. */
export class PrinterUnavailableError extends Error {}

export function chromiumPath(env: NodeJS.ProcessEnv = process.env): { path: string; fromEnv: boolean } {
  const given = env.ILACS_CHROMIUM?.trim();
  return given ? { path: given, fromEnv: true } : { path: DEFAULT_CHROMIUM, fromEnv: false };
}

/** How ilacs starts Chromium (typesetting here; the browser tests too): headless, no sandbox, nothing fetched in the background. */
export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-extensions', '--mute-audio'];

/** How many pages print at once in the one browser (each waits its turn past this). */
const MAX_PARALLEL = 2;

export class PdfPrinter {
  readonly executable: { path: string; fromEnv: boolean };
  #browser: Promise<Browser> | null = null;
  #active = 0;
  #waiting: (() => void)[] = [];
  #closed = false;

  constructor(env: NodeJS.ProcessEnv = process.env) {
    this.executable = chromiumPath(env);
  }

  #unavailable(detail: string): PrinterUnavailableError {
    const where = this.executable.fromEnv ? `ILACS_CHROMIUM names ${this.executable.path}` : `ilacs looks for Chromium at ${DEFAULT_CHROMIUM}`;
    return new PrinterUnavailableError(`Reports are typeset by Chromium, and it ${detail} (${where}). Install Debian's "chromium" package (apt-get install chromium), or set ILACS_CHROMIUM to the path of a Chromium or Google Chrome executable.`);
  }

  async #launch(): Promise<Browser> {
    if (!existsSync(this.executable.path)) throw this.#unavailable('is not installed there');
    const { chromium } = await import('playwright-core');
    try {
      const browser = await chromium.launch({ executablePath: this.executable.path, args: CHROMIUM_ARGS, timeout: 60_000 });
      // A browser that dies (killed, out of memory) is launched again on the next print.
      browser.on('disconnected', () => {
        this.#browser = null;
      });
      return browser;
    } catch (err) {
      throw this.#unavailable(`could not be started: ${String((err as Error).message ?? err).split('\n')[0]}`);
    }
  }

  #getBrowser(): Promise<Browser> {
    if (this.#closed) return Promise.reject(new PrinterUnavailableError('The report printer has been closed (the service is shutting down).'));
    if (!this.#browser) {
      this.#browser = this.#launch();
      this.#browser.catch(() => {
        this.#browser = null;
      });
    }
    return this.#browser;
  }

  async #turn<T>(fn: () => Promise<T>): Promise<T> {
    if (this.#active >= MAX_PARALLEL) await new Promise<void>((resolve) => this.#waiting.push(resolve));
    this.#active++;
    try {
      return await fn();
    } finally {
      this.#active--;
      this.#waiting.shift()?.();
    }
  }

  /** Prints a self-contained HTML document (no requests are served) to a tagged PDF, paged by the page's own @page rules. */
  print(html: string): Promise<Uint8Array> {
    return this.#turn(async () => {
      const browser = await this.#getBrowser();
      const context = await browser.newContext({ javaScriptEnabled: false, offline: true, serviceWorkers: 'block' });
      try {
        const page = await context.newPage();
        await page.route('**/*', (route) => route.abort('blockedbyclient'));
        await page.setContent(html, { waitUntil: 'load', timeout: 60_000 });
        const pdf = await page.pdf({ preferCSSPageSize: true, printBackground: true, tagged: true, outline: true });
        return new Uint8Array(pdf.buffer, pdf.byteOffset, pdf.byteLength);
      } finally {
        await context.close().catch(() => {});
      }
    });
  }

  /** The browser's version ("156.0.8078.114"), launching it if need be. */
  async version(): Promise<string> {
    return (await this.#getBrowser()).version();
  }

  /** Closes the browser; later prints are refused. */
  async close(): Promise<void> {
    this.#closed = true;
    const b = this.#browser;
    this.#browser = null;
    if (b) await (await b.catch(() => null))?.close().catch(() => {});
  }
}

let shared: PdfPrinter | null = null;

/** The process's printer, made on first use. */
export function sharedPrinter(): PdfPrinter {
  shared ??= new PdfPrinter();
  return shared;
}

/** Closes the process's printer (if one was made); a later print makes a new one. */
export async function closePrinter(): Promise<void> {
  const p = shared;
  shared = null;
  await p?.close();
}
