import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadPdfText } from '../../src/reader/pdf/pdfjs.ts';
import { parseSif } from '../../src/reader/layouts/sif.ts';
import { parseLscb } from '../../src/reader/layouts/lscb.ts';
import { isReadError, type LayoutResult } from '../../src/reader/layouts/types.ts';
import { buildLscbPdf, buildSifPdf, type SifRow, type SifSpec } from '../fixtures/sif-pdf.ts';

async function sif(spec: SifSpec): Promise<LayoutResult> {
  const r = parseSif(await loadPdfText(await buildSifPdf(spec)));
  if (isReadError(r)) assert.fail(`expected a result, got ${r.code}: ${r.message}`);
  return r;
}

const grades = (r: LayoutResult) => Object.fromEntries(r.judgements.map((j) => [j.key, j.grade]));
const texts = (items: { text: string }[]) => items.map((i) => i.text);

const rows2017: SifRow[] = [
  { label: ['1. Children who need help and protection'], grade: ['Good'], placement: 'inline' },
  { label: ['2. Children looked after and achieving', 'permanence'], grade: ['Outstanding'], placement: 'middle' },
  { label: ['2.1 Adoption performance'], grade: ['Outstanding'], placement: 'inline' },
  { label: ['2.2 Experiences and progress of care leavers'], grade: ['Requires improvement'], placement: 'inline' },
  { label: ['3. Leadership, management and governance'], grade: ['Good'], placement: 'inline' },
];

const late: SifSpec = {
  council: 'Bracknell Forest',
  withReview: true,
  dates: '28 April 2017 to 25 May 2017',
  overall: ['Children’s services in Bracknell Forest are good'],
  rows: rows2017,
  lscbHeadline: ['The Local Safeguarding Children Board is good'],
  listStyle: 'late',
  recommendations: [
    ['Ensure that performance management systems support the evaluation of the', 'effectiveness of early help services.'],
    ['Improve the quality of life-', 'journey books so that children understand their long-', 'term plans.'],
    ['Strengthen the response to children who go missing by ensuring that:', '• governance arrangements are clear', '• return home interviews are consistently offered.'],
  ],
  lscbRecommendations: [['Ensure that a full training needs analysis is completed.'], ['Review and strengthen the performance dataset (paragraphs 112–', '119).']],
  leadInspector: 'Lynn Radley',
};

test('SIF 2017 layout: overall sentence, table rows with grades inline and beside a wrapped label, LSCB grade from its section headline', async () => {
  const r = await sif(late);
  assert.equal(r.framework, 'SIF');
  assert.deepEqual(grades(r), {
    overall: 'good',
    help_protection: 'good',
    looked_after: 'outstanding',
    adoption: 'outstanding',
    care_leavers: 'requires_improvement',
    leadership: 'good',
    lscb: 'good',
  });
  assert.deepEqual(
    r.judgements.map((j) => j.key),
    ['overall', 'help_protection', 'looked_after', 'adoption', 'care_leavers', 'leadership', 'lscb'],
  );
  const overall = r.judgements.find((j) => j.key === 'overall')!;
  assert.equal(overall.page, 1);
  assert.equal(overall.text, 'Children’s services in Bracknell Forest are good');
  const la = r.judgements.find((j) => j.key === 'looked_after')!;
  assert.equal(la.text, '2. Children looked after and achieving permanence Outstanding');
  const lscb = r.judgements.find((j) => j.key === 'lscb')!;
  assert.equal(lscb.page, 3);
  assert.equal(lscb.text, 'The Local Safeguarding Children Board is good');
});

test('SIF recommendations: numbered items word for word, hyphens kept, sub-points after the lead-in; LSCB items apart', async () => {
  const r = await sif(late);
  assert.deepEqual(texts(r.improvements), [
    'Ensure that performance management systems support the evaluation of the effectiveness of early help services.',
    'Improve the quality of life-journey books so that children understand their long-term plans.',
    'Strengthen the response to children who go missing by ensuring that: governance arrangements are clear return home interviews are consistently offered.',
  ]);
  assert.ok(r.improvements.every((i) => i.page === 2 && i.tag === null));
  assert.deepEqual(texts(r.lscbImprovements), [
    'Ensure that a full training needs analysis is completed.',
    'Review and strengthen the performance dataset (paragraphs 112–119).',
  ]);
  assert.ok(r.lscbImprovements.every((i) => i.page === 3));
});

