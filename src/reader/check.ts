// Internal-consistency checks on a Report. A Report can be well-typed and
// still wrong: a judgement read from the wrong cell, an item that swallowed
// a running header, dates from the wrong line. These rules use only the
// frameworks table and what the report itself says, so they apply to any
// report, including ones nobody has labelled, and ingest can use them to
// flag reads worth a person's look.
import { FRAMEWORKS, GRADE_LABELS, isFrameworkId, requiredKeys, type Framework, type Grade, type JudgementDef, type JudgementKey } from '../domain/frameworks.ts';
import { gradesIn, labelWords, matchLabel, parseGrade } from './grammar.ts';
import type { ImprovementItem, ReadFlag, ReadFlagCode, Report } from '../domain/report.ts';

/** Longest plausible on-site span; SIF inspections ran four weeks, a few were split around a break. */
export const MAX_SPAN_DAYS = 40;

const DAY_MS = 24 * 60 * 60 * 1000;

function isIsoDate(s: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

function days(a: string, b: string): number {
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / DAY_MS);
}

/** Lower case letters and spaces only: how labels and headings are compared. */
function words(s: string): string {
  return s
    .toLowerCase()
    .replace(/[’']/g, '')
    .replace(/[^a-z]+/g, ' ')
    .trim();
}

/** Whether a report prints the part a judgement judges: its title or a section heading names the judgement. */
export function printsPart(report: Report, def: JudgementDef): boolean {
  const labels = [def.label, ...def.variants].map((v) => labelWords(v)).filter((w) => w.length > 0);
  const title = new Set(labelWords(report.title));
  if (labels.some((w) => w.every((x) => title.has(x)))) return true;
  return report.sections.some((s) => matchLabel(s.heading, [def]) !== null || labels.some((w) => w.length > 1 && w.every((x) => new Set(labelWords(s.heading)).has(x))));
}

/** Whether the report carries a Local Safeguarding Children Board review (SIF reports usually do). */
export function hasLscbReview(report: Report): boolean {
  const fw = FRAMEWORKS[report.framework];
  const def = fw?.judgements.find((j) => j.key === 'lscb');
  if (!fw || !def) return false;
  return def.required === 'always' || printsPart(report, def);
}

/** Whether the on-site dates were printed as more than one range ("30 September to 11 October 2024 and 13 to 16 January 2025"). */
export function isSplitInspection(report: Report): boolean {
  const t = report.inspection.datesEvidence?.text ?? '';
  return /\d\D+\band\b\D*\d/.test(t) || (t.match(/\b\d{1,2}\b(?!\d)/g) ?? []).length > 2;
}

/** The judgement keys a report of this framework must carry, in report order. */
export function expectedKeys(report: Report, fw: Framework): JudgementKey[] {
  return requiredKeys(fw, (def) => printsPart(report, def));
}


// Page furniture that must never end up inside an item.
const DEBRIS: { re: RegExp; what: string }[] = [
  { re: /\binspection of [a-z ,&-]{2,80}? local authority children[’']?s services\b/i, what: 'a running header ("Inspection of … local authority children’s services")' },
  { re: /\binspection report:? [^.]{0,80}\d{1,2} \w+ \d{4}/i, what: 'a running header ("Inspection report: …, dates")' },
  { re: /\bpage \d{1,3} of \d{1,3}\b/i, what: 'a page number ("Page N of M")' },
  { re: /\b(?:https?:\/\/|www\.)\S+/i, what: 'a URL (page footer)' },
  { re: /\b[\w.-]+@ofsted\.gov\.uk\b/i, what: 'an e-mail address (page footer)' },
  { re: /©\s*crown copyright/i, what: 'a copyright line (page footer)' },
];

/** Shortest text that can be a real improvement item. */
const MIN_ITEM_CHARS = 12;

// A person's name as reports print it: 2–4 capitalised words; particles and
// hyphenated or apostrophised parts allowed ("Anne-Marie O’Connor", "Nick Stacey").
const NAME_WORD = /^(?:[A-Z][a-zà-ÿ]*(?:[’'-][A-Z]?[a-zà-ÿ]+)*\.?|Mc[A-Z][a-z]+|Mac[A-Z][a-z]+|de|der|den|van|von|du|le|la|di|da|ten|ter)$/;
const NOT_A_NAME = /\b(?:hmi|inspector|inspectors|ofsted|majesty|majesty’s|majesty's|her|his|lead|social|care|services|regulation|team)\b/i;

export function looksLikeName(name: string): boolean {
  if (NOT_A_NAME.test(name)) return false;
  const parts = name.trim().split(/\s+/);
  if (parts.length < 2 || parts.length > 4) return false;
  if (!/^[A-Z]/.test(parts[0]!) || !/^(?:Mc|Mac|O’|O')?[A-Z]/.test(parts[parts.length - 1]!)) return false;
  return parts.every((p) => NAME_WORD.test(p));
}

/** The judgement a body heading like "The experiences and progress of children in care: good" states, if any. */
export function headlineJudgement(heading: string, fw: Framework): { key: JudgementKey; grade: Grade } | null {
  const m = /^(.*\S)\s*[:–—-]\s*([A-Za-z ]+)$/.exec(heading.trim());
  if (!m) return null;
  const grade = parseGrade(m[2]!);
  if (!grade) return null;
  const label = words(m[1]!);
  for (const def of fw.judgements) {
    if (def.variants.some((v) => words(v) === label) || words(def.label) === label) return { key: def.key, grade };
  }
  return null;
}

function checkItems(items: ImprovementItem[], what: string, report: Report): string[] {
  const out: string[] = [];
  const seen = new Map<string, number>();
  const repeats: string[] = [];
  const headings = report.sections
    .map((s) => s.heading.replace(/\s+/g, ' ').trim())
    .filter((h) => h.split(' ').length >= 3);
  // Some lists continue a lead-in ("…should improve:") and start every item in lower case;
  // a lower-case item is only suspect in a list whose items mostly start with a capital.
  const capitalised = items.filter((i) => /^[A-Z0-9(“"‘']/.test(i.text.trim())).length * 2 > items.length;
  items.forEach((item, i) => {
    const n = `${what} ${i + 1}`;
    const text = item.text.replace(/\s+/g, ' ').trim();
    if (text.length < MIN_ITEM_CHARS) {
      out.push(`${n} is too short to be an item: "${text}"`);
      return;
    }
    if (/^[a-z]/.test(text) && capitalised) out.push(`${n} starts in lower case, so it is probably the continuation of the item before it: "${text.slice(0, 60)}"`);
    for (const d of DEBRIS) {
      const m = d.re.exec(text);
      if (m) out.push(`${n} contains ${d.what}: "${m[0]}"`);
    }
    // "16- and 17-year-olds" is how reports suspend a hyphen; "17- year-olds" is a line-end hyphen left unjoined.
    const unjoined = /\b\d{1,3}- (?!(?:and|or|to|nor)\b)[a-z]+/.exec(text);
    if (unjoined) out.push(`${n} keeps a line-end hyphen apart from its word: "${unjoined[0]}"`);
    const glued = /\b[A-Za-z]+-(?:and|or) [A-Za-z]+-[a-z]+/.exec(text);
    if (glued) out.push(`${n} glues a suspended hyphen to the next word: "${glued[0]}" (printed "…- and …")`);
    for (const h of headings) {
      if (text.length > h.length && text.endsWith(h)) out.push(`${n} runs on into the heading "${h}"`);
    }
    if (item.page < 1 || item.page > report.pageCount) out.push(`${n} is on page ${item.page}, outside the report's ${report.pageCount} pages`);
    if (item.tag !== null && !text.includes(item.tag)) out.push(`${n} has tag "${item.tag}", which is not in its text`);
    if (item.tag === null && /\(\s*outcome [^()]*national framework\s*\)/i.test(text)) out.push(`${n} prints a National Framework tag that was not read as its tag`);
    const key = words(text);
    const prev = seen.get(key);
    if (prev !== undefined) repeats.push(`${n} repeats ${what} ${prev + 1}`);
    else seen.set(key, i);
  });
  // Reports occasionally print one recommendation twice; a list read twice repeats many.
  if (repeats.length > 1) out.push(...repeats);
  return out;
}

/**
 * Internal-consistency problems of a report, each with its kind (a fact
 * missing, or read but doubtful) and a sentence a person can act on; empty
 * when none. Pure: looks only at the report and the frameworks table.
 */
export function checkProblems(report: Report): ReadFlag[] {
  const out: ReadFlag[] = [];
  const add = (code: ReadFlagCode, message: string): void => {
    out.push({ code, message });
  };
  const doubt = (message: string): void => add('doubtful', message);
  if (!isFrameworkId(report.framework)) return [{ code: 'doubtful', message: `framework "${String(report.framework)}" is not in the frameworks table` }];
  const fw = FRAMEWORKS[report.framework];

  // Judgements: exactly the framework's keys, each once, on its scale.
  const expected = expectedKeys(report, fw);
  const seen = new Set<JudgementKey>();
  for (const j of report.judgements) {
    if (seen.has(j.key)) doubt(`judgement ${j.key} is given more than once`);
    seen.add(j.key);
    const def = fw.judgements.find((d) => d.key === j.key);
    if (!def) doubt(`judgement ${j.key} is not one of ${fw.id}'s judgements`);
    else if (def.required === 'when_printed' && !printsPart(report, def)) doubt(`judgement ${j.key} is given, but neither the title nor any heading names "${def.label}"`);
    if (j.grade !== 'not_judged' && !fw.scale.includes(j.grade)) doubt(`judgement ${j.key} is ${j.grade}, which is not on ${fw.id}'s scale (${fw.scale.join(', ')})`);
    if (j.page < 1 || j.page > report.pageCount) doubt(`judgement ${j.key} is on page ${j.page}, outside the report's ${report.pageCount} pages`);
    const named = gradesIn(j.text);
    if (!named.includes(j.grade)) doubt(`judgement ${j.key} is ${j.grade}, but the words it was read from do not say "${GRADE_LABELS[j.grade]}": "${j.text.slice(0, 120)}"`);
    // The words must not name a different grade either ("Requires improvement to … be good" read as Good).
    for (const other of named) {
      if (other === j.grade || (j.grade === 'requires_improvement' && other === 'good')) continue;
      doubt(`judgement ${j.key} is ${j.grade}, but the words it was read from also say "${GRADE_LABELS[other]}": "${j.text.slice(0, 120)}"`);
    }
  }
  for (const k of expected) {
    if (seen.has(k)) continue;
    const label = fw.judgements.find((d) => d.key === k)?.label ?? k;
    add('missing_judgement', `the judgement "${label}" (${k}) was not read (${fw.id} reports carry ${expected.join(', ')})`);
  }

  // Body headlines ("…children in care: good") must agree with the table.
  for (const s of report.sections) {
    const h = headlineJudgement(s.heading, fw);
    if (!h) continue;
    const j = report.judgements.find((x) => x.key === h.key);
    if (j && j.grade !== h.grade) doubt(`judgement ${h.key} is ${j.grade}, but the body heading on page ${s.pages[0]} says "${s.heading}"`);
  }

  // Dates.
  const { start, end } = report.inspection;
  if (!start) add('missing_dates', 'the inspection start date was not read');
  else if (!isIsoDate(start)) doubt(`the inspection start date "${start}" is not a real date`);
  if (!end) add('missing_dates', 'the inspection end date was not read');
  else if (!isIsoDate(end)) doubt(`the inspection end date "${end}" is not a real date`);
  if (start && end && isIsoDate(start) && isIsoDate(end)) {
    const span = days(start, end);
    if (span < 0) doubt(`the inspection ends (${end}) before it starts (${start})`);
    else if (span > MAX_SPAN_DAYS && !isSplitInspection(report)) doubt(`the inspection spans ${span} days (${start} to ${end}), more than the ${MAX_SPAN_DAYS} any inspection took`);
  }
  if (start && isIsoDate(start)) {
    if (start < fw.from || (fw.to !== null && start > fw.to)) {
      doubt(`the inspection started on ${start}, outside ${fw.id}'s dates in force (${fw.from} to ${fw.to ?? 'now'})`);
    }
  }

  // Lead inspector. Some reports name none; whether one was printed but not read is for the completeness check, which has the text.
  const lead = report.inspection.leadInspector;
  if (lead && !looksLikeName(lead)) doubt(`the lead inspector "${lead}" does not look like a person's name`);

  // Authority.
  if (!report.localAuthority.urn) add('missing_authority', `the authority "${report.localAuthority.printedName}" was not matched to the authorities data`);

  // Improvement items. Only a report judged outstanding throughout may say there is nothing to improve.
  const allOutstanding = report.judgements.length > 0 && report.judgements.every((j) => j.grade === 'outstanding');
  if (fw.improvements && report.improvements.length === 0 && !allOutstanding) add('missing_improvements', `no items of "${fw.improvements.name}" were read`);
  for (const m of checkItems(report.improvements, 'improvement', report)) doubt(m);
  // A judgement with its own list (a SIF report's LSCB review and its recommendations).
  const own = fw.judgements.find((d) => d.ownList);
  if (report.lscbImprovements.length > 0 && !(own && (own.required === 'always' || printsPart(report, own)))) doubt('LSCB recommendations are given, but the report has no LSCB review');
  if (own && own.required === 'when_printed' && printsPart(report, own)) {
    // Judged outstanding, a review may have nothing to recommend; any other grade comes with some.
    const grade = report.judgements.find((j) => j.key === own.key)?.grade;
    if (report.lscbImprovements.length === 0 && grade !== 'outstanding') add('missing_improvements', `the report has ${own.ownList} (${grade ?? 'no grade read'}), but none of its recommendations were read`);
  }
  for (const m of checkItems(report.lscbImprovements, 'LSCB recommendation', report)) doubt(m);

  if (!Number.isInteger(report.pageCount) || report.pageCount < 1) doubt(`the page count ${report.pageCount} is not a positive whole number`);
  if (!/^[0-9a-f]{64}$/.test(report.sha256)) doubt('the SHA-256 is not 64 hex digits');
  return out;
}

/** Internal-consistency problems of a report, as sentences a person can act on; empty when none. */
export function checkReport(report: Report): string[] {
  return checkProblems(report).map((p) => p.message);
}
