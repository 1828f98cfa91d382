// Summaries over every framework: the grammar of each template (grades of
// one and many words, one and many items, no overall grade, first
// inspections, predecessors' history), cutting items only by dropping words,
// and quotations taken verbatim from the headline findings.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findingsQuote, scalePlace, shortenItem, summarise, type HistoryEntry, type SummaryInput } from '../../src/analysis/summary.ts';
import { FRAMEWORKS, type FrameworkId, type Grade, type JudgementKey } from '../../src/domain/frameworks.ts';
import type { ReportRow } from '../../src/store/read/index.ts';

let nextId = 1;
function row(framework: FrameworkId, start: string, end: string, judgements: [JudgementKey, Grade][], improvements: string[] = [], extra: Partial<ReportRow> = {}): ReportRow {
  const fw = FRAMEWORKS[framework];
  return {
    id: nextId++,
    authorityUrn: '1',
    printedName: 'Anytown',
    framework,
    title: 't',
    inspectionStart: start,
    inspectionEnd: end,
    leadInspector: null,
    datesPage: 1,
    datesText: `Inspection dates: ${start} to ${end}`,
    pageCount: 10,
    headlineGrade: judgements.find(([k]) => k === fw.headline)?.[1] ?? null,
    sourceUrl: null,
    listingDate: null,
    hasFullText: true,
    createdAt: '2026-01-01T00:00:00Z',
    updatedAt: '2026-01-01T00:00:00Z',
    readerVersion: 2,
    flags: [],
    withdrawnAt: null,
    correctedAt: null,
    judgements: judgements.map(([key, grade], i) => ({ key, grade, page: 1, sourceText: `${key} ${grade} ${i}` })),
    improvements: improvements.map((text, i) => ({ list: 'main' as const, text, page: 2 + i, tag: null })),
    ...extra,
  };
}

const ILACS23: [JudgementKey, Grade][] = [['leaders', 'good'], ['help_protection', 'good'], ['in_care', 'requires_improvement'], ['care_leavers', 'good'], ['overall', 'good']];

function input(report: ReportRow, history: ReportRow[] = [], sections: SummaryInput['sections'] = null, predecessors: HistoryEntry[] = []): SummaryInput {
  return { report, council: 'Anytown', history: [...history.map((r) => ({ report: r, council: 'Anytown', own: true })), ...predecessors], sections };
}

test('ILACS 2023 after ILACS 2018: headline grade, its place on the scale, up from the previous grade and year, the area that differs', () => {
  const prev = row('ILACS2018', '2019-06-03', '2019-06-14', [['leaders', 'requires_improvement'], ['help_protection', 'requires_improvement'], ['in_care_and_leavers', 'requires_improvement'], ['overall', 'requires_improvement']]);
  const r = row('ILACS2023', '2024-03-04', '2024-03-15', ILACS23, ['The response to 16- and 17-year-old children who present as homeless.', 'The timeliness of planning for children in care.'], { listingDate: '2024-04-26' });
  const s = summarise(input(r, [prev, r]));
  assert.equal(s.headline, 'Anytown: overall effectiveness good, up from requires improvement to be good in 2019');
  assert.match(s.text, /^In Anytown, Ofsted’s inspection of children’s services graded overall effectiveness as good, the second highest of 4 grades\. That is up from “requires improvement to be good” at its previous full inspection, in 2019\./);
  assert.match(s.text, /The impact of leaders on social work practice with children and families, the experiences and progress of children who need help and protection and the experiences and progress of care leavers were also graded good\. The experiences and progress of children in care was graded “requires improvement to be good”, below the headline grade\./);
  assert.match(s.text, /This was a standard inspection \(two weeks on site\): inspectors were on site from 4 to 15 March 2024\. Ofsted published the report on 26 April 2024\./);
  assert.match(s.text, /Under “What needs to improve”, the report lists 2 items:\n- The response to 16- and 17-year-old children who present as homeless\.\n- The timeliness of planning for children in care\./);
  const claims = s.facts.map((f) => f.field);
  for (const f of ['judgements.overall.grade', 'listingDate', 'inspectionStart..inspectionEnd', 'improvements[0].text', 'improvements[1].text', `reports[${prev.id}].judgements.overall.grade`]) assert.ok(claims.includes(f), `a fact rests on ${f}`);
});

