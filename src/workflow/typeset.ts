// The report typesetter: an inspection's judgements, findings and
// improvement items laid out as Ofsted prints an ILACS report (title,
// dates, lead inspector, the judgement table, the headline findings, "What
// needs to improve?", a section per judgement area, a running foot with
// the page number). pdf-lib with the standard Helvetica fonts (no font file
// to ship). Grades and labels come from the frameworks table, never typed.
//
// Accessibility, as far as pdf-lib allows: real text (not outlines), the
// document title shown in the title bar, the language (en-GB), author and
// subject. pdf-lib cannot write a structure tree or marked content, so the
// PDF is NOT tagged (no headings or list structure for screen readers,
// reading order is the content order only).
import { PDFDocument, PDFName, PDFBool, StandardFonts, type PDFFont, type PDFPage } from 'pdf-lib';
import { markerOf } from '../reader/grammar.ts';
import { FRAMEWORKS, gradeLabel, type FrameworkId, type Grade, type JudgementKey } from '../domain/frameworks.ts';

export interface ReportSource {
  framework: FrameworkId;
  /** The council's name as it is printed in the title ("Dorset"). */
  authorityName: string;
  start: string;
  end: string;
  /** The lead inspector's name (printed "<name>, His Majesty’s Inspector"). */
  leadInspector: string;
  judgements: { key: JudgementKey; grade: Grade }[];
  /** The headline findings, paragraph by paragraph. */
  headline: string[];
  improvements: string[];
  /** Each judgement area's section text, paragraph by paragraph (numbered through the report as Ofsted numbers them), printed in the order of the framework's sections. */
  sections: Partial<Record<JudgementKey, string[]>>;
}

export class TypesetError extends Error {}

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const day = (iso: string): { d: number; m: string; y: number } => ({ d: Number(iso.slice(8, 10)), m: MONTHS[Number(iso.slice(5, 7)) - 1]!, y: Number(iso.slice(0, 4)) });

/** "17 March to 21 March 2025", as page 1 prints the dates. */
export function printedDates(start: string, end: string): string {
  const a = day(start);
  const b = day(end);
  return a.y === b.y ? `${a.d} ${a.m} to ${b.d} ${b.m} ${b.y}` : `${a.d} ${a.m} ${a.y} to ${b.d} ${b.m} ${b.y}`;
}

/** "17 to 21 March 2025", as the running foot prints them. */
function footDates(start: string, end: string): string {
  const a = day(start);
  const b = day(end);
  if (a.y !== b.y) return printedDates(start, end);
  return a.m === b.m ? `${a.d} to ${b.d} ${b.m} ${b.y}` : printedDates(start, end);
}

export function reportTitle(authorityName: string): string {
  return `Inspection of ${authorityName} local authority children’s services`;
}

const WIDTH = 595.28;
const HEIGHT = 841.89;
const LEFT = 71;
const RIGHT = 524;
const TOP = 770;
const BOTTOM = 80;
const BODY = 12;
const LEADING = 14.5;
const GRADE_X = 303;

interface Fonts {
  regular: PDFFont;
  bold: PDFFont;
}

let probe: Promise<PDFFont> | null = null;

/** The characters of `text` the report's font cannot print (none: an empty list), for forms to refuse before the typesetter would. */
export async function unprintableIn(text: string): Promise<string[]> {
  probe ??= PDFDocument.create().then((d) => d.embedFont(StandardFonts.Helvetica));
  return unprintable(await probe, text);
}

