// Reread: every stored report an older reader read is read again from its
// PDF (the content-addressed archive, else a path it was ingested from) by
// the current reader, one transaction per report, keeping its id, source
// address and listing date. Each changed published fact goes into the
// report's history. Killed at any point, a re-run picks up the reports still
// at the older version, so the end result is the same as one clean pass.
import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { FactChange, OutdatedReport, Store } from '../store/index.ts';
import type { ReportReader } from './ingest.ts';

/** The meta key recording the reader version a complete reread brought the database to. */
export const REREAD_META_KEY = 'reread_reader_version';

export type RereadOutcome = 'changed' | 'unchanged' | 'missingPdf' | 'failed';

export interface RereadReport {
  reportId: number;
  label: string;
  outcome: RereadOutcome;
  /** The reader version that had read it. */
  fromVersion: number;
  /** Published facts that changed (outcome "changed"). */
  changes: FactChange[];
  /** Why it could not be read again (missingPdf, failed). */
  message?: string;
}

export interface RereadSummary {
  readerVersion: number;
  /** Reports read again (changed + unchanged). */
  reread: number;
  changed: number;
  unchanged: number;
  missingPdf: number;
  failed: number;
  /** Every report that changed, had no PDF or failed, in id order. */
  reports: RereadReport[];
}

export interface RereadOptions {
  reader: ReportReader;
  /** The content-addressed archive sync keeps (<dir>/<2 hex>/<sha256>.pdf). */
  archiveDir?: string | null;
  /** Called as each report is done (progress). */
  onReport?: (r: RereadReport, done: number, total: number) => void;
}

/** True when reports an older reader read are stored and no complete reread with this reader has run since. */
export async function rereadDue(store: Store, readerVersion: number): Promise<boolean> {
  const done = Number((await store.getMeta(REREAD_META_KEY)) ?? 0);
  if (done >= readerVersion) return false;
  return (await store.outdatedReports(readerVersion)).length > 0;
}

async function readIfMatches(file: string, sha256: string): Promise<Uint8Array | null> {
  let bytes: Buffer;
  try {
    bytes = await fs.readFile(file);
  } catch {
    return null;
  }
  // A file moved or replaced since it was ingested is not this report.
  return createHash('sha256').update(bytes).digest('hex') === sha256 ? bytes : null;
}

/** The report's PDF: from the archive, else from where it was ingested; null when neither has those bytes. */
async function findPdf(store: Store, report: OutdatedReport, archiveDir: string | null | undefined): Promise<Uint8Array | null> {
  const candidates = [
    ...(archiveDir ? [path.join(archiveDir, report.sha256.slice(0, 2), `${report.sha256}.pdf`)] : []),
    ...(await store.ingestedPaths(report.sha256)),
  ];
  for (const file of candidates) {
    const bytes = await readIfMatches(file, report.sha256);
    if (bytes) return bytes;
  }
  return null;
}

export async function reread(store: Store, options: RereadOptions): Promise<RereadSummary> {
  const version = options.reader.version;
  const outdated = await store.outdatedReports(version);
  const summary: RereadSummary = { readerVersion: version, reread: 0, changed: 0, unchanged: 0, missingPdf: 0, failed: 0, reports: [] };
  let next = 0;
  let done = 0;
  const results: (RereadReport | null)[] = new Array<RereadReport | null>(outdated.length).fill(null);

  const one = async (report: OutdatedReport): Promise<RereadReport> => {
    const base = { reportId: report.id, label: report.label, fromVersion: report.readerVersion, changes: [] as FactChange[] };
    const bytes = await findPdf(store, report, options.archiveDir);
    if (!bytes) {
      return { ...base, outcome: 'missingPdf', message: `its PDF (SHA-256 ${report.sha256.slice(0, 12)}…${report.fileName ? `, ${report.fileName}` : ''}) is neither in the archive nor where it was ingested from; ingest it again or run ilacs sync` };
    }
    const read = await options.reader.read(bytes, report.sha256);
    if (!read.ok) return { ...base, outcome: 'failed', message: `${read.error.code}: ${read.error.message} (the facts read before are kept)` };
    try {
      // Same bytes, same report: saveReport keeps its id, source address and listing date, and records what changed.
      const saved = await store.saveReport(read.report, {}, { fullText: true, readerVersion: version });
      return { ...base, outcome: saved.changes.length > 0 ? 'changed' : 'unchanged', changes: saved.changes };
    } catch (err) {
      return { ...base, outcome: 'failed', message: `the database refused the new reading (${(err as Error).message}); the facts read before are kept` };
    }
  };

  const worker = async (): Promise<void> => {
    while (next < outdated.length) {
      const i = next++;
      const r = await one(outdated[i]!);
      results[i] = r;
      done++;
      options.onReport?.(r, done, outdated.length);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(outdated.length, options.reader.concurrency * 2)) }, worker));

  for (const r of results) {
    if (!r) continue;
    summary[r.outcome]++;
    if (r.outcome !== 'unchanged') summary.reports.push(r);
  }
  summary.reread = summary.changed + summary.unchanged;
  // Reports without a PDF stay at their version; they are read again when their PDF is ingested or synced.
  if (summary.failed === 0) await store.setMeta(REREAD_META_KEY, String(version));
  return summary;
}

/**
 * Runs reread when it is due (a reader newer than the database's), with the
 * project's reader in worker threads, started only then: for ingest's and the
 * scheduled sync's automatic rereads. Null when nothing was due.
 */
export async function rereadIfDue(store: Store, options: { archiveDir?: string | null; reader?: ReportReader & { close?(): Promise<void> } }): Promise<RereadSummary | null> {
  const own = options.reader ? null : (await import('./reader.ts')).poolReader();
  const reader = options.reader ?? own!;
  try {
    if (!(await rereadDue(store, reader.version))) return null;
    return await reread(store, { reader, archiveDir: options.archiveDir ?? null });
  } finally {
    await own?.close();
  }
}
