// Every report in the shipped record gets a summary whose facts agree with
// the record, whose claims are in its text, whose items are the report's own
// words in order and whose quotation is verbatim in the report's text.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { buildView, summaryFor, type RecordView, type SummaryFact } from '../../src/analysis/index.ts';
import { FRAMEWORKS, isFullInspection } from '../../src/domain/frameworks.ts';
import type { ReportRow, SectionRow, Store } from '../../src/store/index.ts';
import { openShippedRecord } from '../fixtures/shipped-record.ts';

let shipped: Awaited<ReturnType<typeof openShippedRecord>>;
let store: Store;
let view: RecordView;

before(async () => {
  shipped = await openShippedRecord();
  store = shipped.store;
  view = buildView(await store.loadRecord());
});
after(() => shipped.cleanup());

const bare = (w: string): string => w.replace(/[,;:.)]+$/, '');

/** Whether `short` is `long` with words cut (and " …" where it was cut). */
function cutFrom(short: string, long: string): boolean {
  const words = long.split(/\s+/);
  let at = 0;
  for (const w of short.replace(/ …$/, '').split(/\s+/)) {
    let i = at;
    // Punctuation may close a cut ("lives (paragraph 11)." → "lives."): words are compared without it.
    while (i < words.length && bare(words[i]!) !== bare(w)) i++;
    if (i === words.length) return false;
    at = i + 1;
  }
  return true;
}

function check(r: ReportRow, f: SummaryFact, text: string, sections: SectionRow[]): string | null {
  const own = f.reportId === r.id ? r : view.reportsById.get(f.reportId);
  if (!own) return `rests on report ${f.reportId}, which is not in the record`;
  let m: RegExpExecArray | null;
  if ((m = /^(?:reports\[\d+\]\.)?judgements\.(\w+)\.grade$/.exec(f.field))) {
    const j = own.judgements.find((x) => x.key === m![1]);
    if (!j) return `no ${m[1]} judgement`;
    if (j.grade !== f.value) return `grade ${f.value} but the record has ${j.grade}`;
    if (f.page !== j.page || f.words !== j.sourceText) return 'page and words differ from the judgement’s evidence';
    return null;
  }
  if ((m = /^reports\[\d+\]\.inspectionStart$/.exec(f.field))) return f.value === own.inspectionStart && text.includes(f.value.slice(0, 4)) ? null : `start ${f.value} vs ${own.inspectionStart}`;
  if (f.field === 'inspectionStart..inspectionEnd') {
    if (f.value === `${r.inspectionStart ?? ''}..${r.inspectionEnd ?? ''}`) return text.includes(f.claim) ? null : 'dates not in the text';
    const days = /^(\d+) days on site$/.exec(f.value);
    if (days && r.inspectionStart && r.inspectionEnd) return Number(days[1]) === (Date.parse(r.inspectionEnd) - Date.parse(r.inspectionStart)) / 864e5 + 1 && text.includes(f.claim) ? null : 'days on site wrong';
    return `dates ${f.value}`;
  }
  if (f.field === 'listingDate') return f.value === r.listingDate && text.includes(f.claim) ? null : 'publication date differs';
  if ((m = /^(improvements|lscbImprovements)\[(\d+)\]\.text$/.exec(f.field))) {
    const list = r.improvements.filter((i) => i.list === (m![1] === 'improvements' ? 'main' : 'lscb'));
    const item = list[Number(m[2])];
    if (!item || item.text !== f.value) return 'item differs from the record';
    if (!cutFrom(f.claim, item.text)) return `"${f.claim}" is not "${item.text}" with words cut`;
    return text.includes(`- ${f.claim}`) ? null : 'item not in the text';
  }
  if ((m = /^sections\[(\d+)\]\.text$/.exec(f.field))) {
    const s = sections[Number(m[1])];
    if (!s || s.heading !== f.value || s.pageFrom !== f.page) return 'quoted section differs';
    if (!s.text.includes(f.claim)) return 'quotation is not verbatim in the section';
    if (!FRAMEWORKS[r.framework].findings.some((h) => s.heading.toLowerCase().includes(h))) return `quoted from "${s.heading}", not a findings section`;
    return text.includes(`“${f.claim}”`) ? null : 'quotation not in the text';
  }
  if ((m = /^frameworks\.(\w+)\.(scale|headline)$/.exec(f.field))) return m[1] === r.framework && text.includes(f.claim) ? null : 'framework fact';
  if (f.field === 'history') return view.byUrn.get(r.authorityUrn ?? '')?.reports.some((x) => x.id !== r.id && isFullInspection(x.framework) && x.withdrawnAt === null && (x.inspectionStart ?? '') < (r.inspectionStart ?? '')) ? 'claims no earlier inspection, but there is one' : null;
  if ((m = /^judgements\.(\w+)$/.exec(f.field))) return r.judgements.some((j) => j.key === m![1]) ? 'claims no grade, but there is one' : null;
  return `unknown field ${f.field}`;
}

test('every report’s summary: facts agree with the record, items are cut not reworded, quotations are verbatim', async () => {
  const problems: string[] = [];
  let quoted = 0;
  const byFramework = new Map<string, number>();
  for (const r of view.data.reports) {
    const sections = await store.reportSections(r.id);
    const s = summaryFor(view, r, sections);
    byFramework.set(r.framework, (byFramework.get(r.framework) ?? 0) + 1);
    assert.ok(s.headline && s.text, `report ${r.id} has a summary`);
    if (s.facts.some((f) => f.field.startsWith('sections['))) quoted++;
    for (const f of s.facts) {
      const bad = check(r, f, s.text, sections);
      if (bad) problems.push(`report ${r.id} (${r.framework}), ${f.field}: ${bad}`);
    }
    // Every judgement is named with its grade, and every main item is listed.
    assert.equal(s.facts.filter((f) => /^judgements\.\w+\.grade$/.test(f.field)).length, r.judgements.length, `report ${r.id}: every judgement is a fact`);
    assert.equal(s.facts.filter((f) => /^improvements\[/.test(f.field)).length, r.improvements.filter((i) => i.list === 'main').length, `report ${r.id}: every item is listed`);
    assert.doesNotMatch(s.text, /undefined|null|NaN|\s{3,}/, `report ${r.id}: no template holes`);
  }
  assert.deepEqual(problems.slice(0, 20), []);
  assert.ok(view.data.reports.length > 400, 'the whole record was summarised');
  // Quotations come from nearly every report with text (a report whose findings are only tables has none).
  assert.ok(quoted / view.data.reports.length > 0.9, `${quoted} of ${view.data.reports.length} summaries quote the report`);
  for (const fw of ['SIF', 'LSCB', 'LAC2012', 'ILACS2018', 'ILACS2023', 'ILACS2026']) assert.ok((byFramework.get(fw) ?? 0) > 0, `the record has ${fw} reports`);
});
