// The database's tables as TypeScript types, for Kysely. One schema for
// SQLite and PostgreSQL: dates and timestamps are ISO 8601 text, flags are
// integers (0/1), lists that are only ever read whole are JSON text.
import type { ColumnType, Generated } from 'kysely';
import type { FrameworkId, Grade, JudgementKey } from '../domain/frameworks.ts';

/** The children's services authorities, current and former (from src/domain/authorities.ts). */
export interface AuthoritiesTable {
  /** Unique, stable, URL-safe key ("southend-on-sea"). */
  slug: string;
  /** Ofsted URN; null only for a predecessor council the reference data has no URN for. */
  urn: string | null;
  /** DfE three-digit LA number, e.g. "882". */
  la_code: string | null;
  name: string;
  official_name: string | null;
  region: string | null;
  region_code: string | null;
  /** county, unitary, metropolitan_borough, london_borough. */
  type: string | null;
  /** Current ONS GSS code (or the last one, for a former council). */
  gss: string | null;
  /** JSON array of former GSS codes. */
  former_gss: string;
  /** JSON array of every name it goes by, including as report titles print it. */
  alt_names: string;
  /** JSON array of trusts delivering its children's services. */
  trusts: string;
  /** 1 when the authority exists today, 0 for a predecessor council. */
  is_current: number;
  /** First day, for a council created by a recorded reorganisation. */
  start_date: string | null;
  /** The day its successors took over. */
  end_date: string | null;
  population_0_25: number | null;
}

export interface AuthorityLinksTable {
  predecessor_slug: string;
  successor_slug: string;
  /** ISO date the successor took over. */
  effective: string | null;
}

/** DfE statistical neighbours, closest first. */
export interface AuthorityNeighboursTable {
  slug: string;
  position: number;
  neighbour_slug: string;
}

export interface ReportsTable {
  id: Generated<number>;
  /** SHA-256 of the PDF bytes: the identity of a report file. */
  sha256: string;
  authority_urn: string | null;
  /** The council or trust name as printed in the title. */
  printed_name: string;
  framework: FrameworkId;
  title: string;
  inspection_start: string | null;
  inspection_end: string | null;
  lead_inspector: string | null;
  dates_page: number | null;
  dates_text: string | null;
  lead_inspector_page: number | null;
  lead_inspector_text: string | null;
  page_count: number;
  /** The report's headline grade: overall effectiveness, else the leaders judgement, else the LSCB one. */
  headline_grade: Grade | null;
  /** Public address of the PDF (Ofsted's file service), when known. */
  source_url: string | null;
  /** Date on Ofsted's listing, when known. */
  listing_date: string | null;
  /** File name the report was last read from. */
  file_name: string | null;
  /** 1 once the PDF itself was read (sections stored); 0 for facts from a snapshot. */
  has_full_text: number;
  created_at: string;
  updated_at: string;
  /** The reader version (src/reader/version.ts) that produced these facts; 0 for reports read before versions were kept. */
  reader_version: ColumnType<number, number | undefined, number>;
  /** JSON ReadFlag[]: what the reader could not read ("partly read" when not empty). */
  flags: ColumnType<string, string | undefined, string>;
  /** When Ofsted stopped listing it (sync); the report is kept and shown as withdrawn. */
  withdrawn_at: ColumnType<string | null, string | null | undefined, string | null>;
}

/** One published fact a later read changed: kept so the report page can say "corrected on <date>". */
export interface FactChangesTable {
  id: Generated<number>;
  report_id: number;
  /** What changed: "judgement:<key>", "inspection_start", "improvements", "flags", ... */
  field: string;
  old_value: string | null;
  new_value: string | null;
  old_reader_version: number;
  new_reader_version: number;
  changed_at: string;
}

export interface JudgementsTable {
  id: Generated<number>;
  report_id: number;
  position: number;
  key: JudgementKey;
  grade: Grade;
  page: number;
  source_text: string;
}

export type ImprovementList = 'main' | 'lscb';

export interface ImprovementsTable {
  id: Generated<number>;
  report_id: number;
  /** "main": the report's "What needs to improve"; "lscb": the LSCB review's recommendations (SIF). */
  list: ImprovementList;
  position: number;
  text: string;
  page: number;
  tag: string | null;
}

export interface SectionsTable {
  id: Generated<number>;
  report_id: number;
  position: number;
  heading: string;
  text: string;
  page_from: number;
  page_to: number;
}

/** What full-text search sees: a section, an improvement item, or (from sync) another document's text. */
export type SearchKind = 'section' | 'improvement' | 'document';

export interface SearchDocumentsTable {
  id: Generated<number>;
  kind: SearchKind;
  /** Report the text belongs to (null for non-report documents). */
  report_id: number | null;
  /** Row id in sections, improvements or the sync documents table. */
  ref_id: number;
  heading: string;
  body: string;
  /** First page the text is on, when known. */
  page: number | null;
}

/** interrupted: its process ended (killed) before finishing; a later run noticed and recorded it. */
export type RunStatus = 'running' | 'completed' | 'failed' | 'interrupted';

export interface IngestRunsTable {
  id: Generated<number>;
  /** What started it: "ingest", "snapshot import", "sync". */
  command: string;
  started_at: string;
  finished_at: string | null;
  status: RunStatus;
  seen: number;
  added: number;
  unchanged: number;
  failed: number;
  /** Reports known from their facts that gained their full text. */
  text_added: ColumnType<number, number | undefined, number>;
  /** Reports an older reader had read, read again. */
  reread: ColumnType<number, number | undefined, number>;
  /** The process that ran it, and where: host name and PID namespace (null for runs recorded before these were kept). */
  pid: number | null;
  host: string | null;
}

/** added: a new report; text_added: a known report gained its text; reread: a known report read again by a newer reader. */
export type FileOutcome = 'added' | 'text_added' | 'reread' | 'unchanged' | 'failed';

export interface IngestFilesTable {
  id: Generated<number>;
  run_id: number;
  path: string;
  sha256: string | null;
  outcome: FileOutcome;
  error_code: string | null;
  error_message: string | null;
  report_id: number | null;
  recorded_at: string;
}

/** Small facts about the data set: snapshot build date, last refresh. */
export interface MetaTable {
  key: string;
  value: string;
}

export interface Database {
  authorities: AuthoritiesTable;
  authority_links: AuthorityLinksTable;
  authority_neighbours: AuthorityNeighboursTable;
  reports: ReportsTable;
  judgements: JudgementsTable;
  improvements: ImprovementsTable;
  sections: SectionsTable;
  search_documents: SearchDocumentsTable;
  ingest_runs: IngestRunsTable;
  ingest_files: IngestFilesTable;
  meta: MetaTable;
  fact_changes: FactChangesTable;
}

/** Counts come back as strings from PostgreSQL and numbers from SQLite. */
export type Count = ColumnType<number | string | bigint, never, never>;
