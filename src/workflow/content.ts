// What the team records, checked before it is stored: evidence (never with
// a child's name or other obvious personal data), judgements against the
// framework's keys and scale, and the items of what needs to improve.
// Each check returns the problems in words a person can act on.
import { FRAMEWORKS, GRADE_LABELS, type Framework, type FrameworkId, type Grade, type JudgementKey, type SectionKey } from '../domain/frameworks.ts';

import { EVIDENCE_SOURCES, type EvidenceSource } from '../domain/workflow.ts';
import { markerOf } from '../reader/grammar.ts';

export { EVIDENCE_SOURCES, type EvidenceSource } from '../domain/workflow.ts';

export const SOURCE_LABELS: Record<EvidenceSource, string> = { case_file: 'Case file', meeting: 'Meeting', observation: 'Observation', data: 'Data' };

export interface EvidenceInput {
  area: JudgementKey;
  criterion: string;
  source: EvidenceSource;
  caseRef: string | null;
  text: string;
}

export const LIMITS = { criterion: 300, text: 5000, item: 1000, items: 30, rationale: 5000, comment: 5000, section: 20000 } as const;

/**
 * Obvious personal data, refused wherever the team writes free text. Not a
 * guarantee (no pattern finds every name): a net for the common slips, each
 * with the words that say what was found.
 */
const PERSONAL_DATA: { pattern: RegExp; what: string }[] = [
  { pattern: /[A-Z0-9._%+-]+@[A-Z0-9.-]+\.[A-Z]{2,}/i, what: 'an email address' },
  { pattern: /(?:\+44\s?7\d{3}|\b07\d{3})\s?\d{3}\s?\d{3}\b|\b0[12]\d{2,3}\s?\d{3}\s?\d{3,4}\b/, what: 'a telephone number' },
  { pattern: /\b\d{3}[ -]?\d{3}[ -]?\d{4}\b/, what: 'what looks like an NHS number (ten digits)' },
  { pattern: /\b(?!BG|GB|NK|KN|TN|NT|ZZ)[A-CEGHJ-PR-TW-Z]{2}\s?\d{2}\s?\d{2}\s?\d{2}\s?[A-D]\b/i, what: 'what looks like a National Insurance number' },
  { pattern: /\b(?:d\.?o\.?b\.?|date of birth|born on)\b/i, what: 'a date of birth' },
  { pattern: /\b[A-Z]{1,2}\d[A-Z\d]?\s+\d[A-Z]{2}\b/, what: 'a postcode' },
  { pattern: /\b(?:Mr|Mrs|Ms|Miss|Mx|Master)\.?\s+[A-Z][a-z]+/, what: 'a name with a title (Mr, Mrs, Ms, Miss, Mx, Master)' },
  { pattern: /\b(?:called|named|name is|known as)\s+[A-Z][a-z]+/, what: 'a name ("called …", "named …", "known as …")' },
];

/** The personal data a text seems to hold, in words; empty when none was found. */
export function personalDataIn(text: string): string[] {
  return PERSONAL_DATA.filter((p) => p.pattern.test(text)).map((p) => p.what);
}

function personalDataProblem(field: string, text: string): string | null {
  const found = personalDataIn(text);
  if (!found.length) return null;
  return `${field} seems to contain ${found.join(' and ')}. Evidence never names children or families or holds their contact details: use the pseudonymous case reference and describe, without identifying anyone.`;
}

/** A pseudonymous case reference: letters and digits only, like C-0042 (never a name or a council's own record number with a name in it). */
export const CASE_REF = /^[A-Z]{1,4}-?\d{1,8}$/;

export function frameworkAreas(fw: Framework): JudgementKey[] {
  return fw.judgements.map((j) => j.key);
}

export type Checked<T> = { ok: true; value: T } | { ok: false; problems: { field: string; message: string }[] };

