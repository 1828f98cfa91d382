// The one grammar of Ofsted's reports, for every framework: how grades are
// worded, how a printed label is matched to a judgement key, how list items
// are marked, and how printed lines join into text. The layout parsers keep
// only what truly differs between layouts (where the table sits, which
// heading a list is under); everything about words is recognised here.
import type { Grade, JudgementDef, JudgementKey } from '../domain/frameworks.ts';

// ---------------------------------------------------------------- text

/** Lower case, curly quotes and dashes made plain, whitespace collapsed: for comparing printed words. */
export function normText(s: string): string {
  return s
    .normalize('NFKC')
    .replace(/[\u2018\u2019\u02bc`]/g, "'")
    .replace(/[\u201c\u201d]/g, '"')
    .replace(/[\u2010-\u2015\u2500]/g, '-')
    .replace(/\s+/g, ' ')
    .trim()
    .toLowerCase();
}

// ---------------------------------------------------------------- grades

// Grades as words. Ofsted has printed the middle grade with either verb
// number ("requires"/"require improvement"), with or without "to be good",
// wrapped anywhere, in any case and with hyphens for spaces.
const RI = 'requires? improvement(?: to be good)?';
const GRADE_ALT = `${RI}|outstanding|inadequate|adequate|not judged|good`;

/** Grade words as compared: lower case, hyphens and punctuation as spaces. */
function gradeWords(text: string): string {
  return normText(text)
    .replace(/[^a-z]+/g, ' ')
    .trim();
}

/** A whole text that is a grade ("Requires improvement to be good", "GOOD", "Not judged"); null when it is not one. */
export function parseGrade(text: string): Grade | null {
  const t = gradeWords(text);
  if (new RegExp(`^${RI}$`).test(t)) return 'requires_improvement';
  switch (t) {
    case 'outstanding':
      return 'outstanding';
    case 'good':
      return 'good';
    case 'adequate':
      return 'adequate';
    case 'inadequate':
      return 'inadequate';
    case 'not judged':
      return 'not_judged';
  }
  return null;
}

const GRADE_IN_TEXT = new RegExp(`\\b(${GRADE_ALT.replace(/ /g, '[\\s-]+')})\\b`, 'i');

/** The first grade phrase inside a sentence, and the sentence up to its end. */
export function firstGrade(text: string): { grade: Grade; upTo: string } | null {
  const m = GRADE_IN_TEXT.exec(text);
  if (!m) return null;
  const grade = parseGrade(m[1]!);
  if (!grade) return null;
  return { grade, upTo: text.slice(0, m.index + m[0].length).trim() };
}

// Each grade as words inside any text (lower case letters and spaces, as
// gradeWords gives): "good" is not satisfied by the "good" of "requires
// improvement to be good" (but is by "judged to be good"), nor "adequate" by "inadequate".
const GRADE_WORDS: Record<Grade, RegExp> = {
  outstanding: /\boutstanding\b/,
  good: /(?<!improvement to be )\bgood\b/,
  requires_improvement: /\brequires? improvement\b/,
  adequate: /(?<!in)\badequate\b/,
  inadequate: /\binadequate\b/,
  not_judged: /\bnot judged\b/,
};

/** Every grade a text names, anywhere in it ("Overall effectiveness Requires improvement to be good" names requires_improvement only). */
export function gradesIn(text: string): Grade[] {
  const t = gradeWords(text);
  return (Object.keys(GRADE_WORDS) as Grade[]).filter((g) => GRADE_WORDS[g].test(t));
}

// The words of the long grade in order: a table cell may hold any run of
// them when the grade wraps ("Requires improvement" / "to be good",
// "Requires improvement to" / "be good").
const RI_WORDS = ['requires', 'improvement', 'to', 'be', 'good'];

function riRun(words: string[]): 'whole' | 'head' | 'tail' | 'middle' | null {
  const w = words.map((x) => (x === 'require' ? 'requires' : x));
  for (let s = 0; s < RI_WORDS.length; s++) {
    if (RI_WORDS.slice(s, s + w.length).join(' ') !== w.join(' ')) continue;
    const head = s === 0;
    const tail = s + w.length === RI_WORDS.length;
    if (head && tail) return 'whole';
    if (head) return 'head';
    if (tail) return 'tail';
    return 'middle';
  }
  return null;
}

/** A table cell that is only a grade, or a wrapped part of one. */
export function isGradePiece(text: string): boolean {
  const t = gradeWords(text);
  if (!t) return false;
  if (parseGrade(t) !== null || t === 'not' || t === 'judged') return true;
  const run = riRun(t.split(' '));
  // A lone "to" or "be" is too common a word to be taken for a grade's middle.
  return run !== null && (run !== 'middle' || t === 'to be' || t === 'improvement' || t === 'improvement to' || t === 'improvement to be');
}

/**
 * Splits a table cell into its label words and a grade (or a wrapped part
 * of one) printed at its end: "Overall effectiveness Good",
 * "… children in care Requires improvement", "… care leavers to be good".
 */
export function splitGrade(text: string): { label: string; grade: string } {
  const t = text.replace(/\s+/g, ' ').replace(/\s*\bgrade \d\b\s*$/i, '').trim();
  if (isGradePiece(t)) return { label: '', grade: t };
  const words = t.split(' ');
  // Longest tail first, so "requires improvement to be good" is taken whole.
  for (let n = Math.min(words.length - 1, RI_WORDS.length); n >= 1; n--) {
    const tail = words.slice(-n).join(' ');
    const g = gradeWords(tail);
    const whole = parseGrade(g) !== null;
    const run = riRun(g.split(' '));
    // After a label only a grade's start or end can stand: "… to be good" ends a grade wrapped from above.
    const piece = whole || run === 'head' || (run === 'tail' && n >= 2);
    if (piece) return { label: words.slice(0, -n).join(' '), grade: tail };
  }
  return { label: t, grade: '' };
}

/** Grades wrapped over cells, joined: whether `next` continues `joined` ("Requires improvement" + "to be good"). */
export function continuesGrade(joined: string, next: string): boolean {
  return parseGrade(joined) === null || parseGrade(`${joined} ${next}`) !== null;
}

// ---------------------------------------------------------------- labels

const STOP = new Set(['and', 'the', 'of']);

/** A label's words for matching: lower case letters, without possessives, "and", "the", "of". */
export function labelWords(s: string): string[] {
  return normText(s)
    .replace(/'s\b/g, '')
    .replace(/'/g, '')
    .replace(/[^a-z ]+/g, ' ')
    .split(' ')
    .filter((w) => w.length > 0 && !STOP.has(w));
}

function jaccard(a: Set<string>, b: Set<string>): number {
  if (a.size === 0 || b.size === 0) return 0;
  let shared = 0;
  for (const w of a) if (b.has(w)) shared++;
  return shared / (a.size + b.size - shared);
}

// Labels come from the frameworks table: their words are worked out once.
const labelCache = new Map<string, Set<string>>();
function wordsOfLabel(v: string): Set<string> {
  let set = labelCache.get(v);
  if (!set) {
    set = new Set(labelWords(v));
    labelCache.set(v, set);
  }
  return set;
}

/** Similarity of a printed label to one of the table's labels: shared words over all words. */
export function labelScore(printed: string, label: string): number {
  return jaccard(new Set(labelWords(printed)), wordsOfLabel(label));
}

/** How close a printed label must be to a judgement's label to be read as it. */
export const LABEL_MATCH = 0.5;

/**
 * The judgement a printed label names, among `defs` (the table's labels and
 * their printed variants); null when none is close. Word sets, not strings,
 * are compared, so wraps, punctuation and the odd missing word still match.
 */
export function matchLabel(printed: string, defs: readonly JudgementDef[], min = LABEL_MATCH): { key: JudgementKey; score: number } | null {
  const a = new Set(labelWords(printed));
  let best: { key: JudgementKey; score: number } | null = null;
  for (const def of defs) {
    for (const v of [def.label, ...def.variants]) {
      const score = jaccard(a, wordsOfLabel(v));
      if (!best || score > best.score) best = { key: def.key, score };
    }
  }
  return best && best.score >= min ? best : null;
}

// ---------------------------------------------------------------- lists

// Bullet glyphs as they come out of the fonts Ofsted has used, symbol-font
// characters mapped into the private use area and combining overlays drawn
// as dashes among them, and dashes or asterisks followed by a space.
// Any arrow, geometric shape, dingbat or check mark a Word template can use
// as a bullet (➢ ► ◆ ✓ ❖ ⇒ …) is one.
const GLYPHS = String.raw`\u0334-\u0338·‣∙⁃⦁\u2022\u2043\u2190-\u21ff\u25a0-\u25ff\u2700-\u27bf\u2b00-\u2bff\ue000-\uf8ff`;
const BULLET = new RegExp(`^\\s*(?:[${GLYPHS}]|[-–—−*](?=\\s))\\s*`);
const NUMBER = /^\s*(?:\(?\d{1,3}[.)](?!\d)|\d{1,2}\s(?=[A-Z]))\s*/;
const LETTER = /^\s*(?:\(?[a-z]{1,2}[.)]|\([ivx]+\)|[ivx]+\.)\s+/;

export type Marker = 'bullet' | 'number' | 'letter';

/** The marker a list line starts with, if any. */
export function markerOf(text: string): Marker | null {
  if (BULLET.test(text)) return 'bullet';
  if (NUMBER.test(text)) return 'number';
  if (LETTER.test(text)) return 'letter';
  return null;
}

/** The line without its bullet or number. */
export function stripMarker(text: string): string {
  return text.replace(BULLET, '').replace(NUMBER, '').trim();
}

// Glyphs that are never words: private-use symbol-font characters, bullets
// left between sub-points, overlay marks (U+0336, drawn as a dash between
// sub-points) and other combining marks with no letter to sit on.
const STRAY = new RegExp(String.raw`\s*[${GLYPHS}]\s*|(?<![A-Za-z\u00c0-\u024f])[\u0300-\u036f]+`, 'g');

/** Item text as printed, without bullet glyphs or stray marks between its words. */
export function cleanItemText(text: string): string {
  return text
    .normalize('NFC')
    .replace(STRAY, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Characters that must never be in an item's text, for the completeness check. */
export function strayGlyph(text: string): string | null {
  const m = new RegExp(String.raw`[${GLYPHS}]|(?<![A-Za-z\u00c0-\u024f])[\u0300-\u036f]`).exec(text.normalize('NFC'));
  return m ? m[0] : null;
}

// ---------------------------------------------------------------- joining lines

/**
 * Joins printed lines into text: whitespace collapsed; a word or number
 * broken after a hyphen ("long-" / "term", "17-" / "year-olds") or a range
 * broken after a dash ("129–" / "130") joined up, the hyphen or dash kept;
 * a suspended hyphen before "and"/"or" ("short-" / "and longer-term") keeps its space.
 */
export function joinLines(texts: string[]): string {
  const parts: string[] = [];
  // How the text so far ends, kept as the parts grow so no test rescans it.
  let brokenWord = false;
  let brokenRange = false;
  for (const raw of texts) {
    const t = raw.replace(/\s+/g, ' ').trim();
    if (!t) continue;
    const join = (brokenWord && /^[A-Za-z0-9]/.test(t) && !/^(and|or)\b/.test(t)) || (brokenRange && /^\d/.test(t));
    if (parts.length > 0 && !join) parts.push(' ');
    parts.push(t);
    const last = t.charCodeAt(t.length - 1);
    const before = t.charAt(t.length - 2);
    brokenWord = t.length >= 2 && last === 45 && /[A-Za-z0-9]/.test(before);
    brokenRange = t.length >= 2 && (last === 0x2013 || last === 0x2014) && /\d/.test(before);
  }
  return parts.join('');
}
