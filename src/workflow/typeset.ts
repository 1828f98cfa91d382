// The report typesetter: an inspection's judgements, findings and
// improvement items laid out as Ofsted prints an ILACS report (title,
// dates, lead inspector, the judgement table, the headline findings, "What
// needs to improve?", a section per judgement area with its paragraphs
// numbered through the report, and from page 2 a running foot with the
// title, the dates and the page number). Grades and labels come from the
// frameworks table, never typed.
//
// The report is written as semantic HTML (lang="en-GB", <title>, <h1> and
// <h2> headings, a <table> with column and row headers, <ul> and <ol>
// lists) in the typeface shipped with ilacs (Liberation Sans, embedded in
// the page), and printed by Chromium (chromium.ts) to a tagged PDF: a
// structure tree with headings, table and lists in reading order, the
// language, the title shown in the title bar, real text. The running foot
// is drawn in the page margin (CSS page-margin boxes), outside the
// structure tree.
//
// Lines break at spaces only, as ilacs's reader joins lines back with a
// space: each word is kept whole (never broken at a hyphen), a suspended
// hyphen ("16- and") stays with the next word, and no line starts with
// what the reader would take for a list marker (a dash, "3.", "(a)").
import { decodePDFRawStream, PDFDocument, PDFName, PDFRawStream, PDFRef } from 'pdf-lib';
import { markerOf } from '../reader/grammar.ts';
import { FRAMEWORKS, gradeLabel, type FrameworkId, type Grade, type JudgementKey } from '../domain/frameworks.ts';
import { sharedPrinter, type PdfPrinter } from './chromium.ts';
import { describeChar, reportFonts, textWidth, unprintable } from './report-font.ts';

export { describeChar, unprintable } from './report-font.ts';

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

/** The characters of `text` the report's font cannot print (none: an empty list), for forms to refuse before the typesetter would. */
export async function unprintableIn(text: string): Promise<string[]> {
  return unprintable(text);
}

/**
 * Marks the running foot as pagination artifacts. Chromium tags everything
 * in the page's structure tree but draws what is in the page margins (the
 * running foot and page number) untagged; accessible PDFs mark such
 * content as an Artifact, so screen readers skip it. Chromium (Skia) writes
 * one operator a line, and the margin's text objects (BT ... ET) are the
 * only text outside any marked content: each is wrapped in /Artifact.
 */
function markFurnitureAsArtifacts(pdf: PDFDocument): void {
  for (const page of pdf.getPages()) {
    const ref = page.node.get(PDFName.of('Contents'));
    const stream = ref instanceof PDFRef ? pdf.context.lookup(ref) : null;
    if (!(stream instanceof PDFRawStream)) continue;
    const lines = Buffer.from(decodePDFRawStream(stream).decode()).toString('latin1').split('\n');
    const out: string[] = [];
    let depth = 0;
    let wrapping = false;
    for (const line of lines) {
      if (/(?:BDC|BMC)$/.test(line)) depth++;
      else if (line === 'EMC') depth--;
      if (depth === 0 && line === 'BT') {
        out.push('/Artifact <</Type /Pagination /Subtype /Footer>> BDC');
        wrapping = true;
      }
      out.push(line);
      if (wrapping && line === 'ET') {
        out.push('EMC');
        wrapping = false;
      }
    }
    if (wrapping || depth !== 0) continue; // not the shape expected: left as Chromium wrote it
    const replaced = pdf.context.flateStream(out.join('\n'));
    pdf.context.assign(ref as PDFRef, replaced);
  }
}

// The page, in points: A4 with Ofsted's margins.
const MARGIN_X = 71;
const CONTENT = 595.28 - 2 * MARGIN_X;
const BODY = 12;
/** How far list text is indented past its marker. */
const NUMBER_INDENT = 28;
const BULLET_INDENT = 18;

/**
 * Whether a line may break before word `i`: never after a suspended hyphen
 * ("16- and", which the reader would join), nor where the next line would
 * start with what the reader takes for a list marker (a dash, "3.", "(a)").
 */
