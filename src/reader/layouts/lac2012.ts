// Inspections of looked after children services (2012–2013). The
// judgements sit in the "Record of main findings" table near the end of
// the report (its printed page number differs from the PDF page); each body
// section also carries a "Grade N (word)" line, read when the table is
// missing. The recommendations are the bullets under "Areas for
// improvement", grouped by timescale ("Immediately:", "Within three months:").
import { FRAMEWORKS, type JudgementDef } from '../../domain/frameworks.ts';
import type { Line } from '../pdf/layout.ts';
import type { PdfText } from '../pdf/pdfjs.ts';
import type { ImprovementItem, Judgement, ReadError } from '../../domain/report.ts';
import type { LayoutResult } from './types.ts';
import { normText, parseGrade } from '../grammar.ts';
import { findLine, headingPattern, readList } from '../lists.ts';
import { labelKey, readBody, readTable, type Body } from './sif-common.ts';

const RECORD = /^record of main findings$/;
const AREAS = headingPattern([FRAMEWORKS.LAC2012], 'whole');
const LAC_TABLE = /^services for looked after children/;

export function parseLac2012(doc: PdfText): LayoutResult | ReadError {
  const defs = FRAMEWORKS.LAC2012.judgements;
  const body = readBody(doc);
  let judgements = readRecord(body, defs);
  if (judgements.length < defs.length) {
    const fromSections = readGradeLines(body, defs);
    for (const j of fromSections) if (!judgements.some((x) => x.key === j.key)) judgements.push(j);
  }
  if (judgements.length === 0) return { code: 'unsupported_layout', message: 'neither the "Record of main findings" table nor any "Grade N" line was found in this looked after children services report' };
  const order = defs.map((d) => d.key);
  judgements = judgements.sort((a, b) => order.indexOf(a.key) - order.indexOf(b.key));
  // Combined inspections print "Areas for improvement" for each service: all are the authority's to act on.
  const improvements: ImprovementItem[] = [];
  body.lines.forEach((l, i) => {
    if (AREAS.test(normText(l.text)) && l.size >= body.size + 1) improvements.push(...readList(body, i + 1, 'bullet').items);
  });
  return {
    framework: 'LAC2012',
    judgements,
    improvements,
    lscbImprovements: [],
    looked: {
      judgements: 'the "Record of main findings" table and each section\'s "Grade N" line',
      improvements: 'bulleted lists under "Areas for improvement" headings',
    },
  };
}

/** Row labels start with the first words of a judgement's label; other lines continue the row above. */
function startsRow(defs: JudgementDef[]) {
  const heads = defs.flatMap((d) => [d.label, ...d.variants]).map((v) => normText(v).split(' ').slice(0, 2).join(' '));
  return (label: string) => heads.some((h) => normText(label).startsWith(h));
}

/**
 * The "Record of main findings" rows. Combined safeguarding and looked after
 * children inspections print a table per service: the judgements are those
 * under "Services for looked after children" when that sub-heading is there.
 */
function readRecord(body: Body, defs: JudgementDef[]): Judgement[] {
  const { lines, size } = body;
  const at = findLine(lines, RECORD);
  if (at < 0) return [];
  const lac = lines.findIndex((l, i) => i > at && l.page <= lines[at]!.page + 1 && l.size > size + 1 && LAC_TABLE.test(normText(l.text)));
  const start = lac >= 0 ? lac : at;
  const head = lines[start]!;
  const table: Line[] = [];
  let prev: Line = head;
  for (let i = start + 1; i < lines.length; i++) {
    const l = lines[i]!;
    if (l.page !== head.page) break;
    if (l.size > size + 1) {
      // Another service's table, or a heading after the record.
      if (table.length > 0) break;
      continue;
    }
    if (prev !== head && prev.y - l.y > 3 * l.size) break;
    table.push(l);
    prev = l;
  }
  return readTable(table, defs, startsRow(defs)).map((r) => ({ key: r.key, grade: r.grade, page: r.page, text: r.text }));
}

const GRADE_LINE = /^grade \d\s*\((outstanding|good|adequate|inadequate)\)$/i;

/** "Grade 4 (inadequate)" under each body section's heading. */
function readGradeLines(body: Body, defs: JudgementDef[]): Judgement[] {
  const out: Judgement[] = [];
  const { lines } = body;
  for (let i = 0; i < lines.length; i++) {
    const m = GRADE_LINE.exec(lines[i]!.text.trim());
    if (!m) continue;
    const heading: string[] = [];
    for (let k = i - 1; k >= 0 && k >= i - 3; k--) {
      const h = lines[k]!;
      if (h.size <= body.size + 1 || h.page !== lines[i]!.page) break;
      heading.unshift(h.text);
    }
    const label = heading.join(' ').replace(/ of services for looked after children and young people$/i, '');
    const key = labelKey(label, defs, 0.5);
    const grade = parseGrade(m[1]!);
    if (!key || !grade || out.some((o) => o.key === key)) continue;
    out.push({ key, grade, page: lines[i]!.page, text: `${heading.join(' ')} ${lines[i]!.text.trim()}` });
  }
  return out;
}
