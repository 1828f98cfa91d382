// A plain-English summary of one report, built from the record by fixed
// templates (no language model, no network): what a local reporter could
// paste, with every claim listed beside the record field or the page and
// words it rests on. Everything that differs between frameworks comes from
// the frameworks table.
import { FRAMEWORKS, gradeLabel, isFullInspection, keysForArea, type Framework, type Grade, type JudgementDef, type JudgementKey } from '../domain/frameworks.ts';
import { formatDay, formatDayRange, daysBetween } from './dates.ts';
import type { ReportRow } from '../store/read/index.ts';
import type { RecordView } from './view.ts';

/** One claim of a summary and what it rests on. */
export interface SummaryFact {
  /** The words of the summary that make the claim. */
  claim: string;
  /** The record field it rests on, e.g. "judgements.overall.grade", "reports[37].inspectionStart", "sections[1].text". */
  field: string;
  /** The value of that field the claim states. */
  value: string;
  /** The report the field belongs to. */
  reportId: number;
  /** The PDF page and the words printed there, where the record keeps them. */
  page: number | null;
  words: string | null;
}

export interface Summary {
  headline: string;
  /** Short paragraphs separated by blank lines; list items start with "- ". */
  text: string;
  facts: SummaryFact[];
}

/** A section of a report's text (only what the summary needs). */
export interface SummarySection {
  heading: string;
  text: string;
  pageFrom: number;
}

/** A full inspection in the council's history (its own, or a predecessor council's). */
export interface HistoryEntry {
  report: ReportRow;
  /** The council inspected, as named today. */
  council: string;
  /** False for a predecessor council's report. */
  own: boolean;
  /** When the council this report was about was replaced (predecessors only). */
  replacedOn?: string | null;
}

export interface SummaryInput {
  report: ReportRow;
  /** The council's name as the record names it today (else the printed name). */
  council: string;
  /** Full inspections of the council and of the councils it replaced, in any order; the report itself may be among them. */
  history: HistoryEntry[];
  /** The report's text by section; null or empty when the record holds facts only (no quotation then). */
  sections: SummarySection[] | null;
}

/** Best first, across frameworks (LAC 2012's "adequate" sits where "requires improvement" does). */
const RANK: Record<Grade, number> = { outstanding: 0, good: 1, requires_improvement: 2, adequate: 2, inadequate: 3, not_judged: -1 };

/** A grade as words in a sentence: one word plain, more in quotation marks ("requires improvement to be good"). */
export function gradeWords(grade: Grade, fw: Framework): string {
  const words = gradeLabel(grade, fw.id).toLowerCase();
  return words.includes(' ') ? `“${words}”` : words;
}

function lowerFirst(s: string): string {
  // Keep acronyms (LSCB) as they are.
  return /^[A-Z][a-z]/.test(s) ? s[0]!.toLowerCase() + s.slice(1) : s;
}

function upperFirst(s: string): string {
  return s ? s[0]!.toUpperCase() + s.slice(1) : s;
}

function listWords(items: string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}

const ORDINAL = ['', 'second ', 'third ', 'fourth ', 'fifth '];

/** Where a grade sits on the framework's scale: "the highest of 4 grades", "the second lowest of 4 grades". */
export function scalePlace(grade: Grade, fw: Framework): string | null {
  const i = fw.scale.indexOf(grade);
  if (i < 0) return null;
  const n = fw.scale.length;
  const fromBottom = n - 1 - i;
  const place = i <= fromBottom ? `${ORDINAL[i] ?? `number ${i + 1} `}highest` : `${ORDINAL[fromBottom] ?? `number ${fromBottom + 1} `}lowest`;
  return `the ${place} of ${n} grades`;
}

function judgementDef(fw: Framework, key: JudgementKey): JudgementDef | undefined {
  return fw.judgements.find((j) => j.key === key);
}

