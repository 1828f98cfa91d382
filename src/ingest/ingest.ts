// Ingest: files → reader (worker threads) → store, one transaction per
// report. Idempotence comes from the content hash, checked before reading,
// so a re-run over unchanged files only hashes them. Every file's outcome
// is recorded in the run log.
import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { ReadResult } from '../domain/report.ts';
import { FILE_OUTCOME, type FactChange, type RunCounts, type SaveOutcome, type Store } from '../store/index.ts';
import { expandInputs } from './files.ts';
import { SidecarIndex } from './sidecar.ts';

/** What ingest needs from the reader: ReaderPool fits, and tests can pass their own. */
export interface ReportReader {
  /** May take (detach) `bytes`; `sha256` is their hash, already worked out. */
  read(bytes: Uint8Array, sha256: string): Promise<ReadResult>;
  /** How many files it reads at once. */
  readonly concurrency: number;
  /** The reader's version (src/reader/version.ts), stored with every report it reads. */
  readonly version: number;
}

export interface FailedFile {
  file: string;
  code: string;
  message: string;
}

/** A report read again whose published facts changed, and how. */
export interface ChangedReport {
  reportId: number;
  file: string;
  changes: FactChange[];
}

export interface IngestSummary {
  runId: number;
  seen: number;
  /** New reports. */
  added: number;
  /** Reports the record had as facts only (a snapshot without text) that gained their full text. */
  textAdded: number;
  /** Reports an older reader had read, read again from these files. */
  reread: number;
  unchanged: number;
  failed: FailedFile[];
  /** Reports whose published facts changed on being read again. */
  changed: ChangedReport[];
}

export interface IngestProgress {
  total: number;
  done: number;
  added: number;
  textAdded: number;
  reread: number;
  unchanged: number;
  failed: number;
  file: string;
}

export interface IngestOptions {
  reader: ReportReader;
  onProgress?: (p: IngestProgress) => void;
  /** Recorded as the run's command (default "ingest"). */
  command?: string;
  /** How file names are shown in the summary (default: relative to the working directory). */
  displayName?: (absolutePath: string) => string;
}

export function defaultDisplayName(abs: string): string {
  const rel = path.relative(process.cwd(), abs);
  return rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : abs;
}

type Outcome = { outcome: Exclude<SaveOutcome, 'unchanged'>; reportId: number; changes: FactChange[] } | { outcome: 'unchanged'; reportId: number } | { outcome: 'failed'; code: string; message: string };

export async function ingest(store: Store, inputs: string[], options: IngestOptions): Promise<IngestSummary> {
  const files = await expandInputs(inputs);
  const sidecar = SidecarIndex.forInputs(inputs);
  const display = options.displayName ?? defaultDisplayName;
  const runId = await store.startRun(options.command ?? 'ingest');
  const known = await store.fullTextHashes(options.reader.version);
  // Two paths with the same bytes in one run: the second waits for the first, then counts as unchanged.
  const inFlight = new Map<string, Promise<unknown>>();
  const summary: IngestSummary = { runId, seen: 0, added: 0, textAdded: 0, reread: 0, unchanged: 0, failed: [], changed: [] };
  let next = 0;

  const one = async (abs: string): Promise<Outcome & { sha256: string | null }> => {
    let bytes: Uint8Array;
    try {
      bytes = await fs.readFile(abs);
    } catch (err) {
      return { outcome: 'failed', code: 'unreadable', message: `the file could not be opened (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`, sha256: null };
    }
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    const pending = inFlight.get(sha256);
    if (pending) await pending.catch(() => {});
    const storedId = known.get(sha256);
    if (storedId !== undefined) return { outcome: 'unchanged', reportId: storedId, sha256 };
    const work = (async (): Promise<Outcome> => {
      const result = await options.reader.read(bytes, sha256);
      if (!result.ok) return { outcome: 'failed', code: result.error.code, message: result.error.message };
      const entry = sidecar.lookup(abs);
      let saved;
      try {
        saved = await store.saveReport(
          result.report,
          { sourceUrl: entry?.sourceUrl ?? null, listingDate: entry?.listingDate ?? null, fallbackUrn: entry?.urn ?? null, fileName: path.basename(abs) },
          { fullText: true, readerVersion: options.reader.version },
        );
      } catch (err) {
        // The transaction rolled back: nothing of this report is stored; the rest of the batch carries on.
        return { outcome: 'failed', code: 'not_stored', message: `the report was read but the database refused it (${(err as Error).message}); nothing of it was stored` };
      }
      known.set(sha256, saved.reportId);
      return saved.outcome === 'unchanged' ? { outcome: 'unchanged', reportId: saved.reportId } : { outcome: saved.outcome, reportId: saved.reportId, changes: saved.changes };
    })();
    inFlight.set(sha256, work);
    try {
      return { ...(await work), sha256 };
    } finally {
      inFlight.delete(sha256);
    }
  };

  const worker = async (): Promise<void> => {
    while (next < files.length) {
      const abs = files[next++]!;
      const r = await one(abs);
      summary.seen++;
      if (r.outcome === 'failed') {
        summary.failed.push({ file: display(abs), code: r.code, message: r.message });
        await store.recordFile(runId, { path: abs, sha256: r.sha256, outcome: 'failed', errorCode: r.code, errorMessage: r.message });
      } else {
        summary[r.outcome]++;
        if (r.outcome !== 'unchanged' && r.changes.length > 0) summary.changed.push({ reportId: r.reportId, file: display(abs), changes: r.changes });
        await store.recordFile(runId, { path: abs, sha256: r.sha256, outcome: FILE_OUTCOME[r.outcome], reportId: r.reportId });
      }
      options.onProgress?.({ total: files.length, done: summary.seen, added: summary.added, textAdded: summary.textAdded, reread: summary.reread, unchanged: summary.unchanged, failed: summary.failed.length, file: display(abs) });
    }
  };

  try {
    // Twice the reader's width keeps every worker busy while files are read and hashed.
    await Promise.all(Array.from({ length: Math.max(1, Math.min(files.length, options.reader.concurrency * 2)) }, worker));
  } catch (err) {
    await store.finishRun(runId, counts(summary), 'failed').catch(() => {});
    throw err;
  }
  await store.finishRun(runId, counts(summary));
  summary.failed.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  return summary;
}

function counts(s: IngestSummary): RunCounts {
  return { seen: s.seen, added: s.added, textAdded: s.textAdded, reread: s.reread, unchanged: s.unchanged, failed: s.failed.length };
}
