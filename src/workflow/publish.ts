// Publication into the public record: the published report's PDF is
// archived under its hash (the same content-addressed archive sync keeps
// Ofsted's PDFs in), served at a stable address, and saved through the
// store's own path like any report, its source being this service: it is
// on the council's page, the national picture, search, downloads and feeds
// at once.
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

/** Archives the PDF and saves its report in the public record; returns the PDF's address and the report's id. */
export async function publishReport(p: Publication, pdf: Uint8Array, report: Report, meta: { inspectionId: number; listingDate: string }): Promise<{ url: string; reportId: number }> {
  await archiveWrite(p.archiveDir, pdf, report.sha256);
  const url = `${p.baseUrl.replace(/\/+$/, '')}${publishedPdfPath(report.sha256)}`;
  const saved = await p.save(report, { sourceUrl: url, listingDate: meta.listingDate, fileName: `published by ilacs (inspection ${meta.inspectionId})`, fallbackUrn: null }, { fullText: true, readerVersion: READER_VERSION });
  return { url, reportId: saved.reportId };
}

/** A published PDF's bytes from the archive, or null (an address that is not a hash, or a file not archived). */
export async function publishedPdf(archiveDir: string, sha256: string): Promise<Buffer | null> {
  if (!/^[0-9a-f]{64}$/.test(sha256)) return null;
  return archiveRead(archiveDir, sha256);
}