/** A judgement's name inside a sentence: its full label, "the impact of leaders on …", "overall effectiveness". */
function judgementPhrase(fw: Framework, key: JudgementKey): string {
  const def = judgementDef(fw, key);
  // Overall effectiveness goes by one name in every framework, whatever its printed label ("Overall judgement").
  return lowerFirst((key === 'overall' ? def?.short : def?.label) ?? key);
}

function shortPhrase(fw: Framework, key: JudgementKey): string {
  const def = judgementDef(fw, key);
  return lowerFirst(def?.short ?? key);
}

function year(r: ReportRow): string {
  return (r.inspectionStart ?? r.inspectionEnd ?? r.listingDate ?? '').slice(0, 4);
}

function startOf(r: ReportRow): string {
  return r.inspectionStart ?? r.inspectionEnd ?? r.listingDate ?? r.createdAt.slice(0, 10);
}

/** The judgement that counts as the same area as `key` in another report (SIF "leadership" for 2026 "leaders"). */
function sameArea(fw: Framework, key: JudgementKey, other: ReportRow): { key: JudgementKey; grade: Grade } | null {
  const def = judgementDef(fw, key);
  const areas = def?.areas.length ? def.areas : [key];
  for (const area of areas) {
    for (const k of keysForArea(area)) {
      const j = other.judgements.find((x) => x.key === k);
      if (j) return { key: j.key, grade: j.grade };
    }
  }
  return null;
}

/** Words a long improvement item is cut to: the item's own words in their order, never reworded. */
export function shortenItem(text: string, tag: string | null, maxWords = 30): string {
  let t = text.trim();
  if (tag && t.endsWith(`(${tag})`)) t = t.slice(0, -tag.length - 2).trim();
  else t = t.replace(/\s*\((outcome [^)]*national framework)\)\s*$/i, '').trim();
  // Paragraph references ("(paragraphs 33, 36)") point into the report, not the reader of a summary.
  t = t.replace(/\s*\(paragraphs? [^)]*\)/gi, '').trim();
  const words = t.split(/\s+/);
  if (words.length <= maxWords) return t;
  // Cut at a clause boundary when one falls late enough, else at the word limit.
  const cut = words.slice(0, maxWords);
  for (let i = cut.length - 1; i >= 8; i--) {
    if (/[,;:]$/.test(cut[i]!)) return `${cut.slice(0, i + 1).join(' ').replace(/[,;:]$/, '')} …`;
  }
  return `${cut.join(' ').replace(/[,;:.]$/, '')} …`;
}

