// Single inspection framework reports (November 2013 to 2018), usually with
// the review of the Local Safeguarding Children Board bound in. Page 1
// states the overall judgement in a sentence and the other judgements in a
// numbered table; the LSCB grade is stated on page 1 or only in the LSCB
// section's headline. The local authority's recommendations (early reports:
// "What does the local authority need to improve?", with "Priority and
// immediate action" and "Areas for improvement" parts) and the LSCB's come
// as numbered lists.
import { FRAMEWORKS, type JudgementDef } from '../../domain/frameworks.ts';
import type { Line } from '../pdf/layout.ts';
import type { PdfText } from '../pdf/pdfjs.ts';
import type { ImprovementItem, Judgement, ReadError } from '../../domain/report.ts';
import type { LayoutResult } from './types.ts';
import { firstGrade, isGradePiece, matchLabel, normText, splitGrade } from '../grammar.ts';
import { findLine, findLineWhere, listHeading, readList } from '../lists.ts';
import { labelKey, readBody, readTable, type Body } from './sif-common.ts';

const ROW_NUMBER = /^\d(\.\d)?\.?\s+\S/;
const FIRST_ROW = /^1\.?\s+children who need help/;

/** Sentences that state the overall judgement, as SIF reports have worded it. */
const OVERALL_OPENER = /^(the overall judgement|overall judgement|children['’]s services\b|overall effectiveness)\b/;

/**
 * A sentence stating a board's grade: "The <board> is <grade>", the verb
 * left out before "requires improvement". Which words name the board is
 * not spelt out here: the subject is matched against the LSCB judgement's
 * labels in the frameworks table, so a named board ("Wakefield Safeguarding
 * Children Board"), an abbreviation ("The WSCB (LSCB)") or a headline that
 * lost a word ("The Local Safeguarding Children is inadequate") all read.
 */
const BOARD_SENTENCE = /^the (.{2,100}?)(?: \([a-z&]+\))?(?: is| are)? (?:that it (?:is )?)?(?=(?:outstanding|good|inadequate|requires? improvement|not judged)\b)/;

const LSCB_DEFS = FRAMEWORKS.LSCB.judgements;

/** Whether a sentence's subject names the safeguarding board. */
function namesBoard(subject: string): boolean {
  if (/^(?:effectiveness of (?:the )?)?[a-z]{0,4}scb$/.test(subject)) return true;
  return /safeguarding/.test(subject) && matchLabel(subject, LSCB_DEFS) !== null;
}

export function parseSif(doc: PdfText): LayoutResult | ReadError {
  const sif = FRAMEWORKS.SIF;
  const tableDefs = sif.judgements.filter((d) => d.key !== 'overall' && d.key !== 'lscb');
  const judgements: Judgement[] = [];

  const table = findTable(doc, tableDefs);
  if (!table) return { code: 'unsupported_layout', message: 'no judgement table ("1. Children who need help and protection") was found on the first pages of this SIF report' };
  // An overall sentence the reader cannot read leaves the report partly read (the completeness check names the missing judgement), not refused.
  const overall = readOverall(doc, table.page);
  if (overall) judgements.push(overall);
  for (const chunk of table.chunks) {
    for (const r of readTable(chunk, tableDefs, (label) => ROW_NUMBER.test(label) || isKnownLabel(label, tableDefs))) {
      if (!judgements.some((j) => j.key === r.key)) judgements.push({ key: r.key, grade: r.grade, page: r.page, text: r.text });
    }
  }

  const body = readBody(doc);
  const withReview = hasLscbReview(doc);
  const lscbStart = withReview ? findLscbSection(body) : -1;
  if (withReview) {
    const lscb = readLscbGrade(doc, body);
    if (lscb) judgements.push(lscb);
  }
  const order = sif.judgements.map((d) => d.key);
  judgements.sort((a, b) => order.indexOf(a.key) - order.indexOf(b.key));

  const improvements = readLaRecommendations(body, lscbStart);
  const lscbImprovements = withReview && lscbStart >= 0 ? readLscbRecommendations(body, lscbStart) : [];
  return {
    framework: 'SIF',
    judgements,
    improvements,
    lscbImprovements,
    looked: {
      judgements: 'the overall judgement sentence and the numbered judgement table on pages 1–3, and the LSCB grade in a sentence on page 1 or the LSCB section\'s headline',
      improvements: 'numbered lists under "Recommendations" or "What does the local authority need to improve?", and under the LSCB section\'s "Recommendations"',
    },
  };
}

function isKnownLabel(label: string, defs: JudgementDef[]): boolean {
  const t = normText(label);
  return defs.some((d) => [d.label, ...d.variants].some((v) => t.startsWith(normText(v).split(' ').slice(0, 3).join(' '))));
}

/**
 * The judgement table: the page it starts on, and its lines from just above
 * the first row to just below the last, page by page (a table can run over
 * onto the next page).
 */
function findTable(doc: PdfText, defs: JudgementDef[]): { page: number; chunks: Line[][] } | null {
  for (const p of doc.pages.slice(0, 3)) {
    if (!p.lines.some((l) => FIRST_ROW.test(normText(l.text)))) continue;
    // The topmost numbered row that names a judgement (rows may come in any order).
    const first = p.lines.find((l) => ROW_NUMBER.test(normText(l.text)) && labelKey(splitGrade(l.segments[0]!.text).label.replace(/^\d(\.\d)?\.?\s+/, ''), defs) !== null);
    if (!first) continue;
    const chunks = [tableLines(p.lines, first)];
    // Rows continued at the top of the next page.
    const next = doc.pages[p.number];
    const cont = next?.lines.find((l) => Math.abs(l.size - first.size) <= 1 && !isGradePiece(l.text));
    if (next && cont && ROW_NUMBER.test(normText(cont.text))) chunks.push(tableLines(next.lines, cont));
    return { page: p.number, chunks };
  }
  return null;
}

/** A table's lines on one page, from its first row `first` down to below the last numbered row. */
function tableLines(lines: Line[], first: Line): Line[] {
  const size = first.size;
  let lastRowY = first.y;
  for (const l of lines) {
    if (l.y >= first.y || Math.abs(l.size - size) > 1 || !ROW_NUMBER.test(normText(l.text))) continue;
    if (lastRowY - l.y > 5 * size) break;
    lastRowY = l.y;
  }
  const top = first.y + 2 * size;
  const bottom = lastRowY - 2 * size;
  return lines.filter((l) => {
    if (l.y > top || l.y < bottom || Math.abs(l.size - size) > 1) return false;
    // Above the first row only a grade printed over its label belongs to the table.
    if (l.y > first.y + 1) return l.segments.every((seg) => isGradePiece(seg.text));
    return true;
  });
}

/** The overall judgement sentence on the table's page (or page 1). */
function readOverall(doc: PdfText, tablePage: number): Judgement | null {
  const pages = [...new Set([tablePage, 1])];
  for (const n of pages) {
    const page = doc.pages[n - 1];
    if (!page) continue;
    const body = page.lines.filter((l) => l.size >= 9.5);
    for (let i = 0; i < body.length; i++) {
      if (!OVERALL_OPENER.test(normText(body[i]!.text))) continue;
      const parts: string[] = [];
      for (let k = i; k < Math.min(body.length, i + 4); k++) {
        if (k > i && ROW_NUMBER.test(normText(body[k]!.text))) break;
        // The sentence goes on in its own type size; a line in another (the table's grade cell below it) is not part of it.
        if (k > i && Math.abs(body[k]!.size - body[i]!.size) > 0.5) break;
        parts.push(body[k]!.text);
        const found = firstGrade(parts.join(' '));
        // The grade must be the sentence's own: one after a full stop belongs to the next sentence ("… services [a wording not known]. The authority is not yet delivering good help").
        if (found && /[.!?]\s+\S/.test(found.upTo)) break;
        if (found) return { key: 'overall', grade: found.grade, page: n, text: found.upTo };
      }
    }
  }
  return null;
}

/**
 * Whether the LSCB review is part of this report: page 1's title names it,
 * or it is bound in behind the local authority's report with its own title.
 * Re-inspections and some local-authority-only reports have none.
 */
function hasLscbReview(doc: PdfText): boolean {
  const p1 = (doc.pages[0]?.lines ?? []).slice(0, 14).map((l) => l.text).join(' ');
  if (/review of the effectiveness of the local safeguarding/.test(normText(p1).replace(/\s\d\s/g, ' '))) return true;
  for (const p of doc.pages.slice(1)) {
    const lines = p.lines.slice(0, 6);
    for (let i = 0; i < lines.length; i++) {
      if (lines[i]!.size < 13.5) continue;
      const two = normText(`${lines[i]!.text} ${lines[i + 1]?.text ?? ''}`);
      if (/^(review|inspection) of the effectiveness of the local safeguarding children/.test(two)) return true;
    }
  }
  return false;
}

/**
 * The LSCB grade: the sentence on page 1, else the LSCB section's headline
 * (set larger than body text, or in body size on a line of its own).
 */
export function readLscbGrade(doc: PdfText, body: Body): Judgement | null {
  const p1 = doc.pages[0]?.lines.filter((l) => l.size >= 9.5) ?? [];
  return (
    gradeSentence(p1, () => true) ??
    gradeSentence(body.lines, (l) => l.size >= body.size + 1) ??
    gradeSentence(body.lines, (l) => l.size >= body.size - 0.5)
  );
}

function gradeSentence(lines: Line[], ok: (l: Line) => boolean): Judgement | null {
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i]!;
    if (!ok(l) || !/^the\b/i.test(l.text.trim()) || !/(safeguarding|scb\b)/i.test(l.text)) continue;
    const parts: string[] = [];
    for (let k = i; k < Math.min(lines.length, i + 3); k++) {
      // The next line starting a sentence of its own is read on its own (a heading above a headline).
      if (k > i && (lines[k]!.page !== l.page || /^the\b.*(safeguarding|scb\b)/i.test(lines[k]!.text.trim()))) break;
      parts.push(lines[k]!.text);
      const joined = parts.join(' ').replace(/\s+/g, ' ').trim();
      const m = BOARD_SENTENCE.exec(normText(joined));
      if (!m || !namesBoard(m[1]!)) continue;
      const head = joined.slice(0, m[0].length - 1);
      const tail = joined.slice(m[0].length - 1);
      const found = firstGrade(tail);
      if (!found) continue;
      const text = `${head} ${found.upTo}`;
      // A headline ends with its grade; prose that runs on ("is good at …") is not one.
      const rest = tail.trimStart().slice(found.upTo.length);
      if (/^\s*to( be)?\s*$/i.test(rest)) continue; // "requires improvement to" / "be good"
      // "The LSCB is inadequate because:" heads the list of reasons: still a headline.
      if (!/^[\s.,;:]*$/.test(rest) && !/^\s*because\s*:\s*$/i.test(rest)) break;
      return { key: 'lscb', grade: found.grade, page: l.page, text };
    }
  }
  return null;
}

