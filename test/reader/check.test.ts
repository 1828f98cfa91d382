import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkReport, headlineJudgement, isSplitInspection, looksLikeName } from '../../src/reader/check.ts';
import { FRAMEWORKS } from '../../src/domain/frameworks.ts';
import type { ImprovementItem, Judgement, Report } from '../../src/domain/report.ts';

const item = (text: string, page = 2, tag: string | null = null): ImprovementItem => ({ text, page, tag });

function ilacs2023(overrides: Partial<Report> = {}): Report {
  const judgements: Judgement[] = [
    { key: 'leaders', grade: 'good', page: 1, text: 'The impact of leaders on social work practice with children and families Good' },
    { key: 'help_protection', grade: 'good', page: 1, text: 'The experiences and progress of children who need help and protection Good' },
    { key: 'in_care', grade: 'requires_improvement', page: 1, text: 'The experiences and progress of children in care Requires improvement to be good' },
    { key: 'care_leavers', grade: 'outstanding', page: 1, text: 'The experiences and progress of care leavers Outstanding' },
    { key: 'overall', grade: 'good', page: 1, text: 'Overall effectiveness Good' },
  ];
  return {
    framework: 'ILACS2023',
    title: 'Inspection of Dorset local authority children’s services',
    localAuthority: { urn: '2532283', name: 'Dorset', printedName: 'Dorset' },
    inspection: {
      start: '2025-03-17',
      end: '2025-03-21',
      leadInspector: 'Sarah Canto',
      datesEvidence: { page: 1, text: 'Inspection dates: 17 March to 21 March 2025' },
      leadInspectorEvidence: { page: 1, text: 'Lead inspector: Sarah Canto, His Majesty’s Inspector' },
    },
    judgements,
    improvements: [
      item('The clarity and detail of the care leaver offer. (Outcome four, National Framework)', 2, 'Outcome four, National Framework'),
      item('The timeliness of initial health assessments for children in care.'),
    ],
    lscbImprovements: [],
    sections: [
      { heading: 'What needs to improve?', text: '', pages: [2, 2] },
      { heading: 'The experiences and progress of children in care: requires improvement to be good', text: '', pages: [5, 6] },
    ],
    pageCount: 12,
    sha256: 'a'.repeat(64),
    flags: [],
    ...overrides,
  };
}

function sif(overrides: Partial<Report> = {}): Report {
  const g = (key: Judgement['key'], grade: Judgement['grade'], text: string, page = 1): Judgement => ({ key, grade, page, text });
  return {
    framework: 'SIF',
    title: 'Warrington Borough Council Inspection of services for children in need of help and protection, children looked after and care leavers and Review of the effectiveness of the Local Safeguarding Children Board',
    localAuthority: { urn: '80575', name: 'Warrington', printedName: 'Warrington Borough Council' },
    inspection: {
      start: '2015-02-24',
      end: '2015-03-20',
      leadInspector: 'Anne-Marie O’Connor',
      datesEvidence: { page: 1, text: 'Inspection date: 24 February – 20 March 2015' },
      leadInspectorEvidence: null,
    },
    judgements: [
      g('overall', 'requires_improvement', 'The overall judgement is that children’s services require improvement'),
      g('help_protection', 'requires_improvement', '1. Children who need help and protection Requires improvement'),
      g('looked_after', 'good', '2. Children looked after and achieving permanence Good'),
      g('adoption', 'good', '2.1 Adoption performance Good'),
      g('care_leavers', 'good', '2.2 Experiences and progress of care leavers Good'),
      g('leadership', 'requires_improvement', '3. Leadership, management and governance Requires improvement'),
      g('lscb', 'requires_improvement', 'The Local Safeguarding Children Board requires improvement', 44),
    ],
    improvements: [item('Ensure that frontline managers receive good support and challenge through effective supervision and training.', 4)],
    lscbImprovements: [item('Ensure that the board evaluates the impact of early help services across the partnership.', 45)],
    sections: [],
    pageCount: 50,
    sha256: 'b'.repeat(64),
    flags: [],
    ...overrides,
  };
}

const has = (problems: string[], re: RegExp) => problems.some((p) => re.test(p));

test('a consistent ILACS report and a consistent SIF report have no problems', () => {
  assert.deepEqual(checkReport(ilacs2023()), []);
  assert.deepEqual(checkReport(sif()), []);
});