const SENTENCE_END = /[.!?]+[’”"')]?(?=\s|$)/g;

/** Sentences with their offsets; a paragraph number ("12.") does not end one. */
function sentences(text: string): { index: number; text: string }[] {
  const out: { index: number; text: string }[] = [];
  let start = 0;
  for (const m of text.matchAll(SENTENCE_END)) {
    const end = m.index + m[0].length;
    const piece = text.slice(start, end);
    if (/^\s*\d{1,3}\.$/.test(piece) || /\b(e\.g|i\.e|etc|no|para)\.$/i.test(piece)) continue;
    out.push({ index: start, text: piece });
    start = end;
  }
  return out;
}

/** One or two clean sentences from the report's headline findings, verbatim, with where they are. */
export function findingsQuote(fw: Framework, sections: SummarySection[]): { text: string; section: number; heading: string; page: number } | null {
  const residue = fw.judgements.flatMap((j) => [j.label, ...j.variants].map((v) => v.toLowerCase().split(/\s+/).slice(0, 5).join(' ')));
  const gradeWordsRe = /\b(Outstanding|Good|Inadequate|Adequate|Requires improvement|Inspection dates?|Lead inspector|Judgement grade|Grade \d)\b/;
  const clean = (s: string): boolean => {
    const t = s.trim();
    if (t.length < 50 || t.length > 320) return false;
    if (!/^[A-Z]/.test(t) || !/[.!?][’”"')]?$/.test(t)) return false;
    if (/[\u25a0-\u25ff\uf000-\uf8ff•]/.test(t)) return false;
    const lower = t.toLowerCase();
    if (residue.some((r) => r.split(' ').length >= 3 && lower.includes(r))) return false;
    if (gradeWordsRe.test(t.slice(1))) return false;
    // Headings run into the text ("Summary Children are…") have no verb before a capitalised word run; numbered paragraphs are fine.
    return true;
  };
  const order: number[] = [];
  for (const h of fw.findings) {
    sections.forEach((s, i) => {
      if (!order.includes(i) && s.heading.toLowerCase().includes(h)) order.push(i);
    });
  }
  for (const i of order) {
    const s = sections[i]!;
    const picked: { start: number; end: number }[] = [];
    for (const m of sentences(s.text)) {
      let start = m.index;
      let sentence = m.text;
      // Drop leading spaces and a paragraph number ("12. ") from the quotation: what is quoted stays verbatim.
      const lead = /^\s*(?:\d{1,3}\.\s+)?/.exec(sentence)?.[0] ?? '';
      start += lead.length;
      sentence = sentence.slice(lead.length).trimEnd();
      if (!clean(sentence)) {
        if (picked.length) break;
        continue;
      }
      // A quotation must stand alone: it does not open on a word pointing back at text left out.
      if (!picked.length && /^(However|But|And|So|Also|This|These|That|Those|It|Its|They|Their|There|Despite|Although|Nevertheless|In addition|Furthermore|Moreover|As a result|The major)\b/.test(sentence)) continue;
      const prev = picked.at(-1);
      if (prev && s.text.slice(prev.end, start).trim() !== '') break;
      if (prev && start + sentence.length - picked[0]!.start > 400) break;
      picked.push({ start, end: start + sentence.length });
      if (picked.length === 2) break;
    }
    if (picked.length) return { text: s.text.slice(picked[0]!.start, picked.at(-1)!.end), section: i, heading: s.heading, page: s.pageFrom };
  }
  return null;
}

/** The full inspection before this report: the council's own, else the councils it replaced (latest of each). */
function previousOf(input: SummaryInput): { own: HistoryEntry | null; predecessors: HistoryEntry[] } {
  const r = input.report;
  const before = input.history.filter((h) => h.report.id !== r.id && h.report.withdrawnAt === null && isFullInspection(h.report.framework) && startOf(h.report) < startOf(r));
  const latest = (list: HistoryEntry[]) => [...list].sort((a, b) => startOf(b.report).localeCompare(startOf(a.report)) || b.report.id - a.report.id)[0] ?? null;
  const own = latest(before.filter((h) => h.own));
  if (own) return { own, predecessors: [] };
  const councils = [...new Set(before.filter((h) => !h.own).map((h) => h.council))].sort();
  return { own: null, predecessors: councils.map((c) => latest(before.filter((h) => !h.own && h.council === c))).filter((h): h is HistoryEntry => h !== null) };
}

function direction(now: Grade, before: Grade): 'up from' | 'down from' | 'the same as' | null {
  const a = RANK[now];
  const b = RANK[before];
  if (a < 0 || b < 0) return null;
  return a < b ? 'up from' : a > b ? 'down from' : 'the same as';
}

/** The summary of one report. */
export function summarise(input: SummaryInput): Summary {
  const r = input.report;
  const fw = FRAMEWORKS[r.framework];
  const facts: SummaryFact[] = [];
  const fact = (claim: string, field: string, value: string, page: number | null = null, words: string | null = null, reportId = r.id) => facts.push({ claim, field, value, reportId, page, words });
  const name = input.council;
  const paragraphs: string[] = [];

  // 1. The headline grade and where it sits; the previous full inspection and the direction.
  const head = r.judgements.find((j) => j.key === fw.headline);
  const headPhrase = judgementPhrase(fw, fw.headline);
  let headline = `${name}: ${shortPhrase(fw, fw.headline)}`;
  const p1: string[] = [];
  if (head) {
    const g = gradeWords(head.grade, fw);
    const place = scalePlace(head.grade, fw);
    const claim = `graded ${headPhrase} as ${g}`;
    p1.push(`In ${name}, ${fw.describedAs} ${claim}${place ? `, ${place}` : ''}.`);
    fact(claim, `judgements.${head.key}.grade`, head.grade, head.page, head.sourceText);
    if (place) fact(place, `frameworks.${fw.id}.scale`, fw.scale.join(', '));
    headline += ` ${gradeLabel(head.grade, fw.id).toLowerCase()}`;
  } else {
    p1.push(`In ${name}, ${fw.describedAs} gave no grade for ${headPhrase} that the record holds.`);
    fact(`no grade for ${headPhrase}`, `judgements.${fw.headline}`, 'none');
  }
  if (fw.fullInspection && fw.headline !== 'overall') {
    p1.push(`From ${formatDay(fw.from)}, Ofsted gives no overall grade, so the ${shortPhrase(fw, fw.headline)} is the headline judgement.`);
    fact('Ofsted gives no overall grade', `frameworks.${fw.id}.headline`, fw.headline);
  }
  const prev = previousOf(input);
  if (fw.fullInspection) {
    if (prev.own) {
      const p = prev.own.report;
      const same = head ? sameArea(fw, head.key, p) : null;
      const pfw = FRAMEWORKS[p.framework];
      if (head && same) {
        const dir = direction(head.grade, same.grade);
        const pg = gradeWords(same.grade, pfw);
        // Say which judgement is compared unless both reports head with it (a 2026 report's leaders against a 2023 report's leaders, not its overall grade).
        const label = same.key === head.key ? (pfw.headline === fw.headline ? '' : ` for the ${shortPhrase(fw, head.key)}`) : ` for ${judgementPhrase(pfw, same.key)}`;
        const claim = dir === 'the same as' ? `the same as at its previous full inspection, in ${year(p)}, when it was also ${pg}${label}` : `${dir ?? 'compared with'} ${pg}${label} at its previous full inspection, in ${year(p)}`;
        p1.push(`That is ${claim}.`);
        if (dir && dir !== 'the same as') headline += `, ${dir} ${gradeLabel(same.grade, p.framework).toLowerCase()} in ${year(p)}`;
        const pj = p.judgements.find((j) => j.key === same.key);
        fact(claim, `reports[${p.id}].judgements.${same.key}.grade`, same.grade, pj?.page ?? null, pj?.sourceText ?? null, p.id);
        fact(year(p), `reports[${p.id}].inspectionStart`, startOf(p), p.datesPage, p.datesText, p.id);
      } else {
        const claim = `Its previous full inspection was in ${year(p)}`;
        p1.push(`${claim}${p.headlineGrade ? `, when ${judgementPhrase(pfw, pfw.headline)} was graded ${gradeWords(p.headlineGrade, pfw)}` : ''}.`);
        fact(claim, `reports[${p.id}].inspectionStart`, startOf(p), p.datesPage, p.datesText, p.id);
      }
    } else if (prev.predecessors.length) {
      const parts = prev.predecessors.map((h) => {
        const p = h.report;
        const pfw = FRAMEWORKS[p.framework];
        const same = head ? sameArea(fw, head.key, p) : null;
        const grade = same ?? (p.headlineGrade ? { key: pfw.headline, grade: p.headlineGrade } : null);
        const words = grade ? `${h.council} was graded ${gradeWords(grade.grade, pfw)}${grade.key === head?.key ? '' : ` for ${judgementPhrase(pfw, grade.key)}`} in ${year(p)}` : `${h.council} was last inspected in ${year(p)}`;
        const pj = grade ? p.judgements.find((j) => j.key === grade.key) : undefined;
        fact(words, grade ? `reports[${p.id}].judgements.${grade.key}.grade` : `reports[${p.id}].inspectionStart`, grade ? grade.grade : startOf(p), pj?.page ?? p.datesPage, pj?.sourceText ?? p.datesText, p.id);
        return { words, grade, h };
      });
      const replaced = prev.predecessors[0]?.replacedOn;
      p1.push(
        `This is ${name}’s first full inspection in the record. At the last full inspection${parts.length > 1 ? 's' : ''} of the council${parts.length > 1 ? 's' : ''} it replaced${replaced ? ` in ${replaced.slice(0, 4)}` : ''}, ${listWords(parts.map((x) => x.words))}.`,
      );
      const one = parts.length === 1 ? parts[0] : undefined;
      if (one?.grade && head) {
        const dir = direction(head.grade, one.grade.grade);
        if (dir) {
          p1.push(`That is ${dir} ${one.h.council}’s grade.`);
          if (dir !== 'the same as') headline += `, ${dir} ${gradeLabel(one.grade.grade, one.h.report.framework).toLowerCase()} for ${one.h.council}`;
        }
      }
    } else {
      const claim = `There is no earlier full inspection of ${name} in the record`;
      p1.push(`${claim}.`);
      fact(claim, 'history', 'none before this report');
    }
  }
  paragraphs.push(p1.join(' '));

  // 2. The other judgements: those graded as the headline, and those that differ.
  const others = r.judgements.filter((j) => j.key !== fw.headline);
  if (others.length) {
    const sameGrade = head ? others.filter((j) => j.grade === head.grade) : [];
    const differ = others.filter((j) => !sameGrade.includes(j));
    const p2: string[] = [];
    const phrase = (js: typeof others) => listWords(js.map((j) => judgementPhrase(fw, j.key)));
    if (head && sameGrade.length === others.length) {
      const claim = `${others.length === 1 ? 'The other judgement' : `All ${others.length} other judgements`}, on ${phrase(others)}, ${others.length === 1 ? 'was' : 'were'} also graded ${gradeWords(head.grade, fw)}`;
      p2.push(`${claim}.`);
    } else {
      if (sameGrade.length && head) p2.push(`${upperFirst(phrase(sameGrade))} ${sameGrade.length === 1 ? 'was' : 'were'} also graded ${gradeWords(head.grade, fw)}.`);
      const grades = [...new Set(differ.map((j) => j.grade))];
      for (const g of grades) {
        const js = differ.filter((j) => j.grade === g);
        if (g === 'not_judged') p2.push(`${upperFirst(phrase(js))} ${js.length === 1 ? 'was' : 'were'} not judged.`);
        else p2.push(`${upperFirst(phrase(js))} ${js.length === 1 ? 'was' : 'were'} graded ${gradeWords(g, fw)}${head && head.grade !== 'not_judged' ? `, ${RANK[g] < RANK[head.grade] ? 'better than' : 'below'} the headline grade` : ''}.`);
      }
    }
    for (const j of others) fact(`${judgementPhrase(fw, j.key)}: ${j.grade === 'not_judged' ? 'not judged' : gradeWords(j.grade, fw)}`, `judgements.${j.key}.grade`, j.grade, j.page, j.sourceText);
    paragraphs.push(p2.join(' '));
  }

  // 3. What kind of inspection, when inspectors were on site, when the report was published.
  const p3: string[] = [];
  if (r.inspectionStart || r.inspectionEnd) {
    const when = formatDayRange(r.inspectionStart, r.inspectionEnd);
    const span = r.inspectionStart && r.inspectionEnd ? daysBetween(r.inspectionStart, r.inspectionEnd) + 1 : null;
    const kind = fw.kinds && span !== null ? (span <= fw.kinds.short.maxDays ? fw.kinds.short.name : fw.kinds.standard.name) : null;
    if (kind) {
      p3.push(`This was a ${kind}: inspectors were on site ${r.inspectionStart !== r.inspectionEnd ? 'from ' : 'on '}${when}.`);
      fact(`a ${kind}`, 'inspectionStart..inspectionEnd', `${span} days on site`, r.datesPage, r.datesText);
    } else {
      p3.push(`Inspectors were on site ${r.inspectionStart && r.inspectionEnd && r.inspectionStart !== r.inspectionEnd ? 'from ' : 'on '}${when}.`);
    }
    fact(when, 'inspectionStart..inspectionEnd', `${r.inspectionStart ?? ''}..${r.inspectionEnd ?? ''}`, r.datesPage, r.datesText);
  }
  if (r.listingDate) {
    const d = formatDay(r.listingDate);
    p3.push(`Ofsted published the report on ${d}.`);
    fact(d, 'listingDate', r.listingDate);
  }
  if (p3.length) paragraphs.push(p3.join(' '));

  // 4. What must improve: every item, cut only by dropping words.
  if (fw.improvements) {
    const main = r.improvements.filter((i) => i.list === 'main');
    const listName = fw.improvements.name;
    if (main.length) {
      paragraphs.push([`Under “${listName}”, the report lists ${main.length} ${main.length === 1 ? 'item' : 'items'}:`, ...main.map((i) => `- ${shortenItem(i.text, i.tag)}`)].join('\n'));
      main.forEach((i, n) => fact(shortenItem(i.text, i.tag), `improvements[${n}].text`, i.text, i.page, i.text));
    } else {
      paragraphs.push(`The record holds no items under “${listName}” for this report.`);
    }
    const own = fw.judgements.find((j) => j.ownList);
    const lscb = r.improvements.filter((i) => i.list === 'lscb');
    if (own && lscb.length) {
      paragraphs.push([`${upperFirst(own.ownList ?? '')} bound in with the report lists ${lscb.length} ${lscb.length === 1 ? 'recommendation' : 'recommendations'} of its own:`, ...lscb.map((i) => `- ${shortenItem(i.text, i.tag)}`)].join('\n'));
      lscb.forEach((i, n) => fact(shortenItem(i.text, i.tag), `lscbImprovements[${n}].text`, i.text, i.page, i.text));
    }
  }

  // 5. In the report's own words.
  const quote = input.sections?.length ? findingsQuote(fw, input.sections) : null;
  if (quote) {
    paragraphs.push(`The report says: “${quote.text}”`);
    fact(quote.text, `sections[${quote.section}].text`, quote.heading, quote.page, quote.text);
  }

  return { headline: upperFirst(headline), text: paragraphs.join('\n\n'), facts };
}

/** Seven-day span rule, exposed for the forecast: the kind of a full inspection from its time on site. */
export function inspectionKind(r: Pick<ReportRow, 'framework' | 'inspectionStart' | 'inspectionEnd'>): 'short' | 'standard' | null {
  const fw = FRAMEWORKS[r.framework];
  if (!fw?.kinds || !r.inspectionStart || !r.inspectionEnd) return null;
  return daysBetween(r.inspectionStart, r.inspectionEnd) + 1 <= fw.kinds.short.maxDays ? 'short' : 'standard';
}

/** The summary of a report in the record: its council's history (and its predecessors') from the view. */
export function summaryFor(view: RecordView, report: ReportRow, sections: SummarySection[] | null): Summary {
  const v = report.authorityUrn ? view.byUrn.get(report.authorityUrn) : undefined;
  const council = v?.authority.name ?? report.printedName;
  const history: HistoryEntry[] = v
    ? [
        ...v.reports.filter((x) => isFullInspection(x.framework)).map((x) => ({ report: x, council, own: true })),
        ...v.predecessors.flatMap((p) => p.reports.filter((x) => isFullInspection(x.framework)).map((x) => ({ report: x, council: p.authority.name, own: false, replacedOn: p.effective }))),
      ]
    : [];
  return summarise({ report, council, history, sections });
}