const LSCB_HEADING = /(local safeguarding children board|\blscb\b)/;

/**
 * Where the LSCB part of the report begins: its first heading after page 1
 * naming the board (contents lines end in page numbers). Most reports set
 * it larger than body text; some set it in the body size in bold, which is
 * looked for only when no larger heading names the board.
 */
function findLscbSection(body: Body): number {
  const { lines, size, font } = body;
  const contents = new Set(lines.filter((l) => /^contents$/i.test(l.text.trim())).map((l) => l.page));
  const larger = (l: Line) => l.size >= size + 1.5;
  const bold = (l: Line) => Math.abs(l.size - size) < 0.5 && l.font !== font && l.text.trim().length < 90 && !/[.,;]$/.test(l.text.trim());
  for (const isHeading of [larger, bold]) {
    for (let i = 0; i < lines.length; i++) {
      const l = lines[i]!;
      if (l.page === 1 || contents.has(l.page) || !isHeading(l)) continue;
      const next = lines[i + 1];
      const both = next && next.page === l.page && Math.abs(next.size - l.size) < 0.5 && next.font === l.font ? `${l.text} ${next.text}` : l.text;
      const t = normText(both);
      if (!LSCB_HEADING.test(t) || /\s\d{1,3}$/.test(normText(l.text)) || /judge?ments mean/.test(t) || /^inspection findings/.test(t)) continue;
      return i;
    }
  }
  return -1;
}