test('judgement keys must be exactly the framework’s: missing, extra, repeated', () => {
  const r = ilacs2023();
  const missing = checkReport({ ...r, judgements: r.judgements.filter((j) => j.key !== 'care_leavers') });
  assert.ok(has(missing, /\(care_leavers\) was not read/), missing.join('\n'));
  const extra = checkReport({ ...r, judgements: [...r.judgements, { key: 'adoption', grade: 'good', page: 1, text: 'Adoption performance Good' }] });
  assert.ok(has(extra, /adoption is not one of ILACS2023/), extra.join('\n'));
  const twice = checkReport({ ...r, judgements: [...r.judgements, r.judgements[0]!] });
  assert.ok(has(twice, /leaders is given more than once/), twice.join('\n'));
  // ILACS2026 has no overall effectiveness.
  const r26 = checkReport({ ...r, framework: 'ILACS2026', inspection: { ...r.inspection, start: '2026-04-27', end: '2026-05-01' } });
  assert.ok(has(r26, /overall is not one of ILACS2026/), r26.join('\n'));
});

test('LSCB judgement and recommendations only when the report carries the review', () => {
  const noReview = sif({ title: 'Surrey County Council Inspection of services for children in need of help and protection, children looked after and care leavers' });
  const p = checkReport(noReview);
  assert.ok(has(p, /lscb is given, but neither the title nor any heading names/), p.join('\n'));
  assert.ok(has(p, /LSCB recommendations are given/), p.join('\n'));
  const without = checkReport({ ...noReview, judgements: noReview.judgements.filter((j) => j.key !== 'lscb'), lscbImprovements: [] });
  assert.deepEqual(without, []);
  const missing = checkReport(sif({ judgements: sif().judgements.filter((j) => j.key !== 'lscb') }));
  assert.ok(has(missing, /\(lscb\) was not read/), missing.join('\n'));
  // A review bound in after the local authority's report, under its own heading.
  const boundIn = { ...noReview, sections: [{ heading: 'Kingston upon Hull Safeguarding Children Board Inspection of the effectiveness of the local safeguarding children board', text: '', pages: [36, 36] as [number, number] }] };
  assert.deepEqual(checkReport(boundIn), []);
});

test('an LSCB review must yield recommendations unless the board was judged outstanding', () => {
  const p = checkReport(sif({ lscbImprovements: [] }));
  assert.ok(has(p, /an LSCB review \(requires_improvement\), but none of its recommendations/), p.join('\n'));
  const outstanding = sif({ lscbImprovements: [] });
  outstanding.judgements = outstanding.judgements.map((j) => (j.key === 'lscb' ? { ...j, grade: 'outstanding', text: 'The LSCB is outstanding' } : j));
  assert.deepEqual(checkReport(outstanding), []);
});

