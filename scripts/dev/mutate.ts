// Developer aid: hunts for printed variations that make the reader lose a
// fact silently. For each cached pdf.js dump (from dump-lines.ts) it reads
// the report as printed, then applies one class of mutation at a time to
// the extracted lines (a grade worded another way, curly apostrophes, other
// bullet glyphs, an item re-wrapped, a heading or label worded differently,
// ...) and reads it again. Each mutated read is one of:
//   same     the facts read are the same (as the mutation should leave them)
//   noisy    the same facts, but now with flags (a false alarm)
//   flagged  different facts, and the report carries flags or is an error:
//            the reader said it was unsure, which is acceptable
//   SILENT   different facts and no flags: a silent loss, the thing to fix
// Not tried: spacing and ligatures (double spaces, no-break and zero-width
// spaces, "ﬁ"): pdf.js and buildLines make them plain before any layout
// sees the text, so they cannot reach the reader.
// "Facts" are the framework, the authority, the inspection dates, every
// judgement's key and grade, and every improvement and LSCB item's text.
// Only files read completely (no flags) as printed take part.
//
//   node scripts/dev/mutate.ts <corpus reports dir> <lines dir> [--only class,...] [--files substring] [--show N] [--jsonl out.jsonl]
//
// It prints one row per mutation class (files mutated, same, noisy,
// flagged, silent) and, with --show N, up to N silent (and noisy) cases
// per class with the first fact that differs. --jsonl writes every
// non-"same" outcome, one per line, for diffing runs. Not used by the product.
import fs from 'node:fs';
import path from 'node:path';
import { corpusPdfs } from './corpus-files.ts';
import { parseReport, type ParseResult } from '../../src/reader/parse.ts';
import type { PdfText } from '../../src/reader/pdf/pdfjs.ts';
import type { Line } from '../../src/reader/pdf/layout.ts';
import type { Report } from '../../src/domain/report.ts';
import { cleanItemText, isGradePiece, markerOf, normText, splitGrade } from '../../src/reader/grammar.ts';

// ---------------------------------------------------------------- facts

interface Facts {
  framework: string;
  authority: string;
  start: string | null;
  end: string | null;
  judgements: string[];
  improvements: string[];
  lscb: string[];
}

function factsOf(r: Report): Facts {
  return {
    framework: r.framework,
    authority: r.localAuthority.urn || r.localAuthority.name,
    start: r.inspection.start,
    end: r.inspection.end,
    judgements: r.judgements.map((j) => `${j.key}=${j.grade}`).sort(),
    improvements: r.improvements.map((i) => i.text),
    lscb: r.lscbImprovements.map((i) => i.text),
  };
}

/** The first fact that differs, said briefly; null when none does. */
function firstDifference(a: Facts, b: Facts): string | null {
  for (const k of ['framework', 'authority', 'start', 'end'] as const) if (a[k] !== b[k]) return `${k}: ${JSON.stringify(a[k])} -> ${JSON.stringify(b[k])}`;
  if (a.judgements.join() !== b.judgements.join()) return `judgements: ${a.judgements.join(' ')} -> ${b.judgements.join(' ')}`;
  for (const k of ['improvements', 'lscb'] as const) {
    const x = a[k];
    const y = b[k];
    if (x.length !== y.length) return `${k}: ${x.length} items -> ${y.length} items`;
    for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return `${k}[${i}]: ${JSON.stringify(x[i]!.slice(0, 90))} -> ${JSON.stringify(y[i]!.slice(0, 90))}`;
  }
  return null;
}

// ---------------------------------------------------------------- editing lines

interface Ctx {
  doc: PdfText;
  report: Report;
  lines: Line[];
  /** Lines that print part of an improvement or LSCB item, with the item's list and index. */
  itemOf: Map<Line, { list: 'improvements' | 'lscb'; index: number }>;
}

function retext(l: Line): void {
  l.segments = l.segments.filter((s) => s.text.length > 0);
  l.text = l.segments.map((s) => s.text).join(' ');
  if (l.segments.length > 0) l.x = l.segments[0]!.x;
}