test('down from, and the same as, the previous full inspection; a short inspection after good', () => {
  const prev = row('ILACS2023', '2022-03-07', '2022-03-11', ILACS23);
  const down = row('ILACS2023', '2025-03-03', '2025-03-07', [['leaders', 'inadequate'], ['help_protection', 'inadequate'], ['in_care', 'inadequate'], ['care_leavers', 'inadequate'], ['overall', 'inadequate']], ['Everything.']);
  const s = summarise(input(down, [prev]));
  assert.match(s.text, /graded overall effectiveness as inadequate, the lowest of 4 grades\. That is down from good at its previous full inspection, in 2022\./);
  assert.match(s.text, /All 4 other judgements, on .* were also graded inadequate\./);
  assert.match(s.text, /This was a short inspection \(one week on site\): inspectors were on site from 3 to 7 March 2025\./);
  assert.match(s.text, /the report lists 1 item:\n- Everything\./);
  assert.equal(s.headline, 'Anytown: overall effectiveness inadequate, down from good in 2022');
  const same = row('ILACS2023', '2025-03-03', '2025-03-14', ILACS23);
  assert.match(summarise(input(same, [prev])).text, /That is the same as at its previous full inspection, in 2022, when it was also good\./);
  assert.equal(summarise(input(same, [prev])).headline, 'Anytown: overall effectiveness good');
});

test('SIF: its own grade wording, the LSCB review’s recommendations, a first inspection in the record', () => {
  const r = row('SIF', '2015-07-06', '2015-07-30', [['overall', 'requires_improvement'], ['help_protection', 'requires_improvement'], ['looked_after', 'good'], ['adoption', 'good'], ['care_leavers', 'requires_improvement'], ['leadership', 'requires_improvement'], ['lscb', 'good']], ['Strengthen management oversight (paragraph 12).']);
  r.improvements.push({ list: 'lscb', text: 'Monitor audits.', page: 40, tag: null });
  const s = summarise(input(r));
  assert.match(s.text, /^In Anytown, Ofsted’s single inspection of children’s services graded overall effectiveness as “requires improvement”, the second lowest of 4 grades\. There is no earlier full inspection of Anytown in the record\./);
  assert.match(s.text, /Children who need help and protection, experiences and progress of care leavers and leadership, management and governance were also graded “requires improvement”\. Children looked after and achieving permanence, adoption performance and the effectiveness of the Local Safeguarding Children Board were graded good, better than the headline grade\./);
  assert.match(s.text, /Inspectors were on site from 6 to 30 July 2015\./);
  assert.doesNotMatch(s.text, /short inspection|standard inspection/, 'SIF has no short and standard inspections');
  assert.match(s.text, /Under “Recommendations”, the report lists 1 item:\n- Strengthen management oversight\./);
  assert.match(s.text, /An LSCB review bound in with the report lists 1 recommendation of its own:\n- Monitor audits\./);
});

test('a judgement not made is said to be not judged, never compared', () => {
  const r = row('SIF', '2014-01-13', '2014-02-06', [['overall', 'requires_improvement'], ['help_protection', 'requires_improvement'], ['looked_after', 'requires_improvement'], ['adoption', 'not_judged'], ['care_leavers', 'good'], ['leadership', 'requires_improvement']]);
  const s = summarise(input(r));
  assert.match(s.text, /Adoption performance was not judged\./);
  assert.match(s.text, /Experiences and progress of care leavers was graded good, better than the headline grade\./);
  assert.doesNotMatch(s.text, /“not judged”/);
});

