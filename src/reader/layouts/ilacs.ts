// ILACS reports (2018, 2023, 2026): a judgement table on page 1 and a
// "What needs to improve?" list. The three frameworks share a layout; which
// one a report belongs to follows from its on-site start date, checked
// against the rows its judgement table prints.
import { familyFrameworks, frameworkInForce, requiredKeys, type Framework, type Grade, type JudgementDef, type JudgementKey } from '../../domain/frameworks.ts';
import type { Line } from '../pdf/layout.ts';
import type { PdfText } from '../pdf/pdfjs.ts';
import type { ImprovementItem, Judgement, ReadError } from '../../domain/report.ts';
import type { LayoutResult } from './types.ts';
import { continuesGrade, markerOf, matchLabel, normText, parseGrade, splitGrade } from '../grammar.ts';
import { readInspectionDates } from '../header.ts';
import { bodyFont, bodySize, contentLines, isHeading } from '../sections.ts';
import { headingPattern, listItems } from '../lists.ts';

const words = (s: string) => normText(s).replace(/[^a-z' ]+/g, ' ').split(' ').filter(Boolean);

// ---------------------------------------------------------------- table

/** Every word a grade can be printed with, for telling table lines from prose. */
const GRADE_VOCAB = ['requires', 'require', 'improvement', 'to', 'be', 'good', 'outstanding', 'inadequate', 'adequate', 'not', 'judged'];

interface Piece {
  page: number;
  y: number;
  x: number;
  size: number;
  text: string;
}


export interface TableRow {
  key: JudgementKey;
  grade: Grade;
  page: number;
  text: string;
}

/**
 * Reads a judgement table: the lines from its "Judgement Grade" header down
 * to the first line of prose. Grades are matched to label rows by position,
 * so a grade or label wrapped over two lines, a grade printed above its
 * label and rows in any order all read the same.
 */
export function readJudgementTable(lines: Line[], defs: JudgementDef[]): TableRow[] {
  const vocab = new Set([...defs.flatMap((d) => [d.label, ...d.variants].flatMap(words)), ...GRADE_VOCAB, 'judgement', 'grade']);
  const start = lines.findIndex((l) => /^judgements?\s+grades?$/.test(normText(l.text)) || matchLabel(splitGrade(l.text).label, defs, 0.34) !== null && tableish(l.text, vocab));
  if (start < 0) return [];
  const table: Line[] = [];
  for (let i = start; i < lines.length; i++) {
    const l = lines[i]!;
    if (!tableish(l.text, vocab)) {
      if (table.length > 0 && i - start > 1) break;
      continue;
    }
    table.push(l);
  }
  const labels: Piece[] = [];
  const grades: Piece[] = [];
  for (const l of table) {
    if (/^judgements?\s+grades?$/.test(normText(l.text))) continue;
    for (const seg of l.segments) {
      const { label, grade } = splitGrade(seg.text);
      const piece = { page: l.page, y: l.y, x: seg.x, size: l.size };
      if (label) labels.push({ ...piece, text: label });
      if (grade) grades.push({ ...piece, text: grade });
    }
  }
  const labelRows = clusterRows(labels);
  // A grade wrapped over two lines ("Requires improvement" / "to be good") is one grade.
  const gradeRows = clusterRows(grades, (row, next) => continuesGrade(joinPieces(row), next.text));
  const rows: TableRow[] = [];
  const pairs = pairRows(labelRows, gradeRows);
  for (const [labelRow, gradeRow] of pairs) {
    const label = joinPieces(labelRow);
    const gradeText = joinPieces(gradeRow);
    const grade = parseGrade(gradeText);
    const m = matchLabel(label, defs);
    if (!grade || !m) continue;
    if (rows.some((r) => r.key === m.key)) continue;
    rows.push({ key: m.key, grade, page: labelRow[0]!.page, text: `${label} ${gradeText}` });
  }
  return rows;
}

/** Mostly words of the table's labels and grades. */
function tableish(text: string, vocab: Set<string>): boolean {
  const w = words(text);
  if (w.length === 0) return false;
  const known = w.filter((x) => vocab.has(x)).length;
  return known / w.length >= 0.8;
}

function joinPieces(pieces: Piece[]): string {
  return [...pieces]
    .sort((a, b) => b.y - a.y || a.x - b.x)
    .map((p) => p.text)
    .join(' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Groups pieces into rows: consecutive lines closer than a line and a half. */
function clusterRows(pieces: Piece[], belongs: (row: Piece[], next: Piece) => boolean = () => true): Piece[][] {
  const sorted = [...pieces].sort((a, b) => a.page - b.page || b.y - a.y || a.x - b.x);
  const rows: Piece[][] = [];
  for (const p of sorted) {
    const row = rows[rows.length - 1];
    const last = row?.[row.length - 1];
    if (row && last && last.page === p.page && last.y - p.y <= 1.5 * Math.max(p.size, last.size) && belongs(row, p)) row.push(p);
    else rows.push([p]);
  }
  return rows;
}

const mid = (row: Piece[]) => row.reduce((s, p) => s + p.y, 0) / row.length;

/**
 * Pairs each grade with its label row. With as many grades as rows they
 * pair in order, which holds whether grades sit beside, above or below
 * their labels; otherwise each grade goes to the nearest free row.
 */
function pairRows(labelRows: Piece[][], gradeRows: Piece[][]): [Piece[], Piece[]][] {
  const byY = (a: Piece[], b: Piece[]) => a[0]!.page - b[0]!.page || mid(b) - mid(a);
  const ls = [...labelRows].sort(byY);
  const gs = [...gradeRows].sort(byY);
  if (ls.length === gs.length) return ls.map((l, i) => [l, gs[i]!]);
  const out: [Piece[], Piece[]][] = [];
  const used = new Set<Piece[]>();
  for (const g of gs) {
    let best: Piece[] | null = null;
    let bestD = Infinity;
    for (const l of ls) {
      if (used.has(l) || l[0]!.page !== g[0]!.page) continue;
      const top = Math.max(...l.map((p) => p.y));
      const bottom = Math.min(...l.map((p) => p.y));
      const y = mid(g);
      const d = y > top ? y - top : y < bottom ? bottom - y : 0;
      if (d < bestD) {
        best = l;
        bestD = d;
      }
    }
    if (best) {
      used.add(best);
      out.push([best, g]);
    }
  }
  return out;
}

// ---------------------------------------------------------------- improvements

/** The items under "What needs to improve?" (the headings the table gives the family), across page breaks, up to the next heading. */
export function readImprovements(doc: PdfText, family: Framework[]): ImprovementItem[] {
  const IMPROVE_HEADING = headingPattern(family, 'start');
  const body = bodySize(doc.pages);
  const font = bodyFont(doc.pages);
  const lines = contentLines(doc);
  // The heading is set apart from body text by size or font; the same words in a sentence are not it.
  const styled = (l: Line) => l.size >= body + 1 || l.font !== font;
  // normText is costly and this looks at every line: a line of plain ASCII
  // without "improv" in it cannot be the heading, so it is passed over unnormalised.
  const mayBeHeading = (t: string) => /improv/i.test(t) || /[^\t-~]/.test(t);
  const candidates = lines.filter((l) => l.size >= body - 0.5 && mayBeHeading(l.text) && IMPROVE_HEADING.test(normText(l.text)) && normText(l.text).length < 70);
  const heading = candidates.find(styled) ?? candidates.find((l) => /\?\s*\d?$/.test(l.text.trim()));
  if (!heading) return [];
  const at = lines.indexOf(heading);
  const list: Line[] = [];
  for (let i = at + 1; i < lines.length; i++) {
    const l = lines[i]!;
    const unmarked = markerOf(l.text) === null;
    const nextHeading =
      isHeading(l, body) ||
      (unmarked && heading.font !== font && l.font === heading.font) ||
      (unmarked && l.font !== font && l.x <= heading.x + 2 && l.size >= body - 0.25);
    if (nextHeading) {
      // The heading itself may wrap onto a second line.
      if (list.length === 0 && l.page === heading.page && heading.y - l.y < 2 * l.size && !/\?\s*\d?$/.test(heading.text.trim())) continue;
      break;
    }
    // A lone superscript (the heading's footnote marker) is not part of the list.
    if (list.length === 0 && /^\d{1,2}$/.test(l.text.trim()) && l.size < body) continue;
    list.push(l);
  }
  // ILACS lists always carry bullets or numbers: a paragraph of prose under the heading is not a list.
  return listItems(list, { unmarked: 'none' });
}

// ---------------------------------------------------------------- framework

/**
 * The judgements any ILACS framework prints, one entry per key with every
 * label and variant the table gives it across the family (a renamed label
 * reads as the same judgement).
 */
function familyDefs(family: Framework[]): JudgementDef[] {
  const byKey = new Map<JudgementKey, JudgementDef>();
  for (const fw of family) {
    for (const d of fw.judgements) {
      const had = byKey.get(d.key);
      if (!had) byKey.set(d.key, { ...d, variants: [...d.variants] });
      else for (const v of [d.label, ...d.variants]) if (v !== had.label && !had.variants.includes(v)) had.variants.push(v);
    }
  }
  return [...byKey.values()];
}

/**
 * Which framework of the family a report belongs to: the one whose
 * judgements are exactly what its table prints, and, where the rows fit
 * more than one (or were not all read), the one in force on its start date.
 */
function chooseFramework(family: Framework[], keys: Set<JudgementKey>, start: string | null): Framework {
  const fits = family.filter((f) => [...keys].every((k) => f.judgements.some((j) => j.key === k)));
  const complete = fits.filter((f) => requiredKeys(f).every((k) => keys.has(k)));
  const inForce = start ? frameworkInForce('ILACS', start) : null;
  if (inForce && complete.includes(inForce)) return inForce;
  if (complete.length > 0) {
    // Of several that fit, the newest that had begun by the start date.
    const begun = start ? complete.filter((f) => f.from <= start) : complete;
    return (begun.length > 0 ? begun : complete)[(begun.length > 0 ? begun : complete).length - 1]!;
  }
  return inForce ?? fits[fits.length - 1] ?? family[family.length - 1]!;
}

export function parseIlacs(doc: PdfText): LayoutResult | ReadError {
  const family = familyFrameworks('ILACS');
  const defs = familyDefs(family);
  const dates = readInspectionDates(doc.pages);
  const head = doc.pages.slice(0, 3).flatMap((p) => p.lines);
  const rows = readJudgementTable(head, defs);
  if (rows.length === 0) {
    return { code: 'unsupported_layout', message: 'no judgement table was found on the first pages of this ILACS report' };
  }
  const fw = chooseFramework(family, new Set(rows.map((r) => r.key)), dates.start);
  const wanted = new Set(fw.judgements.map((j) => j.key));
  const judgements: Judgement[] = rows.filter((r) => wanted.has(r.key)).map((r) => ({ key: r.key, grade: r.grade, page: r.page, text: r.text }));
  const improve = fw.improvements?.name ?? 'What needs to improve';
  return {
    framework: fw.id,
    judgements,
    improvements: readImprovements(doc, family),
    lscbImprovements: [],
    looked: {
      judgements: 'the judgement table (a "Judgement" / "Grade" header, or rows of the table\'s labels) on pages 1–3',
      improvements: `a list with bullets or numbers under a "${improve}" heading set apart from body text`,
    },
  };
}
