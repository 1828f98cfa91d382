// Sync configuration from CLI options, environment and defaults, checked
// once at the edge so the rest of sync can trust it.
import { readFileSync } from 'node:fs';
import path from 'node:path';

export const DEFAULT_SITE_URL = 'https://reports.ofsted.gov.uk';
export const DEFAULT_FILES_URL = 'https://files.ofsted.gov.uk';
/** Local authority children's services providers, 100 a page (the site's maximum). */
export const LISTING_QUERY = 'q=&location=&lat=&lon=&radius=&level_1_types=3&level_2_types%5B%5D=12';
export const LISTING_ROWS = 100;
/**
 * Ofsted's listing pages (100 providers) and provider pages are a few
 * hundred kB at most; 4 MB leaves ten times that for markup to grow, while a
 * page far past it (a fault, or a hostile host) is refused unread. Pages are
 * parsed as they arrive, so even this much is never held at once.
 */
export const DEFAULT_MAX_PAGE_BYTES = 4 * 1024 * 1024;

export interface SyncConfig {
  siteUrl: string;
  filesUrl: string;
  archiveDir: string;
  /** An e-mail address or URL for Ofsted to reach whoever runs this sync. */
  contact: string | null;
  userAgent: string;
  spacingMs: number;
  timeoutMs: number;
  retries: number;
  backoffMs: number;
  maxRetryAfterMs: number;
  maxPdfBytes: number;
  /** Largest listing or provider page accepted (see DEFAULT_MAX_PAGE_BYTES). */
  maxPageBytes: number;
  /** Providers asked for per listing page (the site's maximum is 100). */
  listingRows: number;
}

export class ConfigError extends Error {
  readonly userMessage: string;
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
    this.userMessage = message;
  }
}

/** "24h", "30m", "1.5s", "500ms", "2d"; a bare number is seconds. */
export function parseDuration(text: string, what: string): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)?\s*$/i.exec(text);
  if (!m) throw new ConfigError(`${what} "${text}" is not a duration: use a number with a unit, e.g. 500ms, 2s, 30m, 24h or 1d`);
  const n = Number(m[1]);
  const unit = (m[2] ?? 's').toLowerCase();
  const factor = unit === 'ms' ? 1 : unit === 's' ? 1000 : unit === 'm' ? 60_000 : unit === 'h' ? 3_600_000 : 86_400_000;
  return Math.round(n * factor);
}

function parseBaseUrl(text: string, what: string): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new ConfigError(`${what} "${text}" is not an address: give a full http(s) URL such as ${DEFAULT_SITE_URL}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new ConfigError(`${what} "${text}" must be an http or https address`);
  return url.toString().replace(/\/+$/, '');
}

function packageVersion(): string {
  try {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version?: string };
    return pkg.version ?? '0';
  } catch {
    return '0';
  }
}

export function isOfstedHost(baseUrl: string): boolean {
  const host = new URL(baseUrl).hostname.toLowerCase();
  return host === 'ofsted.gov.uk' || host.endsWith('.ofsted.gov.uk');
}

export interface SyncConfigInput {
  siteUrl?: string | undefined;
  filesUrl?: string | undefined;
  archiveDir?: string | undefined;
  contact?: string | undefined;
  spacing?: string | undefined;
  timeout?: string | undefined;
  retries?: string | undefined;
}

/**
 * Options win over environment variables, which win over defaults.
 * Refuses to point at Ofsted's real site without a contact address.
 */
export function resolveSyncConfig(input: SyncConfigInput, env: NodeJS.ProcessEnv = process.env, dataDir = 'data'): SyncConfig {
  const pick = (opt: string | undefined, name: string) => (opt !== undefined && opt !== '' ? opt : env[name] || undefined);
  const siteUrl = parseBaseUrl(pick(input.siteUrl, 'ILACS_SYNC_SITE_URL') ?? DEFAULT_SITE_URL, 'the site address (--site-url / ILACS_SYNC_SITE_URL)');
  const filesUrl = parseBaseUrl(pick(input.filesUrl, 'ILACS_SYNC_FILES_URL') ?? DEFAULT_FILES_URL, 'the files address (--files-url / ILACS_SYNC_FILES_URL)');
  const archiveDir = path.resolve(pick(input.archiveDir, 'ILACS_ARCHIVE_DIR') ?? path.join(dataDir, 'archive'));
  const contact = pick(input.contact, 'ILACS_SYNC_CONTACT')?.trim() || null;
  if (contact !== null && !/^[^\s@()<>]+@[^\s@()<>]+\.[^\s@()<>]+$/.test(contact) && !/^https?:\/\/\S+$/.test(contact)) {
    throw new ConfigError(`the contact "${contact}" (--contact / ILACS_SYNC_CONTACT) must be an e-mail address or an http(s) URL`);
  }
  if (contact === null && (isOfstedHost(siteUrl) || isOfstedHost(filesUrl))) {
    throw new ConfigError('refusing to sync from Ofsted\'s site without a contact address: give --contact you@example.org (or set ILACS_SYNC_CONTACT) so Ofsted can reach whoever runs this sync; it is sent in the User-Agent header');
  }
  const spacingMs = parseDuration(pick(input.spacing, 'ILACS_SYNC_SPACING') ?? '1s', 'the request spacing (--spacing / ILACS_SYNC_SPACING)');
  const timeoutMs = parseDuration(pick(input.timeout, 'ILACS_SYNC_TIMEOUT') ?? '60s', 'the request timeout (--timeout / ILACS_SYNC_TIMEOUT)');
  if (timeoutMs < 1) throw new ConfigError('the request timeout must be more than zero');
  const retriesText = pick(input.retries, 'ILACS_SYNC_RETRIES') ?? '4';
  if (!/^\d+$/.test(retriesText) || Number(retriesText) > 20) throw new ConfigError(`the retry count "${retriesText}" (--retries / ILACS_SYNC_RETRIES) must be a whole number from 0 to 20`);
  if (isOfstedHost(siteUrl) && spacingMs < 1000) {
    throw new ConfigError(`a request spacing of ${spacingMs} ms is too fast for Ofsted's site, which rate-limits hard: use at least 1s`);
  }
  const userAgent = `ilacs/${packageVersion()} (sync of Ofsted children's services reports; contact: ${contact ?? 'none given'})`;
  return {
    siteUrl,
    filesUrl,
    archiveDir,
    contact,
    userAgent,
    spacingMs,
    timeoutMs,
    retries: Number(retriesText),
    backoffMs: Math.max(spacingMs, 50),
    maxRetryAfterMs: 10 * 60_000,
    maxPdfBytes: 200 * 1024 * 1024,
    maxPageBytes: DEFAULT_MAX_PAGE_BYTES,
    listingRows: LISTING_ROWS,
  };
}

export function listingUrl(config: SyncConfig, start: number): string {
  return `${config.siteUrl}/search?${LISTING_QUERY}&start=${start}&rows=${config.listingRows}`;
}

export function fileUrl(config: SyncConfig, fileId: string): string {
  return `${config.filesUrl}/v1/file/${fileId}`;
}