test('an LSCB review and a 2012 looked-after-children inspection are not full inspections: no previous grade, their own scales', () => {
  const lscb = row('LSCB', '2015-06-15', '2015-06-17', [['lscb', 'inadequate']], ['Hold partners to account.', 'Audit.']);
  const s = summarise(input(lscb));
  assert.equal(s.headline, 'Anytown: LSCB inadequate');
  assert.match(s.text, /^In Anytown, Ofsted’s review of the Local Safeguarding Children Board graded the effectiveness of the Local Safeguarding Children Board as inadequate, the lowest of 4 grades\.\n\n/);
  assert.doesNotMatch(s.text, /previous full inspection|no earlier full inspection/);
  const lac = row('LAC2012', '2013-07-08', '2013-07-12', [['overall', 'adequate'], ['capacity_to_improve', 'good'], ['outcomes', 'adequate'], ['quality_of_provision', 'adequate'], ['leadership', 'adequate']], ['ensure all children have a plan']);
  const t = summarise(input(lac));
  assert.match(t.text, /Ofsted’s inspection of services for looked after children graded overall effectiveness as adequate, the second lowest of 4 grades\./);
  assert.match(t.text, /Capacity for improvement was graded good, better than the headline grade\./);
  assert.match(t.text, /Under “Areas for improvement”, the report lists 1 item:\n- ensure all children have a plan/);
});

test('2026 reports have no overall grade: the impact of leaders heads the summary and is compared with the previous leaders’ grade', () => {
  const prev = row('ILACS2023', '2022-11-07', '2022-11-18', [['leaders', 'requires_improvement'], ['help_protection', 'good'], ['in_care', 'good'], ['care_leavers', 'good'], ['overall', 'good']]);
  const r = row('ILACS2026', '2026-05-11', '2026-05-22', [['leaders', 'good'], ['help_protection', 'good'], ['in_care', 'good'], ['care_leavers', 'outstanding']]);
  const s = summarise(input(r, [prev]));
  assert.equal(s.headline, 'Anytown: impact of leaders good, up from requires improvement to be good in 2022');
  assert.match(s.text, /graded the impact of leaders on social work practice with children and families as good, the second highest of 4 grades\. From 1 April 2026, Ofsted gives no overall grade, so the impact of leaders is the headline judgement\. That is up from “requires improvement to be good” for the impact of leaders at its previous full inspection, in 2022\./);
  assert.doesNotMatch(s.text, /overall effectiveness/);
  const sif = row('SIF', '2017-01-09', '2017-02-02', [['overall', 'good'], ['leadership', 'inadequate']]);
  assert.match(summarise(input(r, [sif])).text, /That is up from inadequate for leadership, management and governance at its previous full inspection, in 2017\./, 'SIF leadership counts as leaders');
});

test('a successor council: its predecessor’s last full inspection, with the direction from it; several predecessors are named without one', () => {
  const pred = row('SIF', '2019-01-07', '2019-01-18', [['overall', 'inadequate']]);
  const r = row('ILACS2023', '2023-02-06', '2023-02-17', ILACS23);
  const s = summarise({ report: r, council: 'North Anytown', history: [{ report: r, council: 'North Anytown', own: true }, { report: pred, council: 'Old Anytown', own: false, replacedOn: '2021-04-01' }], sections: null });
  assert.match(s.text, /This is North Anytown’s first full inspection in the record\. At the last full inspection of the council it replaced in 2021, Old Anytown was graded inadequate in 2019\. That is up from Old Anytown’s grade\./);
  assert.equal(s.headline, 'North Anytown: overall effectiveness good, up from inadequate for Old Anytown');
  const other = row('ILACS2018', '2018-06-04', '2018-06-15', [['overall', 'good']]);
  const t = summarise({ report: r, council: 'Bay', history: [{ report: pred, council: 'Poolish', own: false, replacedOn: '2019-04-01' }, { report: other, council: 'Bourneish', own: false, replacedOn: '2019-04-01' }], sections: null });
  assert.match(t.text, /At the last full inspections of the councils it replaced in 2019, Bourneish was graded good in 2018 and Poolish was graded inadequate in 2019\./);
  assert.doesNotMatch(t.text, /up from|down from|the same as/);
});