/** How a character is named in a message: itself and its code point. */
export function describeChar(c: string): string {
  return `"${c}" U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
}

/** Characters the standard fonts cannot print, with where they are: the typesetter refuses these rather than drop them. */
export function unprintable(font: PDFFont, text: string): string[] {
  const bad = new Set<string>();
  for (const c of text) {
    if (/\s/.test(c)) continue; // line breaks and spaces are where lines wrap, never printed
    try {
      font.encodeText(c);
      if (font.widthOfTextAtSize(c, 12) === 0 && c.trim()) bad.add(c);
    } catch {
      bad.add(c);
    }
  }
  return [...bad];
}

/**
 * Whether a line may break before word `i`: never after a suspended hyphen
 * ("16- and", which the reader would join), nor where the next line would
 * start with what the reader takes for a list marker (a dash, "3.", "(a)").
 */
function mayBreakBefore(words: string[], i: number): boolean {
  if (words[i - 1]!.endsWith('-')) return false;
  return markerOf(`${words[i]} ${words[i + 1] ?? 'x'}`) === null;
}

/** Breaks text into lines no wider than `width`, at spaces only (a word is never split, so the reader joins the lines back with a space). */
function wrap(text: string, font: PDFFont, size: number, width: number): string[] {
  const words = text.split(/\s+/).filter(Boolean);
  for (const w of words) if (font.widthOfTextAtSize(w, size) > width) throw new TypesetError(`the word "${w.length > 40 ? `${w.slice(0, 40)}…` : w}" is too long to fit on a line of the report: break it up`);
  const lines: string[] = [];
  const space = font.widthOfTextAtSize(' ', size);
  let from = 0;
  while (from < words.length) {
    // Widths add up glyph by glyph (the standard fonts are set without kerning), so a line's width grows word by word.
    let to = from + 1;
    let w = font.widthOfTextAtSize(words[from]!, size);
    while (to < words.length && (w += space + font.widthOfTextAtSize(words[to]!, size)) <= width) to++;
    if (to < words.length) {
      // Step back to the last place a break is allowed; if there is none on this line, break where it overflows.
      let b = to;
      while (b > from + 1 && !mayBreakBefore(words, b)) b--;
      if (b > from + 1 || mayBreakBefore(words, b)) to = b;
    }
    lines.push(words.slice(from, to).join(' '));
    from = to;
  }
  return lines;
}

class Flow {
  readonly pages: PDFPage[] = [];
  page!: PDFPage;
  y = TOP;
  private readonly pdf: PDFDocument;
  readonly fonts: Fonts;
  constructor(pdf: PDFDocument, fonts: Fonts) {
    this.pdf = pdf;
    this.fonts = fonts;
    this.newPage();
  }
  newPage(): void {
    this.page = this.pdf.addPage([WIDTH, HEIGHT]);
    this.pages.push(this.page);
    this.y = TOP;
  }
  need(height: number): void {
    if (this.y - height < BOTTOM) this.newPage();
  }
  text(s: string, x: number, size: number, bold = false): void {
    this.page.drawText(s, { x, y: this.y, size, font: bold ? this.fonts.bold : this.fonts.regular });
  }
  /** A paragraph, wrapped; `marker` (a bullet or a number) hangs in the margin before its first line. */
  paragraph(s: string, opts: { size?: number; bold?: boolean; marker?: string; indent?: number; after?: number } = {}): void {
    const size = opts.size ?? BODY;
    const indent = opts.indent ?? 0;
    const font = opts.bold ? this.fonts.bold : this.fonts.regular;
    const lines = wrap(s, font, size, RIGHT - LEFT - indent);
    const leading = size * 1.21;
    // A heading keeps its first body lines with it; a paragraph's first two lines stay together.
    this.need(Math.min(lines.length, 2) * leading + (opts.bold ? 3 * LEADING : 0));
    lines.forEach((l, i) => {
      this.need(leading);
      if (i === 0 && opts.marker) this.text(opts.marker, LEFT, size);
      this.text(l, LEFT + indent, size, opts.bold);
      this.y -= leading;
    });
    this.y -= opts.after ?? 12;
  }
}

/** Typesets the report; throws TypesetError (with words a person can act on) when the text cannot be printed faithfully. */
export async function typesetReport(src: ReportSource): Promise<Uint8Array> {
  const fw = FRAMEWORKS[src.framework];
  if (!fw) throw new TypesetError(`ilacs cannot typeset a report under ${src.framework}.`);
  const pdf = await PDFDocument.create({ updateMetadata: false });
  const fonts: Fonts = { regular: await pdf.embedFont(StandardFonts.Helvetica), bold: await pdf.embedFont(StandardFonts.HelveticaBold) };
  const title = reportTitle(src.authorityName);
  const texts: [string, string][] = [
    ['the council’s name', src.authorityName],
    ['the lead inspector’s name', src.leadInspector],
    ...src.headline.map((p, i): [string, string] => [`headline findings paragraph ${i + 1}`, p]),
    ...src.improvements.map((p, i): [string, string] => [`improvement item ${i + 1}`, p]),
    ...Object.entries(src.sections).flatMap(([k, ps]) => (ps ?? []).map((p, i): [string, string] => [`the section on ${k}, paragraph ${i + 1}`, p])),
  ];
  for (const [what, t] of texts) {
    const bad = unprintable(fonts.regular, t);
    if (bad.length) throw new TypesetError(`${what} holds characters the report’s font cannot print (${bad.map(describeChar).join(', ')}): replace them.`);
  }

  const flow = new Flow(pdf, fonts);
  // Title, 26 pt, wrapped as Ofsted wraps it.
  flow.y = 686;
  for (const l of wrap(title, fonts.regular, 26, RIGHT - LEFT)) {
    flow.text(l, LEFT, 26);
    flow.y -= 31;
  }
  flow.text(`Inspection dates: ${printedDates(src.start, src.end)}`, LEFT, BODY);
  flow.y -= 27;
  flow.text(`Lead inspector: ${src.leadInspector}, His Majesty’s Inspector`, LEFT, BODY);
  flow.y -= 39;

  // The judgement table, in the framework's order.
  flow.text('Judgement', 77, BODY, true);
  flow.page.drawText('Grade', { x: GRADE_X, y: flow.y, size: BODY, font: fonts.bold });
  flow.y -= 33;
  const byKey = new Map(src.judgements.map((j) => [j.key, j.grade]));
  for (const def of fw.judgements) {
    const g = byKey.get(def.key);
    if (!g) continue;
    const label = wrap(def.label, fonts.regular, BODY, GRADE_X - 77 - 12);
    const grade = wrap(gradeLabel(g, fw.id), fonts.regular, BODY, RIGHT - GRADE_X);
    const top = flow.y;
    grade.forEach((l, i) => flow.page.drawText(l, { x: GRADE_X, y: top - i * LEADING, size: BODY, font: fonts.regular }));
    label.forEach((l, i) => flow.page.drawText(l, { x: 77, y: top - i * LEADING, size: BODY, font: fonts.regular }));
    flow.y = top - Math.max(label.length, grade.length) * LEADING - 13;
  }
  flow.y -= 10;
  for (const p of src.headline) flow.paragraph(p);

  if (fw.improvements) {
    flow.paragraph('What needs to improve?', { size: 14, bold: true, after: 8 });
    for (const item of src.improvements) flow.paragraph(item, { marker: '•', indent: 18, after: 8 });
    flow.y -= 10;
  }

  let n = 1;
  const order = fw.sections ? fw.sections.flatMap((s) => fw.judgements.filter((j) => j.key === s.key)) : fw.judgements;
  for (const def of order) {
    const g = byKey.get(def.key);
    const paras = src.sections[def.key];
    if (!g || !paras?.length) continue;
    flow.paragraph(`${def.label}: ${gradeLabel(g, fw.id).toLowerCase()}`, { size: 14, bold: true, after: 10 });
    for (const p of paras) flow.paragraph(p, { marker: `${n++}.`, indent: 28 });
  }

  // Running foot on every page but the first: the title, the dates and the page number.
  const foot = footDates(src.start, src.end);
  flow.pages.forEach((page, i) => {
    if (i === 0) return;
    page.drawText(title, { x: LEFT, y: 40, size: 8, font: fonts.regular });
    page.drawText(foot, { x: LEFT, y: 30, size: 8, font: fonts.regular });
    const num = String(i + 1);
    page.drawText(num, { x: RIGHT - fonts.regular.widthOfTextAtSize(num, 20), y: 34, size: 20, font: fonts.regular });
  });

  pdf.setTitle(title, { showInWindowTitleBar: true });
  pdf.setLanguage('en-GB');
  pdf.setAuthor('Ofsted');
  pdf.setSubject(`${fw.name}: ${src.authorityName}, ${printedDates(src.start, src.end)}`);
  pdf.setCreator('ilacs');
  pdf.setProducer('ilacs (pdf-lib)');
  const stamp = new Date(`${src.end}T00:00:00Z`);
  pdf.setCreationDate(stamp);
  pdf.setModificationDate(stamp);
  // Marked as not tagged, honestly: readers should not expect a structure tree.
  pdf.catalog.set(PDFName.of('MarkInfo'), pdf.context.obj({ Marked: PDFBool.False }));
  return pdf.save({ useObjectStreams: false });
}