/** Applies `fn` to the text of every segment of the lines `which` selects; whether anything changed. */
function editSegments(ctx: Ctx, which: (l: Line) => boolean, fn: (text: string, l: Line) => string): boolean {
  let changed = false;
  for (const l of ctx.lines) {
    if (!which(l)) continue;
    let touched = false;
    for (const s of l.segments) {
      const t = fn(s.text, l);
      if (t !== s.text) {
        s.text = t;
        touched = true;
      }
    }
    if (touched) {
      retext(l);
      changed = true;
    }
  }
  if (changed) dropEmpty(ctx);
  return changed;
}

function dropEmpty(ctx: Ctx): void {
  for (const p of ctx.doc.pages) p.lines = p.lines.filter((l) => l.segments.length > 0 && l.text.trim().length > 0);
}

const notItem = (ctx: Ctx) => (l: Line) => !ctx.itemOf.has(l);
const all = () => true;

/** A line's text as it appears in an item: without its marker, glyphs and doubled spaces. */
function itemForm(text: string): string {
  return cleanItemText(text.replace(/^\s*(?:[^\sA-Za-z0-9(“"‘']{1,2}|\(?\d{1,3}[.)]|[a-z][.)])\s+/, ''));
}

function mapItems(ctx: Ctx): void {
  const lists = [
    ['improvements', ctx.report.improvements.map((i) => i.text)],
    ['lscb', ctx.report.lscbImprovements.map((i) => i.text)],
  ] as const;
  for (const l of ctx.lines) {
    const t = itemForm(l.text);
    if (t.length < 8) continue;
    for (const [list, texts] of lists) {
      const index = texts.findIndex((x) => x.includes(t));
      if (index >= 0) {
        ctx.itemOf.set(l, { list, index });
        break;
      }
    }
  }
}

/** Consecutive lines (same page) that print one item, the first of them starting it or continuing it. */
function itemPairs(ctx: Ctx): [Line, Line][] {
  const out: [Line, Line][] = [];
  for (const p of ctx.doc.pages) {
    for (let i = 0; i + 1 < p.lines.length; i++) {
      const a = p.lines[i]!;
      const b = p.lines[i + 1]!;
      const ia = ctx.itemOf.get(a);
      const ib = ctx.itemOf.get(b);
      if (!ia || !ib || ia.list !== ib.list || ia.index !== ib.index) continue;
      if (markerOf(b.text) !== null) continue;
      out.push([a, b]);
    }
  }
  return out;
}

const titleCase = (s: string) => s.replace(/\b([a-z])/g, (c) => c.toUpperCase());

// Grades as words in running text, any wording.
const GRADE_PHRASE = /\b(requires?[\s-]+improvement(?:[\s-]+to[\s-]+be[\s-]+good)?|outstanding|inadequate|good)\b/gi;
const RI_PHRASE = /\b(requires?)(\s+)(improvement)\b/gi;

// Item lines in the original are never given new grade words: an item's text must come out as printed.

/** The heading line above an item list: the nearest line before the line that starts its first item that is worded as a list heading. */
function listHeadingLine(ctx: Ctx, list: 'improvements' | 'lscb'): Line | null {
  const firstItem = (list === 'improvements' ? ctx.report.improvements : ctx.report.lscbImprovements)[0]?.text;
  if (!firstItem) return null;
  const first = ctx.lines.findIndex((l) => {
    const t = itemForm(l.text);
    return t.length >= 15 && firstItem.startsWith(t);
  });
  if (first < 0) return null;
  for (let i = first - 1; i >= Math.max(0, first - 15); i--) {
    const t = normText(ctx.lines[i]!.text);
    if (/^(what\b.*\bimprove|recommendations|areas for improvement)\b/.test(t) && t.length < 90) return ctx.lines[i]!;
  }
  return null;
}

function setLine(ctx: Ctx, l: Line, text: string): void {
  const s = l.segments[0]!;
  l.segments = [{ x: s.x, x2: l.segments[l.segments.length - 1]!.x2, text }];
  retext(l);
}

/** The line printing the sentence a judgement was read from (SIF overall, LSCB headline). */
function sentenceLine(ctx: Ctx, key: string): Line | null {
  const j = ctx.report.judgements.find((x) => x.key === key);
  if (!j) return null;
  const start = normText(j.text).slice(0, 24);
  return ctx.lines.find((l) => l.page === j.page && normText(l.text).startsWith(start)) ?? null;
}

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
function longDate(iso: string): { d: number; m: string; y: string } {
  return { d: Number(iso.slice(8, 10)), m: MONTHS[Number(iso.slice(5, 7)) - 1]!, y: iso.slice(0, 4) };
}

function datesLine(ctx: Ctx): Line | null {
  return ctx.lines.find((l) => l.page <= 2 && /^(inspection dates|dates of inspection|inspection date)\b/i.test(l.text.trim()) && /\b(19|20)\d\d\b/.test(l.text)) ?? null;
}

function rewriteDates(ctx: Ctx, format: (s: ReturnType<typeof longDate>, e: ReturnType<typeof longDate>) => string | null): boolean {
  const l = datesLine(ctx);
  const { start, end } = ctx.report.inspection;
  if (!l || !start || !end) return false;
  const text = format(longDate(start), longDate(end));
  if (!text) return false;
  const label = /^([^:\d]*:?)/.exec(l.text.trim())![1]!.trim();
  setLine(ctx, l, `${label} ${text}`);
  return true;
}

// ---------------------------------------------------------------- mutation classes

interface Mutation {
  name: string;
  apply: (ctx: Ctx) => boolean;
  /** The facts the mutated report should give, from the original's; the same by default. */
  expect?: (f: Facts) => Facts;
}

const mapTexts = (fn: (s: string) => string) => (f: Facts): Facts => ({ ...f, improvements: f.improvements.map(fn), lscb: f.lscb.map(fn) });

function bulletMutation(name: string, glyph: string | null): Mutation {
  return {
    name,
    apply: (ctx) => {
      let changed = false;
      for (const l of ctx.lines) {
        if (markerOf(l.text) !== 'bullet') continue;
        const s = l.segments[0]!;
        const m = /^\s*(?:[^\sA-Za-z0-9]|[-–—−*])\s*/.exec(s.text);
        if (!m) continue;
        const rest = s.text.slice(m[0].length);
        if (glyph === null) s.text = rest;
        else s.text = rest ? `${glyph} ${rest}` : glyph;
        retext(l);
        changed = true;
      }
      if (changed) dropEmpty(ctx);
      return changed;
    },
  };
}

function headingMutation(name: string, list: 'improvements' | 'lscb', to: (old: string) => string): Mutation {
  return {
    name,
    apply: (ctx) => {
      const h = listHeadingLine(ctx, list);
      if (!h) return false;
      const t = to(h.text.trim());
      if (t === h.text.trim()) return false;
      setLine(ctx, h, t);
      return true;
    },
  };
}

/** The label words of a table segment: the segment with any grade after it taken off. */
function labelSegment(l: Line, text: string): { label: string; grade: string } | null {
  if (l.page > 3) return null;
  const { label, grade } = splitGrade(text);
  if (!label || !/^(the )?(impact|experiences|overall effectiveness|children who|children looked|adoption|leadership|capacity|outcomes|quality of)/i.test(label.replace(/^\d(\.\d)?\.?\s+/, ''))) return null;
  if (label.length > 80 || label.length < 12) return null;
  return { label, grade };
}

const MUTATIONS: Mutation[] = [
  // Grade wording, in tables and sentences (never inside an item's text).
  { name: 'grade-title-case', apply: (ctx) => editSegments(ctx, notItem(ctx), (t) => (isGradePiece(t) ? titleCase(t.toLowerCase()) : t.replace(GRADE_PHRASE, (g) => titleCase(g.toLowerCase())))) },
  { name: 'grade-upper-case', apply: (ctx) => editSegments(ctx, notItem(ctx), (t) => (isGradePiece(t) ? t.toUpperCase() : t.replace(GRADE_PHRASE, (g) => g.toUpperCase()))) },
  { name: 'grade-lower-case', apply: (ctx) => editSegments(ctx, notItem(ctx), (t) => (isGradePiece(t) ? t.toLowerCase() : t)) },
  { name: 'requires->require', apply: (ctx) => editSegments(ctx, notItem(ctx), (t) => t.replace(RI_PHRASE, (_m, v: string, sp: string, imp: string) => `${v.replace(/s$/i, '')}${sp}${imp}`)) },
  { name: 'require->requires', apply: (ctx) => editSegments(ctx, notItem(ctx), (t) => t.replace(/\b(require)(\s+improvement)\b/gi, (_m, v: string, rest: string) => `${v}${v === v.toUpperCase() ? 'S' : 's'}${rest}`)) },
  {
    name: 'drop-to-be-good',
    apply: (ctx) =>
      editSegments(ctx, notItem(ctx), (t) =>
        /^\s*(to be good|be good)\s*$/i.test(t) ? '' : t.replace(/(requires?[\s-]+improvement)[\s-]+to[\s-]+be[\s-]+good\b/gi, '$1').replace(/(requires?\s+improvement)\s+to\s*$/i, '$1'),
      ),
  },
  {
    name: 'add-to-be-good',
    apply: (ctx) => {
      // Only where the grade is never wrapped: a wrapped "to be good" on the next line would be doubled.
      if (ctx.lines.some((l) => l.segments.some((s) => /^\s*(to )?be good\b/i.test(s.text) || /improvement\s+to\s*$/i.test(s.text)))) return false;
      return editSegments(ctx, notItem(ctx), (t) => t.replace(/\b(requires?[\s-]+improvement)\b(?![\s-]+to\b)/gi, '$1 to be good'));
    },
  },
  { name: 'grade-hyphenated', apply: (ctx) => editSegments(ctx, notItem(ctx), (t) => (isGradePiece(t) ? t.replace(/ /g, '-') : t)) },

  // Apostrophes and quotes, everywhere (items keep the mark as printed).
  { name: 'apostrophe-curly', apply: (ctx) => editSegments(ctx, all, (t) => t.replace(/'/g, '’')), expect: mapTexts((s) => s.replace(/'/g, '’')) },
  { name: 'apostrophe-straight', apply: (ctx) => editSegments(ctx, all, (t) => t.replace(/[’‘]/g, "'")), expect: mapTexts((s) => s.replace(/[’‘]/g, "'")) },
  { name: 'quotes-straight', apply: (ctx) => editSegments(ctx, all, (t) => t.replace(/[“”]/g, '"')), expect: mapTexts((s) => s.replace(/[“”]/g, '"')) },

  // Bullet glyphs on every bulleted line.
  bulletMutation('bullet-•', '•'),
  bulletMutation('bullet-▪', '▪'),
  bulletMutation('bullet-●', '●'),
  bulletMutation('bullet-◦', '◦'),
  bulletMutation('bullet-–', '–'),
  bulletMutation('bullet--', '-'),
  bulletMutation('bullet-U+F0B7', '\uf0b7'),
  bulletMutation('bullet-U+F0A7', '\uf0a7'),
  bulletMutation('bullet-➢', '➢'),
  bulletMutation('bullet-►', '►'),
  bulletMutation('bullet-◆', '◆'),
  bulletMutation('bullet-✓', '✓'),
  bulletMutation('bullet-none', null),

  // Items re-wrapped.
  {
    // Two lines of an item on each page printed as one, the rest of the page a line higher, as a re-wrap prints it.
    name: 'rewrap-merge',
    apply: (ctx) => {
      const done = new Set<number>();
      let changed = false;
      for (const [a, b] of itemPairs(ctx)) {
        if (done.has(a.page) || /[-–—]$/.test(a.text.trim())) continue;
        done.add(a.page);
        const page = ctx.doc.pages[a.page - 1]!;
        const rise = a.y - b.y;
        const bottom = page.height * 0.1;
        for (const l of page.lines.slice(page.lines.indexOf(b) + 1)) if (l.y > bottom) l.y += rise;
        const last = a.segments[a.segments.length - 1]!;
        last.text = `${last.text} ${b.text}`;
        last.x2 = b.x2;
        a.x2 = b.x2;
        retext(a);
        b.segments = [];
        changed = true;
      }
      if (changed) dropEmpty(ctx);
      return changed;
    },
  },
  {
    name: 'rewrap-shift-word',
    apply: (ctx) => {
      let changed = false;
      for (const [a, b] of itemPairs(ctx)) {
        const last = a.segments[a.segments.length - 1]!;
        const m = /^(.*\S)\s+(\S+)$/.exec(last.text);
        if (!m || /[-–—]$/.test(last.text) || m[1]!.split(' ').length < 3) continue;
        last.text = m[1]!;
        const first = b.segments[0]!;
        first.text = `${m[2]} ${first.text}`;
        retext(a);
        retext(b);
        changed = true;
      }
      return changed;
    },
  },
  {
    // One line of an item on each page broken in two: the new line at the item's text indent, the rest of the page a line lower, as a re-wrap prints it.
    name: 'rewrap-split',
    apply: (ctx) => {
      let changed = false;
      for (const p of ctx.doc.pages) {
        const out: Line[] = [];
        let shift = 0;
        const bottom = p.height * 0.1;
        for (let i = 0; i < p.lines.length; i++) {
          const a = p.lines[i]!;
          // Running footers stay where they are; everything else moves down with the text above it.
          if (shift > 0 && a.y > bottom) a.y -= shift;
          out.push(a);
          const next = p.lines[i + 1];
          const last = a.segments[a.segments.length - 1]!;
          const words = last.text.split(' ');
          const item = ctx.itemOf.get(a);
          // One split a page: more would push lines past the foot of the page, where a real re-wrap flows them onto the next.
          if (!item || shift > 0 || words.length < 8 || /[-–—]$/.test(last.text) || a.y < bottom + 3 * a.size) continue;
          const sameItem = next && ctx.itemOf.get(next)?.index === item.index && ctx.itemOf.get(next)?.list === item.list && markerOf(next.text) === null;
          const cut = Math.floor(words.length / 2);
          last.text = words.slice(0, cut).join(' ');
          retext(a);
          const indent = sameItem ? next.x : a.segments.length > 1 ? a.segments[1]!.x : a.x;
          const spacing = sameItem ? Math.min(a.y - next.y + shift, 1.4 * a.size) : 1.2 * a.size;
          const text = words.slice(cut).join(' ');
          out.push({ ...a, y: a.y - spacing, x: indent, segments: [{ x: indent, x2: a.x2, text }], text });
          shift += spacing;
          changed = true;
        }
        p.lines = out;
      }
      return changed;
    },
  },

  // The improvement list's heading worded otherwise.
  headingMutation('heading-in-this-la', 'improvements', () => 'What needs to improve in this local authority?'),
  headingMutation('heading-la-needs', 'improvements', () => 'What does the local authority need to improve?'),
  headingMutation('heading-what-needs', 'improvements', () => 'What needs to improve?'),
  headingMutation('heading-areas', 'improvements', () => 'Areas for improvement'),
  headingMutation('heading-recommendations', 'improvements', () => 'Recommendations'),
  headingMutation('heading-upper', 'improvements', (t) => t.toUpperCase()),
  headingMutation('heading-colon', 'improvements', (t) => `${t.replace(/[?:]\s*$/, '')}:`),
  headingMutation('heading-no-punct', 'improvements', (t) => t.replace(/[?:]\s*$/, '')),
  headingMutation('heading-curly-la', 'improvements', (t) => t.replace(/\?$/, ' in the local authority’s services?')),
  headingMutation('lscb-heading-what-does', 'lscb', () => 'What does the LSCB need to improve?'),
  headingMutation('lscb-heading-recommendations', 'lscb', () => 'Recommendations'),
  headingMutation('lscb-heading-areas', 'lscb', () => 'Areas for improvement'),
  headingMutation('lscb-heading-upper', 'lscb', (t) => t.toUpperCase()),

  // The headline sentences (SIF overall, LSCB) with a word dropped or added.
  ...(['overall', 'lscb'] as const).flatMap((key): Mutation[] => [
    {
      name: `headline-${key}-drop-second-word`,
      apply: (ctx) => {
        const l = sentenceLine(ctx, key);
        const s = l?.segments[0];
        if (!l || !s) return false;
        const w = s.text.split(' ');
        if (w.length < 4) return false;
        s.text = [w[0], ...w.slice(2)].join(' ');
        retext(l);
        return true;
      },
    },
    {
      // The grade words of the sentence gone (a wording the reader cannot know): the grade must not be taken from the next sentence.
      name: `headline-${key}-grade-unreadable`,
      apply: (ctx) => {
        const j = ctx.report.judgements.find((x) => x.key === key);
        const l = sentenceLine(ctx, key);
        if (!j || !l || (key === 'overall' && !ctx.report.framework.startsWith('SIF'))) return false;
        // The whole sentence: the lines after it on its page in its type size (a grade wraps: "require improvement to" / "be good").
        const at = ctx.lines.indexOf(l);
        const lines = [l];
        for (let i = at + 1; i < ctx.lines.length && lines.length < 3; i++) {
          const x = ctx.lines[i]!;
          if (x.page !== l.page || Math.abs(x.size - l.size) > 0.5) break;
          lines.push(x);
        }
        return editSegments(ctx, (x) => lines.includes(x), (t) => t.replace(/\b(requires?|improvement|to be good|outstanding|good|inadequate)\b/gi, '').replace(/\s+([.,])/g, '$1').replace(/\s+/g, ' ').trim() || '.');
      },
    },
    {
      name: `headline-${key}-judged-to-be`,
      apply: (ctx) => {
        const l = sentenceLine(ctx, key);
        if (!l) return false;
        return editSegments(ctx, (x) => x === l, (t) => t.replace(/\b(is|are) (outstanding|good|inadequate)\b/i, '$1 judged to be $2').replace(/\b(requires?) improvement\b/i, 'is judged to require improvement'));
      },
    },
    {
      name: `headline-${key}-overall-prefix`,
      apply: (ctx) => {
        const l = sentenceLine(ctx, key);
        const s = l?.segments[0];
        if (!l || !s) return false;
        s.text = `Overall, ${s.text.charAt(0).toLowerCase()}${s.text.slice(1)}`;
        retext(l);
        return true;
      },
    },
  ]),

  // Judgement table labels worded otherwise.
  { name: 'label-colon', apply: (ctx) => editSegments(ctx, notItem(ctx), (t, l) => { const s = labelSegment(l, t); return s && /effectiveness$|families$|protection$|care$|leavers$|permanence$|performance$|governance$|management$|improvement$|people$|provision$/i.test(s.label) ? `${s.label}:${s.grade ? ` ${s.grade}` : ''}` : t; }) },
  { name: 'label-drop-the', apply: (ctx) => editSegments(ctx, notItem(ctx), (t, l) => (labelSegment(l, t) ? t.replace(/^The (experiences|impact)\b/, (_m, w: string) => titleCase(w)) : t)) },
  { name: 'label-upper-case', apply: (ctx) => editSegments(ctx, notItem(ctx), (t, l) => { const s = labelSegment(l, t); return s ? `${s.label.toUpperCase()}${s.grade ? ` ${s.grade}` : ''}` : t; }) },
  { name: 'label-in-care-and-leavers', apply: (ctx) => editSegments(ctx, notItem(ctx), (t, l) => (l.page <= 3 && ctx.report.framework.startsWith('ILACS') ? t.replace(/^(children in care)(\s+(?:requires?|good|outstanding|inadequate)\b.*)?$/i, (_m, a: string, g?: string) => `${a} and care leavers${g ?? ''}`) : t)) },

  // Inspection dates printed in another style.
  { name: 'dates-long', apply: (ctx) => rewriteDates(ctx, (s, e) => `${s.d} ${s.m} ${s.y} to ${e.d} ${e.m} ${e.y}`) },
  { name: 'dates-short', apply: (ctx) => rewriteDates(ctx, (s, e) => (s.m === e.m && s.y === e.y ? `${s.d}–${e.d} ${e.m} ${e.y}` : `${s.d} ${s.m} – ${e.d} ${e.m} ${e.y}`)) },
  { name: 'dates-to-mid', apply: (ctx) => rewriteDates(ctx, (s, e) => (s.y === e.y ? `${s.d} ${s.m} to ${e.d} ${e.m} ${e.y}` : null)) },
];

// ---------------------------------------------------------------- run

const args = process.argv.slice(2);
const opt = (name: string): string | undefined => {
  const i = args.indexOf(name);
  if (i < 0) return undefined;
  const v = args[i + 1];
  args.splice(i, 2);
  return v;
};
const only = opt('--only')?.split(',');
const show = Number(opt('--show') ?? 0);
const jsonlPath = opt('--jsonl');
const fileFilter = opt('--files');
const [src, linesDir] = args;
if (!src || !linesDir) {
  console.error('usage: mutate.ts <corpus reports dir> <lines dir> [--only class,...] [--files substring] [--show N] [--jsonl out.jsonl]');
  process.exit(2);
}
if (only) {
  const unknown = only.filter((n) => !MUTATIONS.some((m) => m.name === n));
  if (unknown.length) {
    console.error(`unknown mutation class: ${unknown.join(', ')} (known: ${MUTATIONS.map((m) => m.name).join(', ')})`);
    process.exit(2);
  }
}
const classes = only ? MUTATIONS.filter((m) => only.includes(m.name)) : MUTATIONS;

const files = corpusPdfs(src).filter((f) => !fileFilter || f.includes(fileFilter));

type Outcome = 'same' | 'noisy' | 'flagged' | 'silent';
const tally = new Map<string, Record<Outcome, number> & { mutated: number; cases: string[] }>();
for (const m of classes) tally.set(m.name, { mutated: 0, same: 0, noisy: 0, flagged: 0, silent: 0, cases: [] });
const jsonl: string[] = [];
const SHA = '0'.repeat(64);
let baseline = 0;
let skipped = 0;

for (const file of files) {
  const rel = path.relative(src, file);
  const cached = path.join(linesDir, rel.replace(/\.pdf$/i, '.json'));
  if (!fs.existsSync(cached)) continue;
  const raw = fs.readFileSync(cached, 'utf8');
  const load = () => JSON.parse(raw) as PdfText | { error: string };
  const first = load();
  if ('error' in first) continue;
  const orig: ParseResult = parseReport(first, { sha256: SHA });
  if (!orig.ok || orig.report.flags.length > 0) {
    skipped++;
    continue;
  }
  baseline++;
  const base = factsOf(orig.report);
  for (const m of classes) {
    const doc = load() as PdfText;
    const ctx: Ctx = { doc, report: orig.report, lines: doc.pages.flatMap((p) => p.lines), itemOf: new Map() };
    mapItems(ctx);
    if (!m.apply(ctx)) continue;
    const t = tally.get(m.name)!;
    t.mutated++;
    const want = m.expect ? m.expect(base) : base;
    const r = parseReport(doc, { sha256: SHA });
    let outcome: Outcome;
    let detail: string;
    if (!r.ok) {
      outcome = 'flagged';
      detail = `error ${r.error.code}: ${r.error.message.slice(0, 120)}`;
    } else {
      const diff = firstDifference(want, factsOf(r.report));
      const flags = r.report.flags.map((f) => `${f.code}: ${f.message.slice(0, 100)}`).join(' | ');
      if (diff === null) {
        outcome = r.report.flags.length ? 'noisy' : 'same';
        detail = flags;
      } else {
        outcome = r.report.flags.length ? 'flagged' : 'silent';
        detail = diff + (flags ? ` [${flags}]` : '');
      }
    }
    t[outcome]++;
    if (outcome !== 'same') {
      jsonl.push(JSON.stringify({ class: m.name, file: rel, outcome, detail }));
      if ((outcome === 'silent' || outcome === 'noisy') && t.cases.filter((c) => c.startsWith(outcome)).length < show) t.cases.push(`${outcome} ${rel}\n      ${detail}`);
    }
  }
}

console.log(`${baseline} files read completely as printed take part (${skipped} read with flags or errors are left out)\n`);
const pad = (s: string | number, n: number) => String(s).padStart(n);
console.log(`${'class'.padEnd(36)}${pad('mutated', 8)}${pad('same', 7)}${pad('noisy', 7)}${pad('flagged', 8)}${pad('SILENT', 8)}`);
for (const [name, t] of tally) {
  console.log(`${name.padEnd(36)}${pad(t.mutated, 8)}${pad(t.same, 7)}${pad(t.noisy, 7)}${pad(t.flagged, 8)}${pad(t.silent, 8)}`);
  for (const c of t.cases) console.log(`    ${c}`);
}
if (jsonlPath) fs.writeFileSync(jsonlPath, jsonl.join('\n') + (jsonl.length ? '\n' : ''));
