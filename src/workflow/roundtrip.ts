// The round trip, as the gate before the council's accuracy check and
// before publication: the typeset PDF is read by ilacs's own reader (with
// its completeness check) and must give back exactly what the inspectors
// entered. Each difference is a sentence naming what was entered and what
// the reader read.
//
// Who reads is the caller's choice: the web service reads in the reader's
// child processes (ReaderPool), so a slow read never stalls the server;
// tests and scripts may read in-process (readReport, the default).
import { FRAMEWORKS, gradeLabel } from '../domain/frameworks.ts';
import type { ReadResult, Report } from '../domain/report.ts';
import { readReport } from '../reader/index.ts';
import { TypesetError, typesetReport, type ReportSource } from './typeset.ts';

/** Reads a PDF as ilacs's reader does (readReport, or a ReaderPool's readBytes). */
export type ReadPdf = (pdf: Uint8Array) => Promise<ReadResult>;

export interface RoundTripDeps {
  /** Typesets the report (default: typesetReport with the process's Chromium). */
  typeset?: (src: ReportSource) => Promise<Uint8Array>;
  /** Reads the PDF back (default: readReport in this thread). */
  read?: ReadPdf;
}

export interface RoundTrip {
  pdf: Uint8Array | null;
  /** What the reader read from the PDF (null when it could not be typeset or read). */
  report: Report | null;
  /** Empty when the reader read back every fact exactly. */
  differences: string[];
  /** Milliseconds spent typesetting and reading back. */
  typesetMs: number;
  readMs: number;
}

const q = (s: string | null | undefined): string => (s == null ? 'nothing' : `"${s}"`);

/** The differences between what was entered and what the reader read from `pdf`. */
export async function compareRead(src: ReportSource, pdf: Uint8Array, read: ReadPdf = readReport): Promise<string[]> {
  return (await readAndCompare(src, pdf, read)).differences;
}

async function readAndCompare(src: ReportSource, pdf: Uint8Array, read: ReadPdf): Promise<{ report: Report | null; differences: string[] }> {
  const r = await read(pdf);
  if (!r.ok) return { report: null, differences: [`The reader could not read the typeset report: ${r.error.message}.`] };
  return { report: r.report, differences: differencesOf(src, r.report) };
}

function differencesOf(src: ReportSource, rep: Report): string[] {
  const out: string[] = [];
  const fw = FRAMEWORKS[src.framework];
  if (rep.framework !== src.framework) out.push(`Framework: entered ${src.framework}, read ${rep.framework}.`);
  if (rep.localAuthority.printedName !== src.authorityName || rep.localAuthority.name !== src.authorityName) out.push(`Council: entered ${q(src.authorityName)}, read ${q(rep.localAuthority.printedName)} (matched to ${q(rep.localAuthority.name)}).`);
  if (rep.inspection.start !== src.start || rep.inspection.end !== src.end) out.push(`Dates: entered ${src.start} to ${src.end}, read ${rep.inspection.start ?? '?'} to ${rep.inspection.end ?? '?'}.`);
  if (rep.inspection.leadInspector !== src.leadInspector) out.push(`Lead inspector: entered ${q(src.leadInspector)}, read ${q(rep.inspection.leadInspector)}.`);
  for (const def of fw.judgements) {
    const want = src.judgements.find((j) => j.key === def.key);
    const got = rep.judgements.find((j) => j.key === def.key);
    if (want?.grade !== got?.grade) out.push(`${def.label}: entered ${want ? gradeLabel(want.grade, fw.id) : 'no grade'}, read ${got ? gradeLabel(got.grade, fw.id) : 'no grade'}.`);
  }
  const n = Math.max(src.improvements.length, rep.improvements.length);
  for (let i = 0; i < n; i++) {
    const want = src.improvements[i];
    const got = rep.improvements[i]?.text;
    if (want !== got) out.push(`Improvement item ${i + 1}: entered ${q(want)}, read ${q(got)}.`);
  }
  for (const f of rep.flags) out.push(`The reader's completeness check: ${f.message}.`);
  return out;
}

/**
 * Typesets the report and reads it back. A text the typesetter cannot
 * print is a difference too; Chromium missing (PrinterUnavailableError) is
 * not, and is thrown.
 */
export async function roundTrip(src: ReportSource, deps: RoundTripDeps = {}): Promise<RoundTrip> {
  const t0 = performance.now();
  let pdf: Uint8Array;
  try {
    pdf = await (deps.typeset ?? ((s: ReportSource) => typesetReport(s)))(src);
  } catch (err) {
    if (err instanceof TypesetError) return { pdf: null, report: null, differences: [`The report cannot be typeset: ${err.message}`], typesetMs: performance.now() - t0, readMs: 0 };
    throw err;
  }
  const t1 = performance.now();
  const { report, differences } = await readAndCompare(src, pdf, deps.read ?? readReport);
  return { pdf, report, differences, typesetMs: t1 - t0, readMs: performance.now() - t1 };
}
