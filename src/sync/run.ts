// One sync run: walk the listing and every provider page first (so a
// changed layout stops the run before anything is fetched or stored), then
// fetch only the files not already stored, one at a time. Every file's
// progress is committed as it goes, so a killed run resumes where it
// stopped: downloaded bytes are archived and recorded before they are read.
import type { RunTotals, Store, SyncFailure, AuthorityDiscrepancies } from '../store/index.ts';
import type { ReadResult } from '../domain/report.ts';
import { archiveRead, archiveSweep, archiveWrite, sha256Hex } from './archive.ts';
import { acquireSyncLease, LEASE_NAME, newHolderId } from './lease.ts';
import { compareAuthorities, type ReferenceAuthority } from './authorities.ts';
import { fileUrl, listingUrl, type SyncConfig } from './config.ts';
import { HttpError, PoliteClient } from './http.ts';
import { checkPdfBytes } from './pdf-check.ts';
import { isInspectionType, listingParser, providerParser, SiteLayoutChangedError, type ListedProvider, type Publication } from './parse.ts';

const MAX_LISTING_PAGES = 50;
/** Files failing on the network one after another: the site (or our network) is down. */
const MAX_CONSECUTIVE_NETWORK_FAILURES = 3;

/** What sync needs from the reader, injectable for tests. */
export interface SyncDeps {
  readReport(bytes: Uint8Array): Promise<ReadResult>;
  documentText(bytes: Uint8Array): Promise<{ pageCount: number; text: string }>;
  /** The reader's version, stored with each report it reads. */
  readerVersion: number;
}

/** The part of the store sync uses: its records, and the report writer every writer shares. */
export type SyncStore = Pick<Store, 'syncRecord' | 'saveReport'>;

export interface SyncOptions {
  store: SyncStore;
  config: SyncConfig;
  deps: SyncDeps;
  dryRun?: boolean;
  trigger?: string;
  /** Progress lines for a person. */
  log?: (line: string) => void;
  /** Stops the run between requests (server shutting down). */
  signal?: AbortSignal;
  leaseTtlMs?: number;
  /** Asked once the lease is held: false skips the run (another process just did it). */
  shouldRun?: () => Promise<boolean>;
}

export interface PlannedFile {
  fileId: string;
  url: string;
  urns: string[];
  type: string;
  published: string | null;
  /** Why it would be fetched. */
  reason: 'new' | 'failed before';
}

export interface SyncResult extends RunTotals {
  runId: number | null;
  dryRun: boolean;
  layoutChanged: boolean;
  /** Dry run: the files a real run would fetch. */
  planned: PlannedFile[];
}

/** shouldRun said no once the lease was held. */
export class SyncSkipped extends Error {}

/** The lease is held by another live sync. */
export class SyncBusyError extends Error {
  readonly userMessage: string;
  constructor(holder: string, since: string | null) {
    super(`another sync is running (${holder}${since ? `, since ${since}` : ''}); try again when it has finished`);
    this.userMessage = this.message;
  }
}

interface WorkItem {
  pub: Publication;
  urns: string[];
  names: string[];
}