function mayBreakBefore(words: string[], i: number): boolean {
  if (words[i - 1]!.endsWith('-')) return false;
  return markerOf(`${words[i]} ${words[i + 1] ?? 'x'}`) === null;
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
const esc = (s: string): string => s.replace(/[&<>"']/g, (c) => ESCAPES[c]!);

/** A string as a CSS string literal, safe inside <style>. */
const cssString = (s: string): string => `"${s.replace(/[\\"<>\n\r]/g, (c) => `\\${c.codePointAt(0)!.toString(16)} `)}"`;

/**
 * Text as HTML whose lines can break only where ilacs's reader reads a
 * space: the words are grouped (a group is never broken) and each group is
 * kept on one line. A group wider than `width` points is split back into
 * its words; a word wider than that cannot be printed faithfully.
 */
function flowing(text: string, width: number, size = BODY, bold = false): string {
  const words = text.split(/\s+/).filter(Boolean);
  const groups: string[][] = [];
  words.forEach((w, i) => {
    if (i > 0 && !mayBreakBefore(words, i)) groups[groups.length - 1]!.push(w);
    else groups.push([w]);
  });
  const out: string[] = [];
  for (const g of groups) {
    const joined = g.join(' ');
    if (textWidth(joined, size, bold) <= width) {
      out.push(joined);
      continue;
    }
    for (const w of g) {
      if (textWidth(w, size, bold) > width) throw new TypesetError(`the word "${w.length > 40 ? `${w.slice(0, 40)}…` : w}" is too long to fit on a line of the report: break it up`);
      out.push(w);
    }
  }
  // Only a group that Chromium could break inside (spaces, hyphens, dashes, slashes and the like) needs keeping together: plain words cannot break.
  return out.map((g) => (UNBREAKABLE.test(g) ? esc(g) : `<span class="w">${esc(g)}</span>`)).join(' ');
}

/** Text with no place a line may break inside it: letters, digits, marks, quotes, an opening bracket first, closing brackets and the punctuation that sits after a word. */
const UNBREAKABLE = /^\(?[\p{L}\p{N}\p{M}'’‘"“”).,;:]+$/u;

function css(title: string, foot: string): string {
  const f = reportFonts();
  return `
@font-face { font-family: "Report Sans"; font-weight: 400; font-style: normal; src: url(data:font/ttf;base64,${f.regularBytes.toString('base64')}) format("truetype"); }
@font-face { font-family: "Report Sans"; font-weight: 700; font-style: normal; src: url(data:font/ttf;base64,${f.boldBytes.toString('base64')}) format("truetype"); }
@page {
  size: A4;
  margin: 72pt ${MARGIN_X}pt 80pt ${MARGIN_X}pt;
  @bottom-left { content: ${cssString(`${title}\n${foot}`)}; white-space: pre; font: 700 8pt/1.25 "Report Sans"; vertical-align: bottom; padding-bottom: 28pt; }
  @bottom-right { content: counter(page); font: 400 20pt/1 "Report Sans"; vertical-align: bottom; padding-bottom: 28pt; }
}
@page :first { @bottom-left { content: none; } @bottom-right { content: none; } }
html { font-family: "Report Sans"; font-size: ${BODY}pt; line-height: 1.21; color: #000; font-kerning: normal; }
body { margin: 0; }
.w { white-space: nowrap; }
h1 { font-size: 26pt; font-weight: 400; line-height: 1.19; margin: 64pt 0 18pt; }
h2 { font-size: 14pt; font-weight: 700; line-height: 1.21; margin: 18pt 0 8pt; break-after: avoid; }
p { margin: 0 0 12pt; orphans: 2; widows: 2; }
.facts p { margin-bottom: 12pt; }
.facts b { font-weight: 700; }
table { width: 100%; border-collapse: collapse; margin: 15pt 0 22pt; break-inside: avoid; }
th, td { border: 0.75pt solid #000; padding: 5pt 6pt 7pt; text-align: left; vertical-align: top; width: 50%; }
thead th { font-weight: 700; }
tbody th { font-weight: 400; }
ul.improve { list-style-type: "\\2022"; margin: 0 0 18pt; padding-left: ${BULLET_INDENT}pt; }
ul.improve li { padding-left: 8pt; margin-bottom: 8pt; }
ol.paras { margin: 0; padding-left: ${NUMBER_INDENT}pt; }
ol.paras li { padding-left: 4pt; }
ol.paras li p { margin: 0 0 12pt; }
`;
}

/** The report as the HTML page Chromium prints; throws TypesetError when the text cannot be printed faithfully. */
export function reportHtml(src: ReportSource): string {
  const fw = FRAMEWORKS[src.framework];
  if (!fw) throw new TypesetError(`ilacs cannot typeset a report under ${src.framework}.`);
  const title = reportTitle(src.authorityName);
  const texts: [string, string][] = [
    ['the council’s name', src.authorityName],
    ['the lead inspector’s name', src.leadInspector],
    ...src.headline.map((p, i): [string, string] => [`headline findings paragraph ${i + 1}`, p]),
    ...src.improvements.map((p, i): [string, string] => [`improvement item ${i + 1}`, p]),
    ...Object.entries(src.sections).flatMap(([k, ps]) => (ps ?? []).map((p, i): [string, string] => [`the section on ${k}, paragraph ${i + 1}`, p])),
  ];
  for (const [what, t] of texts) {
    const bad = unprintable(t);
    if (bad.length) throw new TypesetError(`${what} holds characters the report’s font cannot print (${bad.map(describeChar).join(', ')}): replace them.`);
  }

  const byKey = new Map(src.judgements.map((j) => [j.key, j.grade]));
  const body: string[] = [];
  body.push(`<h1>${flowing(title, CONTENT, 26)}</h1>`);
  body.push('<div class="facts">');
  body.push(`<p><b>Inspection dates:</b> ${esc(printedDates(src.start, src.end))}</p>`);
  body.push(`<p><b>Lead inspector:</b> ${flowing(`${src.leadInspector}, His Majesty’s Inspector`, CONTENT - textWidth('Lead inspector: ', BODY, true))}</p>`);
  body.push('</div>');

  // The judgement table, in the framework's order: each row's label is its header.
  const rows = fw.judgements.flatMap((def) => {
    const g = byKey.get(def.key);
    return g ? [`<tr><th scope="row">${esc(def.label)}</th><td>${esc(gradeLabel(g, fw.id))}</td></tr>`] : [];
  });
  body.push(`<table><thead><tr><th scope="col">Judgement</th><th scope="col">Grade</th></tr></thead><tbody>${rows.join('')}</tbody></table>`);

  for (const p of src.headline) body.push(`<p>${flowing(p, CONTENT)}</p>`);

  if (fw.improvements) {
    body.push('<h2>What needs to improve?</h2>');
    if (src.improvements.length) body.push(`<ul class="improve">${src.improvements.map((item) => `<li>${flowing(item, CONTENT - BULLET_INDENT - 8)}</li>`).join('')}</ul>`);
  }

  let n = 1;
  const order = fw.sections ? fw.sections.flatMap((s) => fw.judgements.filter((j) => j.key === s.key)) : fw.judgements;
  for (const def of order) {
    const g = byKey.get(def.key);
    const paras = src.sections[def.key];
    if (!g || !paras?.length) continue;
    body.push(`<h2>${flowing(`${def.label}: ${gradeLabel(g, fw.id).toLowerCase()}`, CONTENT, 14, true)}</h2>`);
    body.push(`<ol class="paras" start="${n}">${paras.map((p) => `<li><p>${flowing(p, CONTENT - NUMBER_INDENT - 4)}</p></li>`).join('')}</ol>`);
    n += paras.length;
  }

  return `<!DOCTYPE html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<title>${esc(title)}</title>
<meta name="author" content="ilacs">
<meta name="description" content="${esc(`${fw.name}: ${src.authorityName}, ${printedDates(src.start, src.end)}`)}">
<style>${css(title, footDates(src.start, src.end))}</style>
</head>
<body>
${body.join('\n')}
</body>
</html>`;
}

/**
 * Typesets the report to a tagged PDF; throws TypesetError (with words a
 * person can act on) when the text cannot be printed faithfully, and
 * PrinterUnavailableError when Chromium cannot be found or started.
 */
export async function typesetReport(src: ReportSource, printer: PdfPrinter = sharedPrinter()): Promise<Uint8Array> {
  const html = reportHtml(src);
  const fw = FRAMEWORKS[src.framework];
  const printed = await printer.print(html);
  // The document information Chromium does not write, and dates fixed to the
  // inspection's, so the same report typesets to the same bytes.
  const pdf = await PDFDocument.load(printed, { updateMetadata: false });
  pdf.setTitle(reportTitle(src.authorityName), { showInWindowTitleBar: true });
  pdf.setLanguage('en-GB');
  pdf.setSubject(`${fw.name}: ${src.authorityName}, ${printedDates(src.start, src.end)}`);
  pdf.setCreator('ilacs');
  pdf.setProducer(`ilacs (Chromium, Skia/PDF)`);
  const stamp = new Date(`${src.end}T00:00:00Z`);
  pdf.setCreationDate(stamp);
  pdf.setModificationDate(stamp);
  markFurnitureAsArtifacts(pdf);
  return pdf.save({ useObjectStreams: true, updateFieldAppearances: false });
}
