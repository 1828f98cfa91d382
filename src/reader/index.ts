// The reader's public surface: bytes in, a typed Report or a typed error out.
import type { ReadOptions } from './read.ts';
import type { ReadResult } from '../domain/report.ts';

export { ReaderPool, type ReaderPoolOptions } from './pool.ts';
export { sniff } from './sniff.ts';
export { sha256Of, sha256OfFile } from './digest.ts';
export { DEFAULT_MAX_BYTES, DEFAULT_MAX_HEAP_MB, DEFAULT_MAX_PAGES, DEFAULT_TIMEOUT_MS } from './limits.ts';
export { READ_ERROR_CODES } from '../domain/report.ts';
export { READER_VERSION } from './version.ts';
// Internal-consistency rules, for flagging suspicious reads (ingest, QA).
export { checkReport } from './check.ts';
export type { ReadOptions } from './read.ts';
export type { Evidence, ImprovementItem, Judgement, ReadError, ReadErrorCode, ReadResult, Report, ReportAuthority, Section } from '../domain/report.ts';

/**
 * Reads one report in this thread. Never throws. pdf.js and the layout
 * parsers load on first use, so code that only hands files to a
 * ReaderPool does not pay for loading them in the main thread.
 */
export async function readReport(bytes: Uint8Array, options?: ReadOptions): Promise<ReadResult> {
  const { readReport: read } = await import('./read.ts');
  return read(bytes, options);
}
