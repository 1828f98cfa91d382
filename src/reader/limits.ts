// Bounds on the work one file may cause. Real reports are tens of pages and
// read in well under a second with under 300 MB of memory; the limits are
// far above that, and far below what a hostile file would take.

/** Inspection reports run to a few dozen pages; far more means something else. */
export const DEFAULT_MAX_PAGES = 200;
/** Reports are a megabyte or so; a file this big is refused unread. */
export const DEFAULT_MAX_BYTES = 100 * 1024 * 1024;
/**
 * Per-file time limit in the reader pool: processor time of the reader
 * process where the system reports it (Linux), else wall-clock time.
 */
export const DEFAULT_TIMEOUT_MS = 30_000;
/** Per-process JavaScript heap limit in the reader pool. */
export const DEFAULT_MAX_HEAP_MB = 512;
/**
 * Per-process resident memory limit in the reader pool, everything counted
 * (the JavaScript heap, buffers outside it, zlib's, the code): a reader
 * process idles at about 160 MB, and one reading all 497 corpus files in
 * turn peaked at about 320 MB.
 */
export const DEFAULT_MAX_MEMORY_MB = 512;
/**
 * What pdf.js may decompress for one document, all streams together
 * (fonts, page contents, object streams; see pdf/bounds.ts). No report in
 * the corpus needs more than 3.2 MB (the median is 0.7 MB).
 */
export const DEFAULT_MAX_DECODED_BYTES = 64 * 1024 * 1024;
/**
 * The text one document may yield, in characters (plus one per text item):
 * the longest of the 493 reports in the corpus holds under 150 000 (its
 * densest page under 3 500), so 200 such pages would stay far below; a page that draws one
 * content stream thousands of times yields far more.
 */
export const DEFAULT_MAX_TEXT_UNITS = 2_000_000;