/** Checks evidence for an inspection under the framework `fwId`. */
export function checkEvidence(fwId: FrameworkId, raw: Record<string, unknown>): Checked<EvidenceInput> {
  const fw = FRAMEWORKS[fwId];
  const problems: { field: string; message: string }[] = [];
  const str = (k: string): string => (typeof raw[k] === 'string' ? (raw[k] as string).trim() : '');
  const area = str('area');
  const areas = frameworkAreas(fw);
  if (!areas.includes(area as JudgementKey)) problems.push({ field: 'area', message: area ? `"${area}" is not a judgement area of ${fw.name}: choose one of ${areas.join(', ')}.` : 'Choose the judgement area the evidence is for.' });
  const criterion = str('criterion');
  // Where the frameworks table lists a judgement's evaluation criteria, the evidence names one of them.
  const criteria = fw.judgements.find((j) => j.key === area)?.criteria ?? [];
  if (!criterion) problems.push({ field: 'criterion', message: 'Choose the evaluation criterion the evidence bears on.' });
  else if (criterion.length > LIMITS.criterion) problems.push({ field: 'criterion', message: `The criterion must be ${LIMITS.criterion} characters or fewer.` });
  else if (criteria.length > 0 && !criteria.includes(criterion)) problems.push({ field: 'criterion', message: `"${criterion}" is not one of ${fw.name}'s evaluation criteria for this area: choose one of ${criteria.map((c) => `"${c}"`).join(', ')}.` });
  const source = str('source');
  if (!(EVIDENCE_SOURCES as readonly string[]).includes(source)) problems.push({ field: 'source', message: `Choose where the evidence comes from: ${EVIDENCE_SOURCES.join(', ')}.` });
  const caseRef = str('caseRef').toUpperCase();
  if (caseRef && !CASE_REF.test(caseRef)) problems.push({ field: 'caseRef', message: `"${str('caseRef')}" is not a pseudonymous case reference: use one to four letters and up to eight digits, like C-0042, never a name.` });
  if (source === 'case_file' && !caseRef) problems.push({ field: 'caseRef', message: 'Evidence from a case file needs the case’s pseudonymous reference, like C-0042.' });
  const text = str('text');
  if (!text) problems.push({ field: 'text', message: 'Enter the evidence.' });
  else if (text.length > LIMITS.text) problems.push({ field: 'text', message: `The evidence must be ${LIMITS.text} characters or fewer; it has ${text.length}.` });
  for (const [field, value] of [['criterion', criterion], ['text', text]] as const) {
    const p = personalDataProblem(field === 'text' ? 'The evidence' : 'The criterion', value);
    if (p) problems.push({ field, message: p });
  }
  if (problems.length) return { ok: false, problems };
  return { ok: true, value: { area: area as JudgementKey, criterion, source: source as EvidenceSource, caseRef: caseRef || null, text } };
}

export interface JudgementInput {
  key: JudgementKey;
  grade: Grade;
  rationale: string | null;
  evidenceIds: number[];
}

/**
 * Checks judgements against the framework: every key one of its judgements,
 * every grade on its scale. (ILACS publishes no rule for combining the area
 * grades into overall effectiveness, so the table has none to apply.)
 * `detail` carries the rationale and evidence each grade rests on.
 */
export function checkJudgements(
  fwId: FrameworkId,
  grades: unknown,
  detail: Record<string, { rationale?: unknown; evidence?: unknown }> = {},
  knownEvidence: ReadonlySet<number> = new Set(),
): Checked<JudgementInput[]> {
  const fw = FRAMEWORKS[fwId];
  if (!grades || typeof grades !== 'object' || Array.isArray(grades)) return { ok: false, problems: [{ field: 'judgements', message: 'judgements must be an object of judgement key to grade, like {"leaders": "good"}.' }] };
  const problems: { field: string; message: string }[] = [];
  const keys = frameworkAreas(fw);
  const out: JudgementInput[] = [];
  for (const [key, grade] of Object.entries(grades as Record<string, unknown>)) {
    if (!keys.includes(key as JudgementKey)) {
      problems.push({ field: key, message: `"${key}" is not a judgement of ${fw.name}: its judgements are ${keys.join(', ')}.` });
      continue;
    }
    if (typeof grade !== 'string' || !(fw.scale as string[]).includes(grade)) {
      problems.push({ field: key, message: `"${String(grade)}" is not a grade on ${fw.name}'s scale: use ${fw.scale.map((g) => `${g} (${GRADE_LABELS[g]})`).join(', ')}.` });
      continue;
    }
    const d = detail[key] ?? {};
    const rationale = typeof d.rationale === 'string' && d.rationale.trim() ? d.rationale.trim() : null;
    if (rationale && rationale.length > LIMITS.rationale) problems.push({ field: key, message: `The rationale must be ${LIMITS.rationale} characters or fewer.` });
    const pd = rationale ? personalDataProblem('The rationale', rationale) : null;
    if (pd) problems.push({ field: key, message: pd });
    const ids = Array.isArray(d.evidence) ? d.evidence.map(Number) : [];
    const unknown = ids.filter((id) => !knownEvidence.has(id));
    if (unknown.length) problems.push({ field: key, message: `Evidence ${unknown.join(', ')} is not recorded for this inspection.` });
    out.push({ key: key as JudgementKey, grade: grade as Grade, rationale, evidenceIds: ids });
  }
  if (problems.length) return { ok: false, problems };
  return { ok: true, value: out };
}