export async function runSync(options: SyncOptions): Promise<SyncResult> {
  const { config, deps } = options;
  const rec = options.store.syncRecord;
  const log = options.log ?? (() => {});
  const dryRun = options.dryRun ?? false;
  const ttl = options.leaseTtlMs ?? 5 * 60_000;
  const holder = newHolderId();
  const client = new PoliteClient({
    userAgent: config.userAgent,
    spacingMs: config.spacingMs,
    timeoutMs: config.timeoutMs,
    retries: config.retries,
    backoffMs: config.backoffMs,
    maxRetryAfterMs: config.maxRetryAfterMs,
    maxBytes: config.maxPdfBytes,
    // Redirects only within the configured site and file service: a 302 to
    // any other host (an internal address, say) is a recorded failure.
    allowedOrigins: [new URL(config.siteUrl).origin, new URL(config.filesUrl).origin],
    ...(options.signal ? { signal: options.signal } : {}),
  });

  const totals: RunTotals = {
    outcome: 'succeeded',
    pagesFetched: 0,
    requests: 0,
    providers: 0,
    filesNew: 0,
    filesUnchanged: 0,
    filesFailed: 0,
    withdrawn: 0,
    failures: [],
    authorities: { unlisted: [], missing: [] },
    error: null,
  };
  const result: SyncResult = { ...totals, runId: null, dryRun, layoutChanged: false, planned: [] };

  let runId: number | null = null;
  let heartbeat: NodeJS.Timeout | null = null;
  let leaseLost = false;
  if (!dryRun) {
    if (!(await acquireSyncLease(rec, holder, ttl))) {
      const lease = await rec.readLease(LEASE_NAME);
      throw new SyncBusyError(lease?.holder ?? 'unknown holder', lease?.acquiredAt ?? null);
    }
    if (options.shouldRun && !(await options.shouldRun())) {
      await rec.releaseLease(LEASE_NAME, holder);
      throw new SyncSkipped('not due');
    }
    heartbeat = setInterval(() => {
      rec.renewLease(LEASE_NAME, holder, ttl, Date.now()).then(
        (held) => {
          // Another process took the lease (ours expired): stop rather than sync alongside it.
          if (!held) leaseLost = true;
        },
        () => {},
      );
    }, Math.max(1000, Math.floor(ttl / 3)));
    heartbeat.unref();
    try {
      await rec.markAbandonedRuns(null, Date.now());
      const swept = await archiveSweep(config.archiveDir);
      if (swept > 0) log(`archive: removed ${swept} partial file(s) left by an interrupted run`);
      runId = await rec.createRun(options.trigger ?? 'cli', holder, Date.now());
    } catch (err) {
      // Not started (e.g. the archive folder cannot be written): nothing is
      // left held or "running" for the next run to wait on.
      clearInterval(heartbeat);
      await rec.releaseLease(LEASE_NAME, holder).catch(() => {});
      throw err;
    }
  }

  const fail = (f: SyncFailure) => {
    totals.failures.push(f);
    totals.filesFailed++;
    log(`failed: ${f.url}${f.urn ? ` (provider ${f.urn})` : ''}: ${f.message}`);
  };
  const checkStop = () => {
    if (options.signal?.aborted) throw new StoppedError();
    if (leaseLost) throw new LeaseLostError();
  };

  try {
    // 1. The listing, page by page.
    const providers = await walkListing(client, config, totals, log, checkStop);
    totals.providers = providers.length;

    // 2. Authorities the listing and the reference data disagree on.
    const reference: ReferenceAuthority[] = await rec.referenceAuthorities();
    totals.authorities = compareAuthorities(providers, reference);
    reportAuthorities(totals.authorities, reference.length, log);

    // 3. Every provider page; a page that cannot be fetched is a failure of that provider only.
    const pages = new Map<string, Publication[]>();
    const work = new Map<string, WorkItem>();
    for (const provider of providers) {
      checkStop();
      const url = providerPageUrl(config, provider);
      let res;
      try {
        res = await client.getInto(url, 'text/html', { maxBytes: config.maxPageBytes, sink: () => providerParser(url) });
      } catch (err) {
        if (err instanceof HttpError && err.kind === 'stopped') throw new StoppedError();
        if (err instanceof HttpError) {
          totals.failures.push({ fileId: null, url, urn: provider.urn, code: `page_${err.kind}`, message: `provider page for ${provider.name} (${provider.urn}): ${err.message}` });
          log(`failed: provider page ${url}: ${err.message}`);
          if (err.kind === 'network' || err.kind === 'timeout') throw new SiteUnreachableError(err.message);
          continue;
        }
        throw err;
      }
      if (res.status !== 200 || !res.value) {
        totals.failures.push({ fileId: null, url, urn: provider.urn, code: `page_http_${res.status}`, message: `provider page for ${provider.name} (${provider.urn}) returned HTTP ${res.status}` });
        log(`failed: provider page ${url}: HTTP ${res.status}`);
        continue;
      }
      totals.pagesFetched++;
      const page = res.value;
      pages.set(provider.urn, page.publications);
      for (const pub of page.publications) {
        const item = work.get(pub.fileId) ?? { pub, urns: [], names: [] };
        item.urns.push(provider.urn);
        item.names.push(page.name ?? provider.name);
        work.set(pub.fileId, item);
      }
    }

    // 4. What each page lists now; publications gone from a page are marked withdrawn, never deleted.
    const known = await rec.fileStates();
    if (dryRun) {
      for (const item of work.values()) {
        const state = known.get(item.pub.fileId)?.state;
        if (state === 'stored' || state === 'archived') continue;
        result.planned.push({ fileId: item.pub.fileId, url: fileUrl(config, item.pub.fileId), urns: item.urns, type: item.pub.type, published: item.pub.date, reason: state === 'failed' ? 'failed before' : 'new' });
      }
      totals.filesUnchanged = work.size - result.planned.length;
      return finish();
    }
    for (const [urn, pubs] of pages) {
      const withdrawn = await rec.recordProviderListings(urn, pubs.map((p) => ({ fileId: p.fileId, type: p.type, published: p.date, label: p.label })), Date.now());
      if (withdrawn > 0) log(`withdrawn: ${withdrawn} publication(s) no longer listed for provider ${urn} (kept, marked withdrawn)`);
      totals.withdrawn += withdrawn;
    }

    // 5. Files: only those not already stored.
    let networkStreak = 0;
    for (const item of work.values()) {
      checkStop();
      const { pub } = item;
      const state = known.get(pub.fileId);
      if (state?.state === 'stored') {
        totals.filesUnchanged++;
        continue;
      }
      const url = fileUrl(config, pub.fileId);
      const failure = (code: string, message: string): SyncFailure => ({ fileId: pub.fileId, url, urn: item.urns[0] ?? null, code, message });

      let bytes: Buffer | null = null;
      let sha: string | null = null;
      if (state?.state === 'archived' && state.sha256) {
        bytes = await archiveRead(config.archiveDir, state.sha256);
        sha = bytes ? state.sha256 : null;
      }
      if (!bytes) {
        let res;
        try {
          res = await client.get(url, 'application/pdf');
        } catch (err) {
          if (!(err instanceof HttpError)) throw err;
          if (err.kind === 'stopped') throw new StoppedError();
          const f = failure(err.kind, err.message);
          fail(f);
          await rec.recordFileFailed(pub.fileId, url, null, f.code, f.message, runId!, Date.now());
          networkStreak = err.kind === 'network' || err.kind === 'timeout' ? networkStreak + 1 : 0;
          if (networkStreak >= MAX_CONSECUTIVE_NETWORK_FAILURES) throw new SiteUnreachableError(err.message);
          continue;
        }
        networkStreak = 0;
        const problem = res.status !== 200 ? { code: res.status === 404 || res.status === 410 ? 'not_found' : `http_${res.status}`, message: `the file service returned HTTP ${res.status}` } : checkPdfBytes(res.body, res.contentType);
        if (problem) {
          const f = failure(problem.code, problem.message);
          fail(f);
          await rec.recordFileFailed(pub.fileId, url, res.status === 200 ? sha256Hex(res.body) : null, f.code, f.message, runId!, Date.now());
          continue;
        }
        bytes = res.body;
        sha = sha256Hex(bytes);
        await archiveWrite(config.archiveDir, bytes, sha);
        await rec.recordFileArchived(pub.fileId, url, sha, runId!, Date.now());
      }
      const outcome = await storeFile(options.store, deps, item, url, bytes, sha!, runId!);
      if (outcome.kind === 'failed') {
        const f = failure(outcome.code, outcome.message);
        fail(f);
        await rec.recordFileFailed(pub.fileId, url, sha, f.code, f.message, runId!, Date.now());
      } else if (outcome.kind === 'added') {
        totals.filesNew++;
        log(`new: ${pub.type}, ${pub.date ?? 'undated'} (${item.names.join(' / ')}) ${url}`);
      } else {
        totals.filesUnchanged++;
      }
    }
    return finish();
  } catch (err) {
    const e = err instanceof HttpError && err.kind === 'stopped' ? new StoppedError() : err;
    if (e instanceof SiteLayoutChangedError) {
      result.layoutChanged = true;
      totals.error = (e as Error).message;
    } else if (e instanceof ListingRefusedError) {
      totals.error = `sync stopped: ${e.message}`;
    } else if (e instanceof SiteUnreachableError || e instanceof HttpError) {
      totals.error = `the site could not be reached, so sync stopped (it resumes from here next time): ${(e as Error).message}`;
    } else if (e instanceof LeaseLostError) {
      totals.error = 'another process took over the sync lease (this run had stopped renewing it), so this run stopped; that process carries on';
    } else if (e instanceof StoppedError) {
      totals.outcome = 'interrupted';
      totals.error = 'stopped before finishing (the server is shutting down); the next run resumes from here';
    } else {
      totals.error = `unexpected error: ${(e as Error).message}`;
    }
    if (totals.outcome !== 'interrupted') totals.outcome = 'failed';
    log(`sync stopped: ${totals.error}`);
    return finish();
  }

  async function finish(): Promise<SyncResult> {
    totals.requests = client.requestCount;
    if (totals.outcome === 'succeeded' && totals.failures.length > 0) totals.outcome = 'partial';
    try {
      // "Data last refreshed" moved with each write that changed the record (reports, documents, withdrawals).
      if (runId !== null) {
        await rec.finishRun(runId, totals, Date.now()).catch(async (err: unknown) => {
          // The full record could not be written: the outcome still is, so
          // the run is never left "running" (its failures stay in the log).
          const error = `${totals.error ? `${totals.error}; ` : ''}the run's full record could not be saved (${(err as Error).message})`;
          await rec.finishRun(runId!, { ...totals, outcome: totals.outcome === 'succeeded' ? 'partial' : totals.outcome, failures: totals.failures.slice(0, 20), error }, Date.now());
        });
      }
    } finally {
      if (heartbeat) clearInterval(heartbeat);
      if (!dryRun) await rec.releaseLease(LEASE_NAME, holder).catch(() => {});
    }
    return { ...result, ...totals, runId };
  }
}