test('grades must be on the framework’s scale; not judged is allowed', () => {
  const r = sif();
  const adequate = checkReport({ ...r, judgements: r.judgements.map((j) => (j.key === 'adoption' ? { ...j, grade: 'adequate', text: 'Adoption performance Adequate' } : j)) });
  assert.ok(has(adequate, /adoption is adequate, which is not on SIF's scale/), adequate.join('\n'));
  const nj = checkReport({ ...r, judgements: r.judgements.map((j) => (j.key === 'adoption' ? { ...j, grade: 'not_judged', text: '2.1 Adoption performance Not judged' } : j)) });
  assert.deepEqual(nj, []);
});

test('the words a judgement was read from must say its grade', () => {
  const r = ilacs2023();
  const wrong = checkReport({ ...r, judgements: r.judgements.map((j) => (j.key === 'care_leavers' ? { ...j, grade: 'good' } : j)) });
  assert.ok(has(wrong, /care_leavers is good, but the words it was read from do not say "Good"/), wrong.join('\n'));
  // "good" inside "requires improvement to be good" does not count as Good.
  const ri = checkReport({ ...r, judgements: r.judgements.map((j) => (j.key === 'in_care' ? { ...j, grade: 'good' } : j)) });
  assert.ok(has(ri, /in_care is good, but the words/), ri.join('\n'));
  // A wrapped grade whose second half was read alone: the words name another grade too.
  const split = checkReport({
    ...r,
    judgements: r.judgements.map((j) =>
      j.key === 'help_protection' ? { ...j, grade: 'good', text: 'The experiences and progress of children who need Requires improvement to help and protection be good' } : j,
    ),
  });
  assert.ok(has(split, /help_protection is good, but the words it was read from also say "Requires improvement to be good"/), split.join('\n'));
  // "inadequate" does not count as Adequate.
  const lac = checkReport({
    ...r,
    judgements: r.judgements.map((j) => (j.key === 'overall' ? { ...j, grade: 'adequate', text: 'Overall effectiveness Inadequate' } : j)),
  });
  assert.ok(has(lac, /overall is adequate, which is not on ILACS2023's scale/), lac.join('\n'));
  assert.ok(has(lac, /do not say "Adequate"/), lac.join('\n'));
});

test('body headlines must agree with the judgement table', () => {
  const r = ilacs2023();
  const p = checkReport({ ...r, judgements: r.judgements.map((j) => (j.key === 'in_care' ? { ...j, grade: 'good', text: 'The experiences and progress of children in care Good' } : j)) });
  assert.ok(has(p, /in_care is good, but the body heading on page 5 says/), p.join('\n'));
  assert.deepEqual(headlineJudgement('The experiences and progress of care leavers: outstanding', FRAMEWORKS.ILACS2023), { key: 'care_leavers', grade: 'outstanding' });
  assert.equal(headlineJudgement('What needs to improve?', FRAMEWORKS.ILACS2023), null);
  assert.equal(headlineJudgement('Leadership: a summary', FRAMEWORKS.ILACS2023), null);
});

test('dates: present, real, in order, a plausible span, within the framework’s era', () => {
  const base = ilacs2023();
  const at = (start: string | null, end: string | null, text = 'Inspection dates: …') => checkReport({ ...base, inspection: { ...base.inspection, start, end, datesEvidence: { page: 1, text } } });
  assert.ok(has(at(null, '2025-03-21'), /start date was not read/));
  assert.ok(has(at('2025-02-30', '2025-03-21'), /"2025-02-30" is not a real date/));
  assert.ok(has(at('2025-03-21', '2025-03-17'), /ends \(2025-03-17\) before it starts/));
  assert.ok(has(at('2025-01-06', '2025-03-21', 'Inspection dates: 6 January to 21 March 2025'), /spans 74 days/));
  // A split inspection may span more.
  assert.deepEqual(at('2024-09-30', '2025-01-16', 'Inspection dates: 30 September to 11 October 2024 and 13 to 16 January 2025'), []);
  assert.ok(has(at('2021-03-15', '2021-03-19'), /started on 2021-03-15, outside ILACS2023's dates in force/));
  assert.ok(isSplitInspection({ ...base, inspection: { ...base.inspection, datesEvidence: { page: 1, text: 'Inspection dates: 19 November – 12 December 2013 and 27 – 30 January 2014' } } }));
  assert.ok(!isSplitInspection(base));
});

test('lead inspector must look like a person’s name', () => {
  for (const ok of ['Sarah Canto', 'Anne-Marie O’Connor', 'Jenny-ellen Scotland', 'Máire Atherton', 'Peter McEntee', 'Mary van der Berg']) assert.ok(looksLikeName(ok), ok);
  for (const bad of ['Sarah Canto HMI', 'Her Majesty’s Inspector', 'Canto', 'sarah canto', 'Lead inspector Sarah Canto', 'One Two Three Four Five']) assert.ok(!looksLikeName(bad), bad);
  const r = ilacs2023();
  const p = checkReport({ ...r, inspection: { ...r.inspection, leadInspector: 'Sarah Canto, His Majesty’s Inspector' } });
  assert.ok(has(p, /does not look like a person's name/), p.join('\n'));
  // Some reports name nobody: no name is not a problem in itself.
  assert.deepEqual(checkReport({ ...r, inspection: { ...r.inspection, leadInspector: null } }), []);
});

test('the authority must be matched', () => {
  const r = ilacs2023();
  const p = checkReport({ ...r, localAuthority: { urn: '', name: 'Nowhere', printedName: 'Nowhere' } });
  assert.ok(has(p, /"Nowhere" was not matched/), p.join('\n'));
});

test('improvement items: present, no page furniture, no split-off continuations, no lists read twice', () => {
  const r = ilacs2023();
  const none = checkReport({ ...r, improvements: [] });
  assert.ok(has(none, /no items of "What needs to improve" were read/));
  // …unless every judgement is outstanding.
  assert.deepEqual(checkReport({ ...r, improvements: [], judgements: r.judgements.map((j) => ({ ...j, grade: 'outstanding', text: 'Outstanding' })), sections: [] }), []);

  const debris = [
    'The quality of plans. Inspection of Dorset local authority children’s services 17 March to 21 March 2025',
    'The quality of plans for children. Page 3 of 12',
    'The quality of plans for children www.gov.uk/government/organisations/ofsted',
    'The quality of plans for children. © Crown copyright 2025',
  ];
  for (const text of debris) {
    const p = checkReport({ ...r, improvements: [item(text), item('The timeliness of health assessments.')] });
    assert.ok(has(p, /improvement 1 contains/), `${text}\n${p.join('\n')}`);
  }
  const split = checkReport({ ...r, improvements: [item('The quality of plans for children who'), item('are on the edge of care.'), item('The timeliness of health assessments.')] });
  assert.ok(has(split, /improvement 2 starts in lower case/), split.join('\n'));
  // Lists that continue a lead-in start every item in lower case: not a split.
  assert.deepEqual(checkReport({ ...r, improvements: [item('ensure all children have a care plan'), item('review the 16+ service'), item('improve the timeliness of care proceedings.')] }), []);
  const unjoined = checkReport({ ...r, improvements: [item('Support for 16- and 17- year-olds who present as homeless.'), item('Support for 16- and 17-year-olds, and for 18- to 21-year-olds.')] });
  assert.ok(has(unjoined, /improvement 1 keeps a line-end hyphen apart from its word: "17- year"/), unjoined.join('\n'));
  assert.ok(!has(unjoined, /improvement 2/), unjoined.join('\n'));
  const glued = checkReport({ ...r, improvements: [item('Targets covering both short-and longer-term objectives.'), item('Single- and multi-agency audits, and hide-and-seek.')] });
  assert.ok(has(glued, /improvement 1 glues a suspended hyphen to the next word: "short-and longer-term"/), glued.join('\n'));
  assert.ok(!has(glued, /improvement 2/), glued.join('\n'));
  const short = checkReport({ ...r, improvements: [item('Page 4'), item('The timeliness of health assessments.')] });
  assert.ok(has(short, /improvement 1 is too short/), short.join('\n'));
  const runOn = checkReport({ ...r, improvements: [item('The timeliness of health assessments. The experiences and progress of children in care: requires improvement to be good')] });
  assert.ok(has(runOn, /runs on into the heading/), runOn.join('\n'));
  const a = item('The timeliness of health assessments.');
  const b = item('The quality of supervision.');
  assert.deepEqual(checkReport({ ...r, improvements: [a, b, item(a.text)] }), [], 'one repeated recommendation is printed so in some reports');
  const twice = checkReport({ ...r, improvements: [a, b, item(a.text), item(b.text)] });
  assert.ok(has(twice, /improvement 3 repeats improvement 1/) && has(twice, /improvement 4 repeats improvement 2/), twice.join('\n'));
});

test('tags: a printed National Framework tag is read, and a tag read is in the text', () => {
  const r = ilacs2023();
  const untagged = checkReport({ ...r, improvements: [item('The care leaver offer. (Outcome four, National Framework)')] });
  assert.ok(has(untagged, /prints a National Framework tag that was not read/), untagged.join('\n'));
  const foreign = checkReport({ ...r, improvements: [item('The care leaver offer.', 2, 'Outcome four, National Framework')] });
  assert.ok(has(foreign, /has tag "Outcome four, National Framework", which is not in its text/), foreign.join('\n'));
});

test('pages and hash must be plausible', () => {
  const r = ilacs2023();
  const p = checkReport({ ...r, pageCount: 12, improvements: [item('The timeliness of health assessments.', 13)], sha256: 'xyz' });
  assert.ok(has(p, /improvement 1 is on page 13, outside the report's 12 pages/), p.join('\n'));
  assert.ok(has(p, /SHA-256/), p.join('\n'));
});
