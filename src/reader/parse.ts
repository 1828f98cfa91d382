// The generic report reader: from a PDF's positioned lines to a Report or
// a typed error. It reads what every framework prints the same way (title,
// council, dates, lead inspector, sections) and hands the rest to the
// layout parser of the report's family.
import type { PdfText } from './pdf/pdfjs.ts';
import type { ReadError, Report } from '../domain/report.ts';
import { isReadError, type Layout } from './layouts/types.ts';
import { classify, type ReportFamily } from './classify.ts';
import { readInspectionDates, readLeadInspector, readPrintedName } from './header.ts';
import { readSections } from './sections.ts';
import { resolveAuthority } from './authority.ts';
import { completeness } from './complete.ts';
import { parseIlacs } from './layouts/ilacs.ts';
import { parseSif } from './layouts/sif.ts';
import { parseLscb } from './layouts/lscb.ts';
import { parseLac2012 } from './layouts/lac2012.ts';

export type ParseResult = { ok: true; report: Report } | { ok: false; error: ReadError };

const LAYOUTS: Record<ReportFamily, Layout | null> = {
  ILACS: parseIlacs,
  SIF: parseSif,
  LSCB: parseLscb,
  LAC2012: parseLac2012,
};

function fail(code: ReadError['code'], message: string): ParseResult {
  return { ok: false, error: { code, message } };
}

/** Reads one report. Synchronous and pure; never throws. */
export function parseReport(doc: PdfText, meta: { sha256: string }): ParseResult {
  try {
    return read(doc, meta);
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err);
    return fail('unsupported_layout', `the report's layout could not be read (${why}); please report this file`);
  }
}

function read(doc: PdfText, meta: { sha256: string }): ParseResult {
  const page1 = doc.pages[0];
  if (!doc.pages.some((p) => p.lines.length > 0)) {
    return fail('not_a_report', 'the PDF has no text to read (it may be a scanned image or blank), so it is not a readable inspection report');
  }
  const cls = classify(page1);
  if (!cls) {
    const opening = (page1?.lines ?? []).slice(0, 3).map((l) => l.text).join(' ').slice(0, 80);
    return fail(
      'not_a_report',
      opening
        ? `page 1 does not carry the title of an Ofsted children's services inspection report (it begins "${opening}")`
        : "page 1 is blank, so this is not an Ofsted children's services inspection report",
    );
  }
  const layout = LAYOUTS[cls.family];
  if (!layout) return fail('unsupported_layout', `this is a ${cls.family} report, whose layout this version cannot read yet`);
  const result = layout(doc);
  if (isReadError(result)) return { ok: false, error: result };

  const dates = readInspectionDates(doc.pages);
  const inspector = readLeadInspector(doc.pages);
  const printedName = readPrintedName(cls.titleLines);
  const authority = resolveAuthority(printedName, cls.title, dates.start);
  const inspection: Report['inspection'] = {
    start: dates.start,
    end: dates.end,
    leadInspector: inspector.name,
    datesEvidence: dates.evidence,
    leadInspectorEvidence: inspector.evidence,
    ...result.inspection,
  };
  const report: Report = {
    framework: result.framework,
    title: cls.title,
    localAuthority: { urn: authority?.urn ?? '', name: authority?.name ?? printedName, printedName },
    inspection,
    judgements: result.judgements,
    improvements: result.improvements,
    lscbImprovements: result.lscbImprovements,
    sections: readSections(doc),
    pageCount: doc.pageCount,
    sha256: meta.sha256,
    flags: [],
  };
  report.flags = completeness(report, doc, result.looked);
  return { ok: true, report };
}
