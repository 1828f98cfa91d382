// A non-report PDF's plain text, for search: read by the same bounded reader
// processes as reports (src/reader/pool.ts), never in this process, which
// under `serve --sync-every` is the web server's. A hostile letter gets a
// clear error (too_large, too_complex, damaged, ...) and the run goes on.
import type { ReaderPool } from '../reader/pool.ts';

export interface PlainText {
  pageCount: number;
  text: string;
}

export class TextExtractionError extends Error {
  /** The reader's error code: damaged, encrypted, not_a_pdf, too_large, too_complex, ... */
  readonly kind: string;
  constructor(kind: string, message: string) {
    super(message);
    this.kind = kind;
  }
}

/** The document's plain text, read in one of the pool's reader processes; throws TextExtractionError. */
export async function documentText(pool: ReaderPool, bytes: Uint8Array): Promise<PlainText> {
  const r = await pool.readText(bytes);
  if (!r.ok) throw new TextExtractionError(r.error.code, r.error.message);
  return { pageCount: r.pageCount, text: r.text };
}