/** Checks the items of what needs to improve: each a non-empty sentence without personal data. */
export function checkImprovements(items: unknown): Checked<string[]> {
  if (!Array.isArray(items)) return { ok: false, problems: [{ field: 'items', message: 'items must be a list of texts, like ["The quality of supervision."].' }] };
  const problems: { field: string; message: string }[] = [];
  if (items.length > LIMITS.items) problems.push({ field: 'items', message: `At most ${LIMITS.items} items.` });
  const out: string[] = [];
  items.forEach((item, i) => {
    const text = typeof item === 'string' ? item.trim() : '';
    if (!text) problems.push({ field: `items[${i}]`, message: `Item ${i + 1} is empty: enter its text or remove it.` });
    else if (text.length > LIMITS.item) problems.push({ field: `items[${i}]`, message: `Item ${i + 1} must be ${LIMITS.item} characters or fewer.` });
    else if (markerOf(text) !== null) problems.push({ field: `items[${i}]`, message: `Item ${i + 1} starts with a bullet, dash or number ("${text.split(/\s+/)[0]}"): the report prints its own bullet, so remove it.` });
    else {
      const pd = personalDataProblem(`Item ${i + 1}`, text);
      if (pd) problems.push({ field: `items[${i}]`, message: pd });
      out.push(text);
    }
  });
  if (problems.length) return { ok: false, problems };
  return { ok: true, value: out };
}

/** Checks a council's comment on the draft (a paragraph number is optional). */
export function checkComment(text: unknown, paragraph: unknown): Checked<{ text: string; paragraph: number | null }> {
  const t = typeof text === 'string' ? text.trim() : '';
  const problems: { field: string; message: string }[] = [];
  if (!t) problems.push({ field: 'text', message: 'Enter the comment.' });
  else if (t.length > LIMITS.comment) problems.push({ field: 'text', message: `The comment must be ${LIMITS.comment} characters or fewer.` });
  const pd = t ? personalDataProblem('The comment', t) : null;
  if (pd) problems.push({ field: 'text', message: pd });
  let p: number | null = null;
  if (paragraph !== undefined && paragraph !== null && paragraph !== '') {
    p = Number(paragraph);
    if (!Number.isInteger(p) || p < 1 || p > 10_000) problems.push({ field: 'paragraph', message: 'The paragraph is a whole number, counted from 1.' });
  }
  if (problems.length) return { ok: false, problems };
  return { ok: true, value: { text: t, paragraph: p } };
}

/** Words in a text, as a word count counts them: runs of letters or digits (punctuation alone is not a word). */
export function wordCount(text: string): number {
  return text.split(/\s+/).filter((w) => /[\p{L}\p{N}]/u.test(w)).length;
}

/** Checks one drafted section: a section of the framework's report, its text within bounds and without personal data (an empty text clears it). */
export function checkSection(fwId: FrameworkId, key: unknown, text: unknown): Checked<{ key: SectionKey; text: string }> {
  const fw = FRAMEWORKS[fwId];
  const defs = fw.sections ?? [];
  const problems: { field: string; message: string }[] = [];
  const k = typeof key === 'string' ? key : '';
  if (!defs.some((d) => d.key === k)) problems.push({ field: 'key', message: `"${k}" is not a section of ${fw.name}'s report: its sections are ${defs.map((d) => d.key).join(', ') || 'none'}.` });
  if (typeof text !== 'string') problems.push({ field: 'text', message: 'text is the section’s text (paragraphs separated by a blank line); an empty text clears it.' });
  const t = typeof text === 'string' ? text.replace(/\r\n?/g, '\n').trim() : '';
  if (t.length > LIMITS.section) problems.push({ field: 'text', message: `A section must be ${LIMITS.section} characters or fewer; it has ${t.length}.` });
  const pd = t ? personalDataProblem('The section', t) : null;
  if (pd) problems.push({ field: 'text', message: pd });
  if (problems.length) return { ok: false, problems };
  return { ok: true, value: { key: k as SectionKey, text: t } };
}
