// Developer aid: reads every corpus PDF with the current reader, applies
// checkReport, and cross-checks each report against evidence in the PDF's
// text that the layout parsers do not use (body headline statements, the
// number of list markers under the improvement headings, the corpus folder's
// authority and listing date). Prints one line per suspected problem:
//   file <TAB> field <TAB> what was read <TAB> evidence
// Suspects are leads for a person to confirm, not verdicts.
//
// usage: node scripts/dev/crosscheck.ts [--corpus DIR] [--lines DIR] [--text DIR] [--unlabelled] [--json]
//   --lines DIR  cached loadPdfText dumps (<rel>.json) to skip pdf.js (much faster)
//   --text DIR   cached `pdftotext -layout` output (<rel>.txt); without it pdftotext runs per file
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { FRAMEWORKS, type Framework, type Grade, type JudgementKey } from '../../src/domain/frameworks.ts';
import { parseGrade } from '../../src/reader/grammar.ts';
import { checkReport, hasLscbReview } from '../../src/reader/check.ts';
import { parseReport } from '../../src/reader/parse.ts';
import type { PdfText } from '../../src/reader/pdf/pdfjs.ts';
import { ReaderPool } from '../../src/reader/index.ts';
import type { ReadResult, Report } from '../../src/domain/report.ts';

const args = process.argv.slice(2);
function opt(name: string): string | undefined {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
}
const corpus = path.resolve(opt('--corpus') ?? path.join(import.meta.dirname, '../../../shared/corpus'));
const linesDir = opt('--lines');
const textDir = opt('--text');
const onlyUnlabelled = args.includes('--unlabelled');
const asJson = args.includes('--json');

if (!fs.existsSync(path.join(corpus, 'reports'))) {
  console.error(`no corpus at ${corpus} (expected a reports/ folder there); pass --corpus DIR`);
  process.exit(2);
}

interface Listing {
  urn: string;
  listed: string;
}
function readIndex(): Map<string, Listing> {
  const out = new Map<string, Listing>();
  const file = path.join(corpus, 'index.csv');
  if (!fs.existsSync(file)) return out;
  for (const line of fs.readFileSync(file, 'utf8').split('\n').slice(1)) {
    if (!line.trim()) continue;
    // path may be quoted (it can hold commas); the rest has none.
    const m = /^(?:"((?:[^"]|"")*)"|([^,]*)),(\d+),(?:"(?:[^"]|"")*"|[^,]*),(\d{4}-\d{2}-\d{2}),/.exec(line);
    if (m) out.set((m[1] ?? m[2]!).replace(/""/g, '"'), { urn: m[3]!, listed: m[4]! });
  }
  return out;
}
function readLabelled(): Set<string> {
  const file = path.join(corpus, 'gold', 'judgements.json');
  if (!fs.existsSync(file)) return new Set();
  return new Set((JSON.parse(fs.readFileSync(file, 'utf8')) as { path: string }[]).map((g) => g.path));
}

function walk(dir: string, out: string[] = []): string[] {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) walk(p, out);
    else if (e.name.toLowerCase().endsWith('.pdf')) out.push(p);
  }
  return out;
}

// Without cached lines every file goes through the reader's worker pool (both cores).
const pool = linesDir ? null : new ReaderPool();

async function read(file: string, rel: string): Promise<ReadResult> {
  if (linesDir) {
    const sha256 = createHash('sha256').update(fs.readFileSync(file)).digest('hex');
    const cached = path.join(linesDir, rel.replace(/\.pdf$/i, '.json'));
    if (fs.existsSync(cached)) {
      const doc = JSON.parse(fs.readFileSync(cached, 'utf8')) as PdfText | { error: string };
      if (!('error' in doc)) {
        const r = parseReport(doc, { sha256 });
        return r.ok ? r : { ok: false, error: r.error, sha256 };
      }
    }
  }
  const reader = pool ?? new ReaderPool({ workers: 1 });
  try {
    return await reader.readFile(file);
  } finally {
    if (!pool) await reader.close();
  }
}