test('SIF 2014 layout: grades wrapped over two lines around the label, printed above it, rows in another order, LSCB grade on page 1', async () => {
  const r = await sif({
    council: 'Metropolitan Borough of Barnsley Council',
    withReview: true,
    dates: '2 June 2014 – 25 June 2014',
    overall: ['The overall judgement is that children’s services require', 'improvement'],
    rows: [
      { label: ['3. Leadership, management and governance'], grade: ['Requires', 'improvement'], placement: 'middle' },
      { label: ['1. Children who need help and protection'], grade: ['Inadequate'], placement: 'above' },
      { label: ['2. Children looked after and achieving permanence'], grade: ['Requires', 'improvement'], placement: 'middle' },
      { label: ['2.2 Experiences and progress of care leavers'], grade: ['Good'] },
      { label: ['2.1 Adoption performance'], grade: ['Requires improvement to', 'be good'], placement: 'middle' },
    ],
    lscbOnPage1: ['The effectiveness of the Local Safeguarding Children Board (LSCB) is', 'requires improvement'],
    listStyle: 'early',
    recommendations: [
      ['The local authority and its partners need to build upon and embed their Think', 'Family Strategy.'],
      ['A review of the working arrangements within the duty and assessment teams is', 'needed.'],
    ],
    lscbRecommendations: [['Increase the influence of the board.']],
    leadInspector: 'Jan Edwards',
  });
  assert.deepEqual(grades(r), {
    overall: 'requires_improvement',
    help_protection: 'inadequate',
    looked_after: 'requires_improvement',
    adoption: 'requires_improvement',
    care_leavers: 'good',
    leadership: 'requires_improvement',
    lscb: 'requires_improvement',
  });
  assert.equal(r.judgements.find((j) => j.key === 'lscb')!.page, 1);
  // The "nothing to list" line under "Priority and immediate action" is not an item, nor is the strengths paragraph after the list.
  assert.deepEqual(texts(r.improvements), [
    'The local authority and its partners need to build upon and embed their Think Family Strategy.',
    'A review of the working arrangements within the duty and assessment teams is needed.',
  ]);
  assert.deepEqual(texts(r.lscbImprovements), ['Increase the influence of the board.']);
});

test('SIF lists: topic headings inside the list, a sub-heading repeated at a line end, an LSCB list ended by a body-size template heading', async () => {
  const r = await sif({
    ...late,
    listStyle: 'early',
    recommendations: [
      'Corporate parenting',
      ['Re-establish contact with the high proportion of 20- and 21-year-olds not in', 'contact with the service.'],
      'Missing children',
      ['Ensure that all children who go missing have a return interview. Areas for improvement'],
    ],
    lscbListStyle: 'early',
    lscbRecommendations: [['Increase the influence of the board.'], ['Revise the threshold document.']],
  });
  assert.deepEqual(texts(r.improvements), [
    'Re-establish contact with the high proportion of 20- and 21-year-olds not in contact with the service.',
    'Ensure that all children who go missing have a return interview.',
  ]);
  assert.deepEqual(texts(r.lscbImprovements), ['Increase the influence of the board.', 'Revise the threshold document.']);
});

test('SIF re-inspection: no LSCB review, so no lscb judgement and no LSCB items; "Not Judged" rows', async () => {
  const r = await sif({
    council: 'Isles of Scilly',
    withReview: false,
    reinspection: true,
    dates: '6 March to 30 March 2017',
    overall: ['Children’s services in the Isles of Scilly are good'],
    rows: [
      { label: ['1. Children who need help and protection'], grade: ['Good'], placement: 'inline' },
      { label: ['2. Children looked after and achieving', 'permanence'], grade: ['Not Judged'], placement: 'middle' },
      { label: ['2.1 Adoption performance'], grade: ['Not Judged'], placement: 'inline' },
      { label: ['2.2 Experiences and progress of care leavers'], grade: ['Not judged'], placement: 'inline' },
      { label: ['3. Leadership, management and governance'], grade: ['Good'], placement: 'inline' },
    ],
    listStyle: 'late',
    recommendations: [['Improve the quality of plans.']],
    leadInspector: 'Tracey Metcalfe',
  });
  assert.deepEqual(grades(r), {
    overall: 'good',
    help_protection: 'good',
    looked_after: 'not_judged',
    adoption: 'not_judged',
    care_leavers: 'not_judged',
    leadership: 'good',
  });
  assert.deepEqual(r.lscbImprovements, []);
  assert.deepEqual(texts(r.improvements), ['Improve the quality of plans.']);
});