test('a withdrawn report is nobody’s previous inspection', () => {
  const withdrawn = row('ILACS2018', '2021-06-07', '2021-06-18', [['overall', 'inadequate']], [], { withdrawnAt: '2021-09-01T00:00:00Z' });
  const older = row('ILACS2018', '2018-06-04', '2018-06-15', [['overall', 'outstanding']]);
  const r = row('ILACS2023', '2024-06-03', '2024-06-07', ILACS23);
  assert.match(summarise(input(r, [withdrawn, older])).text, /down from outstanding at its previous full inspection, in 2018/);
});

test('scale places read from the framework’s scale', () => {
  assert.equal(scalePlace('outstanding', FRAMEWORKS.ILACS2023), 'the highest of 4 grades');
  assert.equal(scalePlace('good', FRAMEWORKS.ILACS2023), 'the second highest of 4 grades');
  assert.equal(scalePlace('requires_improvement', FRAMEWORKS.SIF), 'the second lowest of 4 grades');
  assert.equal(scalePlace('inadequate', FRAMEWORKS.LAC2012), 'the lowest of 4 grades');
  assert.equal(scalePlace('not_judged', FRAMEWORKS.ILACS2023), null);
});

test('improvement items are shortened only by cutting words, never by rewording', () => {
  const long = 'Ensure that managers regularly review child in need and child protection plans to monitor the progress families and children are making, and that risk is being reduced effectively and consistently across every team in the county (paragraphs 33, 36).';
  const short = shortenItem(long, null);
  assert.ok(short.endsWith(' …'));
  const words = long.split(/\s+/);
  let at = 0;
  for (const w of short.replace(/ …$/, '').split(/\s+/)) {
    const i = words.findIndex((x, n) => n >= at && (x === w || x.replace(/[,;:.]$/, '') === w));
    assert.ok(i >= 0, `"${w}" is one of the item's own words, in order`);
    at = i + 1;
  }
  assert.equal(shortenItem('The clarity of the offer. (Outcome four, National Framework)', 'Outcome four, National Framework'), 'The clarity of the offer.');
  assert.equal(shortenItem('Short item.', null), 'Short item.');
});

test('the quotation is one or two clean sentences of the headline findings, verbatim, never the grade table', () => {
  const sections = [
    { heading: 'Inspection of Anytown', text: 'Inspection dates: 1 to 5 May 2025', pageFrom: 1 },
    {
      heading: 'Lead inspector: A Person Judgement Grade',
      text: 'The impact of leaders on social work Good practice with children and families Overall effectiveness Good Children in Anytown receive help at the right time. Since the previous inspection in 2021, leaders have strengthened services for children and their families. Partnerships are strong and well established across the whole area.',
      pageFrom: 1,
    },
  ];
  const q = findingsQuote(FRAMEWORKS.ILACS2023, sections);
  assert.ok(q);
  assert.equal(q.text, 'Since the previous inspection in 2021, leaders have strengthened services for children and their families. Partnerships are strong and well established across the whole area.');
  assert.ok(sections[1]!.text.includes(q.text));
  const r = row('ILACS2023', '2025-05-01', '2025-05-05', ILACS23);
  const s = summarise(input(r, [], sections));
  assert.match(s.text, /\n\nThe report says: “Since the previous inspection in 2021, leaders .* across the whole area\.”$/);
  assert.equal(s.facts.at(-1)?.field, 'sections[1].text');
  const sif = findingsQuote(FRAMEWORKS.SIF, [{ heading: 'Contents', text: 'Executive summary 6 Recommendations 8', pageFrom: 2 }, { heading: 'Executive summary', text: '12. Services for children in Anytown have improved since the last inspection in 2013. Leaders know their services well and act on what they find.', pageFrom: 6 }]);
  assert.equal(sif?.text, 'Services for children in Anytown have improved since the last inspection in 2013. Leaders know their services well and act on what they find.');
  assert.equal(findingsQuote(FRAMEWORKS.SIF, [{ heading: 'Recommendations', text: 'Services for children in Anytown have improved since the last inspection.', pageFrom: 6 }]), null, 'only the findings sections are quoted');
});