/** The provider's page on the configured site, whatever host the listing linked to. */
function providerPageUrl(config: SyncConfig, provider: ListedProvider): string {
  const pathname = new URL(provider.url).pathname;
  return config.siteUrl + pathname.slice(pathname.indexOf('/provider/'));
}

class StoppedError extends Error {}
class LeaseLostError extends Error {}
class SiteUnreachableError extends Error {}
class ListingRefusedError extends Error {}

async function walkListing(client: PoliteClient, config: SyncConfig, totals: RunTotals, log: (l: string) => void, checkStop: () => void): Promise<ListedProvider[]> {
  const providers: ListedProvider[] = [];
  const seen = new Set<string>();
  let start = 0;
  let pageSize = 0;
  for (let pageNo = 0; pageNo < MAX_LISTING_PAGES; pageNo++) {
    checkStop();
    const url = listingUrl(config, start);
    let res;
    try {
      res = await client.getInto(url, 'text/html', { maxBytes: config.maxPageBytes, sink: () => listingParser(url) });
    } catch (err) {
      // A listing page past a limit (too big, redirected off the site) stops
      // the run, recorded with why: without the listing there is nothing to walk.
      if (err instanceof HttpError && err.kind !== 'stopped' && err.kind !== 'network' && err.kind !== 'timeout') {
        totals.failures.push({ fileId: null, url, urn: null, code: `page_${err.kind}`, message: `the provider listing: ${err.message}` });
        throw new ListingRefusedError(`the provider listing ${url} could not be used: ${err.message}`);
      }
      throw err;
    }
    if (res.status !== 200 || !res.value) throw new SiteUnreachableError(`the provider listing ${url} returned HTTP ${res.status}`);
    totals.pagesFetched++;
    const found = res.value;
    if (pageNo === 0 && found.length === 0) {
      throw new SiteLayoutChangedError(url, 'the provider listing has no provider links (links containing /provider/)');
    }
    const fresh = found.filter((p) => !seen.has(p.urn));
    // Nothing new: past the end, or the site ignores paging.
    if (fresh.length === 0) break;
    for (const p of fresh) {
      seen.add(p.urn);
      providers.push(p);
    }
    // Page on by what the site actually returned, not what was asked for,
    // so a lower cap on rows per page cannot silently cut the listing short.
    start += found.length;
    if (pageNo === 0) pageSize = found.length;
    else if (found.length < pageSize) break;
  }
  log(`listing: ${providers.length} providers`);
  return providers;
}

