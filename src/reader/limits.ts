// Bounds on the work one file may cause. Real reports are tens of pages and
// read in well under a second; the limits are far above that.

/** Inspection reports run to a few dozen pages; far more means something else. */
export const DEFAULT_MAX_PAGES = 200;
/** Reports are a megabyte or so; a file this big is refused unread. */
export const DEFAULT_MAX_BYTES = 100 * 1024 * 1024;
/** Per-file time limit in the worker pool. */
export const DEFAULT_TIMEOUT_MS = 30_000;
/** Per-worker JavaScript heap limit in the worker pool. */
export const DEFAULT_MAX_HEAP_MB = 512;
