// A report as the reader gives it and the record keeps it. Every layer uses
// this shape (reader, ingest, store, sync, snapshot, web), so it lives here.
import type { FrameworkId, Grade, JudgementKey } from './frameworks.ts';

/** Where a fact was read: the 1-based PDF page and the words it came from. */
export interface Evidence {
  page: number;
  text: string;
}

export interface Judgement extends Evidence {
  key: JudgementKey;
  grade: Grade;
}

export interface ImprovementItem {
  /** As printed: whitespace collapsed, hyphenated line breaks joined, tag kept. */
  text: string;
  page: number;
  /** National Framework tag when printed, e.g. "Outcome four, National Framework". */
  tag: string | null;
}

export interface Section {
  heading: string;
  text: string;
  /** Pages the section spans (first..last, 1-based). */
  pages: [number, number];
}

export interface ReportAuthority {
  /** Ofsted URN of the authority the report is about. */
  urn: string;
  name: string;
  /** The council or trust name as printed in the report's title. */
  printedName: string;
}

export interface Report {
  framework: FrameworkId;
  title: string;
  localAuthority: ReportAuthority;
  inspection: {
    start: string | null;
    end: string | null;
    leadInspector: string | null;
    /** Evidence for the dates and inspector. */
    datesEvidence: Evidence | null;
    leadInspectorEvidence: Evidence | null;
  };
  judgements: Judgement[];
  improvements: ImprovementItem[];
  /** SIF reports with an LSCB review: the review's recommendations. */
  lscbImprovements: ImprovementItem[];
  sections: Section[];
  pageCount: number;
  sha256: string;
  /**
   * What the reader could not read, or doubts, when checked against the
   * framework's entry: empty when the report was read completely. A report
   * with flags is "partly read": kept, but shown as such everywhere.
   */
  flags: ReadFlag[];
}

export const READ_FLAG_CODES = [
  'missing_judgement',
  'missing_improvements',
  'missing_dates',
  'missing_lead_inspector',
  'missing_authority',
  'glyph_in_item',
  'doubtful',
] as const;
export type ReadFlagCode = (typeof READ_FLAG_CODES)[number];

/** One thing the reader could not read: what is missing, and where it looked. */
export interface ReadFlag {
  code: ReadFlagCode;
  /** A sentence a person can act on, naming what is missing and where the reader looked. */
  message: string;
}

/** Whether the reader read the whole report (no flags). */
export function isPartlyRead(report: Pick<Report, 'flags'>): boolean {
  return report.flags.length > 0;
}

/** too_large and too_complex: the file passed one of the reader's bounds (memory, decoded size, text, time, nesting). */
export const READ_ERROR_CODES = ['not_a_pdf', 'encrypted', 'damaged', 'not_a_report', 'unsupported_layout', 'too_large', 'too_complex'] as const;
export type ReadErrorCode = (typeof READ_ERROR_CODES)[number];

export interface ReadError {
  code: ReadErrorCode;
  message: string;
}

export type ReadResult = { ok: true; report: Report } | { ok: false; error: ReadError; sha256: string };