test('SIF: an LSCB headline in body size on its own line is read; prose that merely mentions a grade is not', async () => {
  const r = await sif({ ...late, lscbHeadline: ['The Local Safeguarding Children Board requires improvement'], lscbHeadlineBodySize: true });
  assert.equal(grades(r).lscb, 'requires_improvement');
  // Without a headline, "The Local Safeguarding Children Board is good at …" in the summary is no grade.
  const none = await sif({ ...late, lscbHeadline: [] });
  assert.equal(grades(none).lscb, undefined);
});

test('SIF: a judgement table that runs over onto page 2', async () => {
  const r = await sif({ ...late, breakTableAt: 3 });
  assert.deepEqual(grades(r), {
    overall: 'good',
    help_protection: 'good',
    looked_after: 'outstanding',
    adoption: 'outstanding',
    care_leavers: 'requires_improvement',
    leadership: 'good',
    lscb: 'good',
  });
  assert.equal(r.judgements.find((j) => j.key === 'leadership')!.page, 2);
  assert.equal(r.improvements.length, 3);
});

test('SIF: a report without its judgement table is an unsupported layout, not an exception', async () => {
  const r = parseSif(await loadPdfText(await buildSifPdf({ ...late, rows: [] })));
  assert.ok(isReadError(r));
  assert.equal(r.code, 'unsupported_layout');
  assert.match(r.message, /judgement table/);
});

test('standalone LSCB review: the board grade from page 1 and its recommendations', async () => {
  const bytes = await buildLscbPdf({
    board: 'Surrey Safeguarding Children Board',
    headline: ['The Local Safeguarding Children Board requires improvement'],
    recommendations: [
      ['Update the ‘Early help: multi-agency levels of need’ document as a matter of', 'urgency (paragraph 4).'],
      ['Put in place a process for assessing the impact of training.'],
    ],
  });
  const r = parseLscb(await loadPdfText(bytes));
  if (isReadError(r)) assert.fail(r.message);
  assert.equal(r.framework, 'LSCB');
  assert.deepEqual(grades(r), { lscb: 'requires_improvement' });
  assert.equal(r.judgements[0]!.page, 1);
  assert.deepEqual(texts(r.improvements), [
    'Update the ‘Early help: multi-agency levels of need’ document as a matter of urgency (paragraph 4).',
    'Put in place a process for assessing the impact of training.',
  ]);
  assert.deepEqual(r.lscbImprovements, []);
});

test('standalone LSCB review printing only the list\'s parts, with nothing under "Priority and immediate action"', async () => {
  const bytes = await buildLscbPdf({
    board: 'Surrey Safeguarding Children Board',
    headline: ['The Local Safeguarding Children Board is inadequate'],
    recommendations: [['Strengthen the governance arrangements of the board.']],
    partsOnly: true,
  });
  const r = parseLscb(await loadPdfText(bytes));
  if (isReadError(r)) assert.fail(r.message);
  assert.deepEqual(grades(r), { lscb: 'inadequate' });
  assert.deepEqual(texts(r.improvements), ['Strengthen the governance arrangements of the board.']);
});

test('SIF recommendations grouped under numbered theme headings: each bullet is an item, the theme is not', async () => {
  const r = await sif({
    ...late,
    recommendations: [
      ['Quality and effectiveness of practice', '• Ensure that strategy meetings meet statutory requirements.', '• Improve support to children on the edge of care.'],
      ['Oversight and scrutiny by senior leaders', '• Revise the corporate parenting strategy.'],
    ],
  });
  assert.deepEqual(texts(r.improvements), [
    'Ensure that strategy meetings meet statutory requirements.',
    'Improve support to children on the edge of care.',
    'Revise the corporate parenting strategy.',
  ]);
});
