// Ingest: PDFs into the store, idempotently, in worker threads, with a run log.
export { ingest, defaultDisplayName, type IngestOptions, type IngestProgress, type IngestSummary, type FailedFile, type ReportReader, type ChangedReport } from './ingest.ts';
export { poolReader } from './reader.ts';
export { progressBar } from './progress.ts';
export { SidecarIndex, parseCsv, type SidecarEntry } from './sidecar.ts';
export { expandInputs, InputError } from './files.ts';
export { reread, rereadDue, rereadIfDue, REREAD_META_KEY, type RereadOptions, type RereadReport, type RereadSummary, type RereadOutcome } from './reread.ts';