const LSCB_LIST_STOP = /^(inspection findings|information about this|what the inspection judge?ments mean|the lscb['’]s strengths|key strengths)/;

function readLaRecommendations(body: Body, lscbStart: number): ImprovementItem[] {
  const to = lscbStart >= 0 ? lscbStart : body.lines.length;
  // The first heading with items under it: a contents page may print the heading without its page number.
  const heading = listHeading(body, [FRAMEWORKS.SIF]);
  for (let at = findLineWhere(body.lines, heading, 0, to); at >= 0; at = findLineWhere(body.lines, heading, at + 1, to)) {
    const { items } = readList(body, at + 1, 'any');
    if (items.length > 0) return items;
  }
  // Some early reports print the list's parts without the heading above them.
  const part = findLine(body.lines, /^(priority and immediate action|areas for improvement):?$/, 0, to);
  return part < 0 ? [] : readList(body, part, 'any').items;
}

function readLscbRecommendations(body: Body, start: number): ImprovementItem[] {
  const heading = listHeading(body, [FRAMEWORKS.LSCB]);
  for (let i = start; i < body.lines.length; i++) {
    const t = normText(body.lines[i]!.text);
    if (LSCB_LIST_STOP.test(t) && i > start) break;
    if (!heading(body.lines[i]!)) continue;
    const { items } = readList(body, i + 1, 'any');
    if (items.length > 0) return items;
  }
  return [];
}