function layoutText(file: string, rel: string): string {
  if (textDir) {
    const cached = path.join(textDir, rel.replace(/\.pdf$/i, '.txt'));
    if (fs.existsSync(cached)) return fs.readFileSync(cached, 'utf8');
  }
  try {
    return execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8', maxBuffer: 64 << 20, stdio: ['ignore', 'pipe', 'ignore'] });
  } catch {
    return '';
  }
}

// ---- evidence from the text --------------------------------------------

const MONTHS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];

const flat = (s: string) => s.replace(/[’‘]/g, "'").replace(/\s+/g, ' ');
/** Word stems for loose label comparison: lower case, plurals folded. */
const stems = (s: string) =>
  s
    .toLowerCase()
    .replace(/[’']/g, '')
    .replace(/[^a-z]+/g, ' ')
    .trim()
    .split(' ')
    .filter((w) => w && !['the', 'of', 'and', 'for', 'about', 'a'].includes(w))
    .map((w) => w.replace(/s$/, ''));

function labelKey(phrase: string, fw: Framework): JudgementKey | null {
  const want = stems(phrase).join(' ');
  for (const def of fw.judgements) {
    for (const v of [def.label, ...def.variants]) if (stems(v).join(' ') === want) return def.key;
  }
  return null;
}

const GRADE_ALT = 'requires improvement to be good|require improvement to be good|requires improvement|require improvement|outstanding|inadequate|good|adequate|not judged';
function gradeOf(words: string): Grade | null {
  // LAC2012 tables add the number: "Inadequate Grade 4".
  return parseGrade(words.replace(/^require improvement/i, 'requires improvement').replace(/\s*grade \d\s*$/i, ''));
}

interface Headline {
  key: JudgementKey;
  grade: Grade;
  words: string;
}

/** Headline statements in the body text, outside the judgement table. */
function headlines(text: string, report: Report): Headline[] {
  const fw = FRAMEWORKS[report.framework];
  const t = flat(text);
  const out: Headline[] = [];
  const add = (key: JudgementKey | null, g: string, words: string) => {
    const grade = key ? gradeOf(g) : null;
    if (key && grade) out.push({ key, grade, words: words.trim() });
  };
  if (fw.id.startsWith('ILACS')) {
    // Section headings: "The experiences and progress of children in care: good".
    const re = new RegExp(`((?:The )?(?:experiences and progress of [a-z ]{3,60}?|impact of leaders on [a-z ]{3,80}?|Overall effectiveness))\\s*:\\s*(${GRADE_ALT})\\b`, 'gi');
    for (const m of t.matchAll(re)) add(labelKey(m[1]!, fw), m[2]!, m[0]);
  }
  if (fw.judgements.some((j) => j.key === 'overall') && fw.id !== 'LAC2012') {
    // "Children's services in Durham require improvement to be good"; "… were judged …" (a past result) does not match.
    for (const m of t.matchAll(new RegExp(`Children's services in (?:the )?[A-Z][A-Za-z ,&'-]{1,60}? (?:are |is |(?=requires? improvement))(${GRADE_ALT})\\b(?! at| in)`, 'g'))) add('overall', m[1]!, m[0]);
  }
  if (fw.id === 'SIF' || fw.id === 'LSCB') {
    for (const m of t.matchAll(new RegExp(`graded judge?ment (?:for|about|on) ([a-z ,]{5,80}?) is (?:that (?:it|they) (?:is |are )?)?(${GRADE_ALT})\\b`, 'gi'))) {
      add(labelKey(m[1]!, fw), m[2]!, m[0]);
    }
    for (const m of t.matchAll(new RegExp(`The overall judgement is (?:that children's services (?:are |is )?)?(${GRADE_ALT})\\b`, 'gi'))) add('overall', m[1]!, m[0]);
    if (hasLscbReview(report) || fw.id === 'LSCB') {
      for (const m of t.matchAll(new RegExp(`The (?:judgement for )?(?:the )?(?:effectiveness of the )?(?:(?:[A-Z][a-z]+(?:[ -][A-Z][a-z]+)* )?(?:Local )?Safeguarding Children(?:'s)? Board|[A-Z]{0,3}SCB)(?: \\([A-Z]+\\))? (?:is |are )?(${GRADE_ALT})(?= because|\\.| [A-Z]|$)`, 'g'))) add('lscb', m[1]!, m[0]);
    }
  }
  // Table rows laid out on one line: "1. Children who need help and protection      Requires improvement".
  const seen = new Set<JudgementKey>();
  const all = text.split('\n');
  all.forEach((line, i) => {
    // A grade alone on its line between the two lines of a wrapped label ("2. Children looked after and achieving" / "Good" / "permanence").
    const grade = line.trim() ? gradeOf(line.trim()) : null;
    if (!grade) return;
    const prev = all.slice(0, i).reverse().find((l) => l.trim())?.trim() ?? '';
    const next = all.slice(i + 1).find((l) => l.trim())?.trim() ?? '';
    // "…require improvement to be" / "good": the end of a wrapped grade, not a grade of its own.
    if (/\b(?:to|to be|improvement)$/i.test(prev)) return;
    // …or a grade printed just above or below its label.
    const strip = (l: string) => l.replace(/^\d+(?:\.\d+)*\.?\s*/, '').split(/\s{2,}/)[0]!;
    const key = labelKey(strip(`${prev} ${next}`), fw) ?? labelKey(strip(next), fw) ?? labelKey(strip(prev), fw);
    if (!key || seen.has(key)) return;
    seen.add(key);
    out.push({ key, grade, words: `${prev} / ${line.trim()} / ${next}` });
  });
  // Table rows as blocks of adjacent lines with a label column and a grade column, both possibly wrapped.
  let block: string[] = [];
  const flush = () => {
    const left: string[] = [];
    const right: string[] = [];
    for (const l of block) {
      const m = /^(.*?\S)\s{3,}(\S.*)$/.exec(l.trim());
      if (m) {
        left.push(m[1]!);
        right.push(m[2]!);
      } else if (/^\s{30,}\S/.test(l)) right.push(l.trim());
      else left.push(l.trim());
    }
    block = [];
    const grade = gradeOf(right.join(' '));
    const key = grade ? labelKey(left.join(' ').replace(/^\d+(?:\.\d+)*\.?\s*/, ''), fw) : null;
    if (!grade || !key || seen.has(key)) return;
    seen.add(key);
    out.push({ key, grade, words: `${left.join(' ')} | ${right.join(' ')}` });
  };
  for (const line of all) {
    if (line.trim()) block.push(line);
    else if (block.length > 0) flush();
  }
  if (block.length > 0) flush();
  for (const line of all) {
    const parts = line.trim().split(/\s{2,}/);
    if (parts.length < 2) continue;
    const grade = gradeOf(parts[parts.length - 1]!);
    if (!grade) continue;
    const label = parts.slice(0, -1).join(' ').replace(/^\d+(?:\.\d+)*\.?\s*/, '');
    const key = labelKey(label, fw);
    if (!key || seen.has(key)) continue;
    seen.add(key);
    out.push({ key, grade, words: line.trim().replace(/\s{2,}/g, ' | ') });
  }
  return out;
}

interface ListSpan {
  heading: string;
  markers: number;
  /** Each item's text as pdftotext lays it out, marker included. */
  items: string[];
  page: number;
  /** Inside the LSCB review part of the report. */
  lscb: boolean;
}

const LIST_HEADING = /^\s*(what needs to improve[?:]?|what does the local authority need to improve\??|what does the lscb need to improve\??|recommendations|areas for improvement)\d?:?\s*$/i;
// Sub-headings inside one list (SIF's two parts, LAC2012's timescales).
const SUBHEAD = /^\s*(priority and immediate action|immediate action|priority action|areas for improvement|immediately|within [a-z]+ months?|areas for development)\b/i;
// Headings that follow improvement lists in every framework.
const AFTER_LIST = /^\s*(the )?(experiences and progress|impact of leaders|local authority['’]s strengths|lscb['’]s strengths|strengths|summary for children|progress since|information about this|inspection judgements?|what the inspection judgements mean|main findings|key strengths|overall effectiveness|capacity for improvement|outcomes for|quality of provision|leadership and management|record of main findings|summary of findings|inspection findings|key findings|information about the|what the lscb|the lscb|the local authority|local safeguarding children board|review of the effectiveness)\b/i;
const LSCB_START = /^\s*(the local safeguarding children board( \(lscb\))?|review of the effectiveness of the local safeguarding children board|section 2:.*safeguarding[^\d]*)\s*$/i;
const BULLET_LINE = /^(\s*)([◼■▪●•◦○·‣∙⁃\u25aa\u25cf\u2022\uf0a7\uf0b7\uf0d8\uf0fc\ue000-\uf8ff]|-\s)\s*\S/;
const NUMBER_LINE = /^(\s*)(\d{1,3})\.\s+\S/;
const FURNITURE = /^\s*(\d{1,3}|page \d+ of \d+)\s*$|\S\s{3,}\d{1,3}\s*$|page \d+ of \d+|^\s*inspection of [^.]{0,80}children['’]s (?:social care )?services\s*\d*\s*$/i;

/**
 * Finds each improvement list in `pdftotext -layout` text and splits it into
 * items by its top-level markers: an item is its marker line plus the lines
 * indented further than the marker, until a line at the marker's indent.
 */
function listSpans(text: string): ListSpan[] {
  const out: ListSpan[] = [];
  const lines: { text: string; page: number }[] = [];
  text.split('\f').forEach((p, i) => {
    for (const l of p.split('\n')) lines.push({ text: l, page: i + 1 });
  });
  let lscbFrom = Infinity;
  for (let i = 0; i < lines.length; i++) {
    if (lines[i]!.page > 1 && LSCB_START.test(lines[i]!.text)) {
      lscbFrom = i;
      break;
    }
  }
  const indentOf = (l: string) => l.length - l.trimStart().length;
  for (let i = 0; i < lines.length; i++) {
    const h = LIST_HEADING.exec(lines[i]!.text);
    if (!h) continue;
    // Numbered lists (SIF) carry theme sub-headings, so only the next section heading ends them;
    // bulleted lists also end at the first heading-like line after them.
    const bullets: { at: number; indent: number }[] = [];
    const numbers: { at: number; indent: number; n: number }[] = [];
    let bulletsEnd = -1;
    let j = i + 1;
    for (; j < lines.length && j < i + 400; j++) {
      const l = lines[j]!.text;
      if (!l.trim() || FURNITURE.test(l)) continue;
      if (SUBHEAD.test(l)) continue;
      // Headings start with a capital; a wrapped line like "outcomes for these children" is no heading.
      if (/^\s*[A-Z]/.test(l) && (LIST_HEADING.test(l) || AFTER_LIST.test(l))) break;
      const b = BULLET_LINE.exec(l);
      const n = NUMBER_LINE.exec(l);
      if (b) {
        if (bulletsEnd < 0) bullets.push({ at: j, indent: b[1]!.length });
      } else if (n) {
        // "There are no areas for priority and immediate action" is numbered but is no item.
        if (!/\b(no areas|did not find any|there are no)\b/i.test(l)) numbers.push({ at: j, indent: n[1]!.length, n: Number(n[2]) });
      } else if (bullets.length > 0 && bulletsEnd < 0) {
        // A short unpunctuated line at the list's margin after a blank line is the next heading.
        const blankBefore = !lines[j - 1]!.text.trim();
        if (blankBefore && indentOf(l) <= Math.min(...bullets.map((x) => x.indent)) && l.trim().length < 100 && !/[.,;:]\s*$/.test(l)) bulletsEnd = j;
      }
    }
    const end = j;
    let top: { at: number; indent: number }[] = [];
    if (numbers.length > 0) {
      const indent = Math.min(...numbers.map((x) => x.indent));
      let expect = numbers.find((x) => x.indent - indent <= 4)!.n;
      for (const x of numbers) if (x.indent - indent <= 4 && x.n === expect) { top.push(x); expect++; }
    }
    let stop = end;
    if (top.length < 2 && bullets.length > 0) {
      top = [];
      {
        const indent = Math.min(...bullets.map((x) => x.indent));
        top = bullets.filter((x) => x.indent - indent <= 2);
        if (bulletsEnd >= 0) stop = bulletsEnd;
      }
    }
    const items = top.map((m, k) => {
      const parts = [lines[m.at]!.text.trim()];
      const until = Math.min(top[k + 1]?.at ?? stop, stop);
      for (let x = m.at + 1; x < until; x++) {
        const l = lines[x]!.text;
        if (!l.trim() || FURNITURE.test(l)) continue;
        if (indentOf(l) <= m.indent) break;
        parts.push(l.trim());
      }
      // Lines joined as the reader promises: a word broken after a hyphen at a line end is joined, hyphen kept.
      // ("16-" / "and 17-year-olds" keeps its space: a suspended hyphen.)
      return parts.reduce((acc, p) => (/[A-Za-z0-9]-$/.test(acc) && !/^(?:and|or|nor)\b/.test(p) ? acc + p : `${acc} ${p}`));
    });
    out.push({ heading: h[1]!, markers: top.length, items, page: lines[i]!.page, lscb: i > lscbFrom || /lscb/i.test(h[1]!) });
    i = j - 1;
  }
  return out;
}

/** Letters only, lower case: how an item read is compared with the same item in pdftotext's output. */
function letters(s: string): string {
  return s
    .replace(/^\s*(?:[◼■▪●•◦○·‣∙⁃\u25aa\u25cf\u2022\uf0a7\uf0b7\uf0d8\uf0fc\ue000-\uf8ff]|-\s|\d{1,3}\.)\s*/, '')
    .toLowerCase()
    .replace(/[^a-z]+/g, '');
}

/** The text as scoring compares it: typographic quotes and dashes folded, whitespace collapsed, marker and final stop dropped. */
function strict(s: string): string {
  return s
    .normalize('NFKC')
    .replace(/^\s*(?:[◼■▪●•◦○·‣∙⁃\u25aa\u25cf\u2022\uf0a7\uf0b7\uf0d8\uf0fc\ue000-\uf8ff]|-\s|\d{1,3}\.)\s*/, '')
    // Sub-points keep their words, not their markers.
    .replace(/\s(?:[◼■▪●•◦○·‣∙⁃\u25aa\u25cf\u2022\uf0a7\uf0b7\uf0d8\uf0fc\ue000-\uf8ff]|[-−–])(?=\s)/g, ' ')
    .replace(/[\u2018\u2019\u02bc]/g, "'")
    .replace(/[\u201c\u201d]/g, '"')
    .replace(/[\u2010-\u2015]/g, '-')
    .replace(/\s+/g, ' ')
    .replace(/\s*([.;,:])\s*$/, '')
    .trim()
    .toLowerCase();
}

/** Where two letter strings first differ, with a little context from each. */
function firstDifference(a: string, b: string): string {
  let k = 0;
  while (k < a.length && k < b.length && a[k] === b[k]) k++;
  return `read …${a.slice(Math.max(0, k - 25), k + 35)}… | pdf …${b.slice(Math.max(0, k - 25), k + 35)}…`;
}

// ---- the run -------------------------------------------------------------

interface Suspect {
  file: string;
  labelled: boolean;
  field: string;
  read: string;
  evidence: string;
}

const index = readIndex();
const labelled = readLabelled();
const reportsDir = path.join(corpus, 'reports');
const files = walk(reportsDir).sort();
const suspects: Suspect[] = [];
const failures: { file: string; code: string; message: string }[] = [];
let checked = 0;
const compared = { headlines: 0, lists: 0, items: 0 };
const byKey = new Map<string, number>();
const uncompared: string[] = [];
const unconfirmed: string[] = [];

const wanted = files.filter((f) => !(onlyUnlabelled && labelled.has(path.relative(reportsDir, f))));
// Start every read at once so the pool keeps both workers busy; results are taken in order.
const pending = wanted.map((f) => read(f, path.relative(reportsDir, f)));
for (const [n, file] of wanted.entries()) {
  const rel = path.relative(reportsDir, file);
  const isLabelled = labelled.has(rel);
  const res = await pending[n]!;
  checked++;
  const say = (field: string, readAs: string, evidence: string) => suspects.push({ file: rel, labelled: isLabelled, field, read: readAs, evidence });
  if (!res.ok) {
    failures.push({ file: rel, code: res.error.code, message: res.error.message });
    continue;
  }
  const r = res.report;
  for (const p of checkReport(r)) {
    const field = /^judgement (\w+)/.exec(p)?.[1] ?? /^(?:no )?(improvement|LSCB recommendation|the inspection (?:start|end)|the lead inspector|the authority|the inspection)/.exec(p)?.[1] ?? 'report';
    say(`check:${field}`, '', p);
  }
  const text = layoutText(file, rel);
  // The header lines, read here with plain patterns, must hold the dates and name the reader gives.
  const lead = /\b(?:[Ll]ead|[Rr]eporting) inspector(?: on site)?:?[ \t]+([A-Z][^\n]+)/.exec(text);
  if (lead && r.inspection.leadInspector) {
    const printed = lead[1]!.split(/,|\s{2,}|\bHMI\b|\bHer Majesty|\bHis Majesty/)[0]!.trim();
    if (printed && letters(printed) !== letters(r.inspection.leadInspector)) say('inspection.leadInspector', r.inspection.leadInspector, `text says "${flat(lead[0]).trim()}"`);
  }
  const dates = /Inspection dates?:?[ \t]+([^\n]+)(?:\n[ \t]*([^\n]*))?/i.exec(text);
  if (dates && r.inspection.start && r.inspection.end) {
    // A range wrapped over two lines leaves its year, or more, on the next line.
    const wrapped = !/\d{4}\s*$/.test(dates[1]!) || (dates[2] ?? '').trim().length <= 12 ? (dates[2] ?? '') : '';
    const numbers = new Set(`${dates[1]} ${wrapped}`.match(/\d+/g)?.map(Number) ?? []);
    for (const [k, d] of [['start', r.inspection.start], ['end', r.inspection.end]] as const) {
      const [y, , day] = d.split('-').map(Number);
      const [, month] = d.split('-').map(Number);
      const months = `${dates[1]} ${wrapped}`.toLowerCase();
      const monthPrinted = months.includes(MONTHS[month! - 1]!.slice(0, 3)) || numbers.has(month!);
      if (!numbers.has(day!) || !monthPrinted || ![...numbers].some((n) => n === y || n === y! % 100)) say(`inspection.${k}`, d, `text says "${flat(dates[0]).trim()}"`);
    }
  }
  if (!r.inspection.leadInspector) {
    const m = /(?:lead|reporting) inspector\s*:?[^\n]{0,60}/i.exec(text);
    if (m) say('inspection.leadInspector', 'missing', `text says "${flat(m[0]).trim()}"`);
  }

  const found = headlines(text, r);
  for (const j of r.judgements) if (!found.some((h) => h.key === j.key)) unconfirmed.push(`${rel} ${j.key}=${j.grade}`);
  for (const h of found) {
    compared.headlines++;
    byKey.set(`${r.framework}.${h.key}`, (byKey.get(`${r.framework}.${h.key}`) ?? 0) + 1);
    const j = r.judgements.find((x) => x.key === h.key);
    if (!j) say(`judgement ${h.key}`, 'missing', `text says "${h.words}"`);
    else if (j.grade !== h.grade) say(`judgement ${h.key}`, j.grade, `text says "${h.words}"`);
  }

  const spans = listSpans(text).filter((s) => s.markers > 0);
  const lscbSpan = spans.filter((s) => s.lscb);
  const laSpans = spans.filter((s) => !s.lscb);
  // Contents pages and summaries name the headings too: the body's list is the longest.
  const la = laSpans.sort((a, b) => b.markers - a.markers)[0];
  if (la) compared.lists++;
  const lscb = lscbSpan.sort((a, b) => b.markers - a.markers)[0];
  for (const [field, span, items] of [['improvements', la, r.improvements], ['lscbImprovements', lscb, r.lscbImprovements]] as const) {
    if (!span) {
      if (items.length > 0) uncompared.push(`${rel} ${field}`);
      continue;
    }
    if (span.markers !== items.length) {
      say(field, `${items.length} items`, `${span.markers} markers under "${span.heading}" (pdftotext page ${span.page})`);
      continue;
    }
    items.forEach((item, k) => {
      compared.items++;
      const a = letters(item.text);
      const b = letters(span.items[k]!);
      if (a !== b) say(`${field}[${k + 1}]`, item.text.slice(0, 80), firstDifference(a, b));
      else if (strict(item.text) !== strict(span.items[k]!)) say(`${field}[${k + 1}]`, item.text.slice(0, 80), `same words, different characters: ${firstDifference(strict(item.text), strict(span.items[k]!))}`);
    });
  }

  const listing = index.get(rel);
  if (listing) {
    if (r.localAuthority.urn && r.localAuthority.urn !== listing.urn) {
      say('localAuthority', `${r.localAuthority.urn} ${r.localAuthority.name} (printed "${r.localAuthority.printedName}")`, `filed under URN ${listing.urn}`);
    }
    for (const [k, d] of [['start', r.inspection.start], ['end', r.inspection.end]] as const) {
      if (d && d > listing.listed) say(`inspection.${k}`, d, `after the listing date ${listing.listed}`);
    }
    const end = r.inspection.end;
    if (end && Date.parse(listing.listed) - Date.parse(end) > 400 * 86_400_000) say('inspection.end', end, `more than 400 days before the listing date ${listing.listed}`);
  }
}

await pool?.close();

if (asJson) {
  for (const s of suspects) console.log(JSON.stringify(s));
  for (const f of failures) console.log(JSON.stringify({ file: f.file, field: 'error', read: f.code, evidence: f.message }));
} else {
  for (const s of suspects) console.log([s.file, s.labelled ? 'gold' : 'unlabelled', s.field, s.read, s.evidence].join('\t'));
  for (const f of failures) console.log([f.file, labelled.has(f.file) ? 'gold' : 'unlabelled', 'error', f.code, f.message].join('\t'));
}
const files1 = new Set(suspects.map((s) => s.file));
const un = new Set(suspects.filter((s) => !s.labelled).map((s) => s.file));
console.error(`${compared.headlines} headline statements and ${compared.lists} improvement lists (${compared.items} items word for word) compared with the text`);
if (args.includes('--stats')) console.error(`judgements with no second statement in the text, so not confirmed:\n  ${unconfirmed.join('\n  ')}`);
if (args.includes('--stats')) console.error(`lists read but not found in the text, so not compared:\n  ${uncompared.join('\n  ')}`);
if (args.includes('--stats')) console.error([...byKey].sort().map(([k, n]) => `${k}: ${n}`).join(', '));
console.error(`${checked} files read, ${failures.length} failed, ${suspects.length} suspects in ${files1.size} files (${un.size} unlabelled files)`);