function reportAuthorities(d: AuthorityDiscrepancies, referenceCount: number, log: (l: string) => void): void {
  if (referenceCount === 0) {
    log('authorities: no reference authorities in the database, so the listing was not checked against them');
    return;
  }
  for (const a of d.unlisted) log(`authority in Ofsted's listing but not in the reference data: ${a.name} (URN ${a.urn}); its publications are synced, but add it to the reference data`);
  if (d.missing.length > 0) log(`reference authorities missing from Ofsted's listing (their stored history is kept): ${d.missing.map((a) => `${a.name} (URN ${a.urn})`).join(', ')}`);
}

type StoreOutcome = { kind: 'added' | 'unchanged' } | { kind: 'failed'; code: string; message: string };

async function storeFile(store: SyncStore, deps: SyncDeps, item: WorkItem, url: string, bytes: Buffer, sha: string, runId: number): Promise<StoreOutcome> {
  const rec = store.syncRecord;
  const { pub } = item;
  const urn = item.urns[0] ?? null;
  const asDocument = async (): Promise<StoreOutcome> => {
    let text;
    try {
      text = await deps.documentText(bytes);
    } catch (err) {
      const kind = (err as { kind?: string }).kind ?? 'damaged';
      return { kind: 'failed', code: kind, message: `the PDF's text could not be read: ${(err as Error).message}` };
    }
    const outcome = await rec.storeDocument(
      {
        sha256: sha,
        type: pub.type,
        published: pub.date,
        authorityUrn: urn,
        authorityName: item.names[0] ?? null,
        fileId: pub.fileId,
        sourceUrl: url,
        archivePath: `${sha.slice(0, 2)}/${sha}.pdf`,
        pageCount: text.pageCount,
        text: text.text,
      },
      runId,
      Date.now(),
    );
    return { kind: outcome };
  };

  if (isInspectionType(pub.type)) {
    if (await rec.hasCurrentReport(sha, deps.readerVersion)) {
      await rec.recordFileStored(pub.fileId, 'report', runId, Date.now());
      return { kind: 'unchanged' };
    }
    const read = await deps.readReport(bytes);
    if (read.ok) {
      // The same door as every writer: the store's report writer, one transaction per report.
      const saved = await store.saveReport(read.report, { sourceUrl: url, listingDate: pub.date, fileName: pub.label, fallbackUrn: urn ?? '' }, { fullText: true, readerVersion: deps.readerVersion });
      await rec.recordFileStored(pub.fileId, 'report', runId, Date.now());
      return { kind: saved.outcome === 'unchanged' ? 'unchanged' : 'added' };
    }
    // Labelled an inspection but not one the reader knows as a report (a
    // standalone review, a new kind): kept as a document of its label's type.
    if (read.error.code === 'not_a_report' || read.error.code === 'unsupported_layout') return asDocument();
    return { kind: 'failed', code: read.error.code, message: read.error.message };
  }
  return asDocument();
}
