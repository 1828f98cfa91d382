// Publication into the public record: the published report's PDF is
// archived under its hash (the same content-addressed archive sync keeps
// Ofsted's PDFs in), served at a stable address, and saved through the
// store's own path like any report, its source being this service: it is
// on the council's page, the national picture, search, downloads and feeds
// at once.
//
// In two steps, so a failure loses nothing: the PDF is archived before the
// inspection moves to published (the move records its hash); the report is
// saved in the record after. A save that fails is done again later from
// the archived PDF (the service's scheduler retries every minute), and
// saving the same PDF twice changes nothing (the store keys reports by hash).
import type { Report } from '../domain/report.ts';
import { READER_VERSION } from '../reader/index.ts';
import type { ReportSource, SaveOptions, SaveResult } from '../store/index.ts';
import { archiveRead, archiveWrite } from '../sync/archive.ts';

export interface Publication {
  /** The archive folder (sync's: ILACS_ARCHIVE_DIR, or <data>/archive). */
  archiveDir: string;
  /** The store's save path (store.saveReport). */
  save: (report: Report, source: ReportSource, options: SaveOptions) => Promise<SaveResult>;
  /** The public address the PDF's stable address starts with (PUBLIC_URL), without a trailing slash. */
  baseUrl: string;
}

/** The stable address of a published PDF: /published/<sha256>.pdf under the public address. */
export function publishedPdfPath(sha256: string): string {
  return `/published/${sha256}.pdf`;
}

/** Archives the PDF under its hash (before the move to published: nothing serves it until its hash is public). */
export async function archivePublished(p: Publication, pdf: Uint8Array, sha256: string): Promise<void> {
  await archiveWrite(p.archiveDir, pdf, sha256);
}

/** Saves the published report in the public record (its PDF already archived); returns the PDF's address and the report's id. */
export async function recordPublished(p: Publication, report: Report, meta: { inspectionId: number; listingDate: string }): Promise<{ url: string; reportId: number }> {
  const url = `${p.baseUrl.replace(/\/+$/, '')}${publishedPdfPath(report.sha256)}`;
  const saved = await p.save(report, { sourceUrl: url, listingDate: meta.listingDate, fileName: `published by ilacs (inspection ${meta.inspectionId})`, fallbackUrn: null }, { fullText: true, readerVersion: READER_VERSION });
  return { url, reportId: saved.reportId };
}

/** A published PDF's bytes from the archive, or null (an address that is not a hash, or a file not archived). */
export async function publishedPdf(archiveDir: string, sha256: string): Promise<Buffer | null> {
  if (!/^[0-9a-f]{64}$/.test(sha256)) return null;
  return archiveRead(archiveDir, sha256);
}
