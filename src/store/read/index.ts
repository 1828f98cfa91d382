// Read-only queries over the store for the web and analysis layers.
export { loadRecord } from './record.ts';
export type { DocumentRow, AuthorityRow, LinkRow, NeighbourRow, ReportRow, JudgementRow, ImprovementRow, RecordData } from './record.ts';
export { loadSections } from './sections.ts';
export type { SectionRow } from './sections.ts';
export { dataVersion } from './version.ts';
export { loadSyncStatus, isProblemRun } from './sync-status.ts';
export type { SyncStatus, FailingFile } from './sync-status.ts';
export { loadFactChanges } from './history.ts';
export type { FactChangeRow } from './history.ts';
