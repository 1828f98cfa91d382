// The round trip, as the gate before the council's accuracy check and
// before publication: the typeset PDF is read by ilacs's own reader (with
// its completeness check) and must give back exactly what the inspectors
// entered. Each difference is a sentence naming what was entered and what
// the reader read.
import { FRAMEWORKS, gradeLabel } from '../domain/frameworks.ts';
import type { Report } from '../domain/report.ts';
import { readReport } from '../reader/index.ts';
import { TypesetError, typesetReport, type ReportSource } from './typeset.ts';

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
export async function compareRead(src: ReportSource, pdf: Uint8Array): Promise<string[]> {
  return (await readAndCompare(src, pdf)).differences;
}

async function readAndCompare(src: ReportSource, pdf: Uint8Array): Promise<{ report: Report | null; differences: string[] }> {
  const r = await readReport(pdf);
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

/** Typesets the report and reads it back. A text the typesetter cannot print is a difference too. */
export async function roundTrip(src: ReportSource): Promise<RoundTrip> {
  const t0 = performance.now();
  let pdf: Uint8Array;
  try {
    pdf = await typesetReport(src);
  } catch (err) {
    if (err instanceof TypesetError) return { pdf: null, report: null, differences: [`The report cannot be typeset: ${err.message}`], typesetMs: performance.now() - t0, readMs: 0 };
    throw err;
  }
  const t1 = performance.now();
  const { report, differences } = await readAndCompare(src, pdf);
  return { pdf, report, differences, typesetMs: t1 - t0, readMs: performance.now() - t1 };
}
