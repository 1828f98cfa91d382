// The classes of printed variation that made the reader lose facts on
// reports it had never seen, each reproduced in generated PDFs and read by
// the whole reader (classification, layout, completeness check): a report
// is either read completely, with no flags, or flagged.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readReport } from '../../src/reader/index.ts';
import type { Report } from '../../src/domain/report.ts';
import { buildIlacsPdf, ilacs2023Rows, type IlacsSpec } from '../fixtures/ilacs-pdf.ts';
import { buildLac2012Pdf, buildLscbPdf, buildSifPdf, type Lac2012Spec, type SifRow, type SifSpec } from '../fixtures/sif-pdf.ts';

async function read(bytes: Uint8Array): Promise<Report> {
  const r = await readReport(bytes);
  if (!r.ok) assert.fail(`expected a report, got ${r.error.code}: ${r.error.message}`);
  return r.report;
}

const grades = (r: Report) => Object.fromEntries(r.judgements.map((j) => [j.key, j.grade]));
const complete = (r: Report) => assert.deepEqual(r.flags, [], `expected no flags, got:\n${r.flags.map((f) => `${f.code}: ${f.message}`).join('\n')}`);

const sifRows = (grade: string[]): SifRow[] => [
  { label: ['1. Children who need help and protection'], grade },
  { label: ['2. Children looked after and achieving', 'permanence'], grade },
  { label: ['2.1 Adoption performance'], grade },
  { label: ['2.2 Experiences and progress of care leavers'], grade },
  { label: ['3. Leadership, management and governance'], grade },
];

const sif: SifSpec = {
  council: 'Bracknell Forest',
  withReview: true,
  dates: '28 April 2017 to 25 May 2017',
  overall: ['Children’s services in Bracknell Forest require improvement'],
  rows: sifRows(['Requires improvement']),
  lscbHeadline: ['The Local Safeguarding Children Board requires improvement'],
  listStyle: 'late',
  recommendations: [['Ensure that performance management systems support the evaluation of the', 'effectiveness of early help services.'], ['Improve the quality of life-story work for children.']],
  lscbRecommendations: [['Ensure that a full training needs analysis is completed.'], ['Review and strengthen the performance dataset.']],
  leadInspector: 'Lynn Radley',
};

// Every way Ofsted has printed the middle grade in a table cell: verb number, case, hyphens, wrapped anywhere.
const RI_WORDINGS: string[][] = [
  ['Requires improvement'],
  ['Require improvement'],
  ['REQUIRES IMPROVEMENT'],
  ['Requires-improvement'],
  ['Requires improvement to be good'],
  ['Require improvement to be good'],
  ['Requires improvement', 'to be good'],
  ['Requires improvement to', 'be good'],
  ['Requires', 'improvement'],
];

for (const wording of RI_WORDINGS) {
  test(`SIF table grade printed as ${JSON.stringify(wording)}: every judgement read, none flagged`, async () => {
    const r = await read(await buildSifPdf({ ...sif, rows: sifRows(wording) }));
    assert.deepEqual(grades(r), {
      overall: 'requires_improvement',
      help_protection: 'requires_improvement',
      looked_after: 'requires_improvement',
      adoption: 'requires_improvement',
      care_leavers: 'requires_improvement',
      leadership: 'requires_improvement',
      lscb: 'requires_improvement',
    });
    complete(r);
  });

  test(`ILACS table grade printed as ${JSON.stringify(wording)}: every judgement read, none flagged`, async () => {
    const rows = ilacs2023Rows(['Good', 'Good', 'Good', 'Good', 'Good']).map((row, i) => (i === 2 ? { ...row, grade: wording } : row));
    const r = await read(await buildIlacsPdf({ ...ilacsSpec, rows }));
    assert.equal(grades(r).in_care, 'requires_improvement');
    assert.equal(r.judgements.length, 5);
    complete(r);
  });
}

// A board's headline as reports have printed it, words missing or added included.
const HEADLINES: [string, string][] = [
  ['The Local Safeguarding Children Board is inadequate', 'inadequate'],
  ['The Local Safeguarding Children is inadequate', 'inadequate'],
  ['The LSCB is inadequate because:', 'inadequate'],
  ['The Bracknell Forest Safeguarding Children Board (BFSCB) is good', 'good'],
  ['The Local Safeguarding Children’s Board requires improvement', 'requires_improvement'],
  ['The effectiveness of the LSCB is outstanding', 'outstanding'],
];

for (const [headline, grade] of HEADLINES) {
  test(`LSCB headline "${headline}": the board's grade is read, in a SIF report and in a standalone review`, async () => {
    const inSif = await read(await buildSifPdf({ ...sif, lscbHeadline: [headline] }));
    assert.equal(grades(inSif).lscb, grade);
    complete(inSif);
    const review = await read(await buildLscbPdf({ board: 'Bracknell Forest', headline: [headline], recommendations: [['Ensure that the board evaluates the impact of early help services.']] }));
    assert.equal(review.framework, 'LSCB');
    assert.deepEqual(grades(review), { lscb: grade });
    complete(review);
  });
}

test('prose that mentions the board and a grade is not a headline', async () => {
  const r = await read(await buildSifPdf({ ...sif, lscbHeadline: ['The Local Safeguarding Children Board is good at bringing partners together'] }));
  assert.equal(grades(r).lscb, undefined);
  assert.ok(r.flags.some((f) => f.code === 'missing_judgement' && /\(lscb\)/.test(f.message)), JSON.stringify(r.flags));
});

// Headings of the LSCB section and its list the reader had not expected.
for (const [what, spec] of [
  ['an LSCB section titled in body-size bold', { lscbSectionBodySize: true }],
  ['recommendations under "What does the LSCB need to improve?"', { lscbListHeading: 'What does the LSCB need to improve?' }],
  ['recommendations under "What does the Local Safeguarding Children Board need to improve?" in a body-size section', { lscbListHeading: 'What does the Local Safeguarding Children Board need to improve?', lscbSectionBodySize: true }],
  ['recommendations under a heading that goes on after the table\'s words ("Recommendations for the LSCB")', { lscbListHeading: 'Recommendations for the LSCB' }],
  ['recommendations under "What does the board need to improve in Bracknell Forest?"', { lscbListHeading: 'What does the LSCB need to improve in Bracknell Forest?' }],
] as [string, Partial<SifSpec>][]) {
  test(`SIF with ${what}: the board's recommendations are read`, async () => {
    const r = await read(await buildSifPdf({ ...sif, ...spec }));
    assert.deepEqual(
      r.lscbImprovements.map((i) => i.text),
      ['Ensure that a full training needs analysis is completed.', 'Review and strengthen the performance dataset.'],
    );
    assert.equal(r.improvements.length, 2);
    complete(r);
  });
}

const ilacsSpec: IlacsSpec = {
  title: ['Inspection of Dorset local authority', 'children’s services'],
  dates: '17 March to 21 March 2025',
  inspector: 'Sarah Canto, His Majesty’s Inspector',
  rows: ilacs2023Rows(['Good', 'Good', 'Requires improvement to be good', 'Good', 'Good']),
  improvements: [['The timeliness of initial health assessments for children in care.']],
};

// Glyphs fonts map into text: combining overlays used as sub-point dashes, symbol-font bullets in the private use area.
for (const glyph of ['\u0336', '\uf0b7', '\uf0a7', '\u2043', '▪']) {
  test(`list glyph U+${glyph.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')} between sub-points never reaches item text`, async () => {
    const r = await read(
      await buildIlacsPdf({
        ...ilacsSpec,
        improvements: [['The provision of suitable accommodation for 16- and 17-year-old homeless', 'young people, including:', `${glyph} sufficiency of accommodation`, `${glyph} management oversight.`], ['The timeliness of initial health assessments.']],
      }),
    );
    assert.deepEqual(
      r.improvements.map((i) => i.text),
      ['The provision of suitable accommodation for 16- and 17-year-old homeless young people, including: sufficiency of accommodation management oversight.', 'The timeliness of initial health assessments.'],
    );
    complete(r);
  });
}

// ---------------------------------------------------------------- completeness, framework by framework

test('ILACS: a judgement row the reader cannot read is flagged, naming it and where the reader looked', async () => {
  const rows = ilacs2023Rows(['Good', 'Good', 'Good', 'Good', 'Good']);
  rows[3] = { ...rows[3]!, grade: [] };
  const r = await read(await buildIlacsPdf({ ...ilacsSpec, rows }));
  const f = r.flags.find((x) => x.code === 'missing_judgement');
  assert.ok(f, JSON.stringify(r.flags));
  assert.match(f.message, /The experiences and progress of care leavers" \(care_leavers\) was not read/);
  assert.match(f.message, /looked for the judgement table .* on pages 1–3/);
});

test('ILACS: missing dates, a lead inspector label without a name, and no items under "What needs to improve?" are flagged', async () => {
  const r = await read(
    await buildIlacsPdf({
      ...ilacsSpec,
      dates: 'to be confirmed',
      inspector: '',
      improvements: [],
      summary: ['Leaders know their services well.'],
    }),
  );
  const codes = r.flags.map((f) => f.code).sort();
  assert.deepEqual(codes, ['missing_dates', 'missing_dates', 'missing_improvements', 'missing_lead_inspector']);
  assert.match(r.flags.find((f) => f.code === 'missing_lead_inspector')!.message, /prints "Lead inspector:" on page 1/);
  assert.match(r.flags.find((f) => f.code === 'missing_improvements')!.message, /no items of "What needs to improve" were read/);
});

test('ILACS: an outstanding report that prints its heading over prose, not a list, is complete', async () => {
  const r = await read(await buildIlacsPdf({ ...ilacsSpec, rows: ilacs2023Rows(['Outstanding', 'Outstanding', 'Outstanding', 'Outstanding', 'Outstanding']), improvements: [] }));
  assert.deepEqual(r.improvements, []);
  complete(r);
});

test('SIF: a lost table row and a review whose grade cannot be read are flagged', async () => {
  const rows = sifRows(['Requires improvement']);
  rows[2] = { ...rows[2]!, grade: ['Satisfactory'] };
  const r = await read(await buildSifPdf({ ...sif, rows, lscbHeadline: [] }));
  const missing = r.flags.filter((f) => f.code === 'missing_judgement').map((f) => /\((\w+)\) was not read/.exec(f.message)?.[1]);
  assert.deepEqual(missing.sort(), ['adoption', 'lscb']);
});

test('SIF re-inspection without a review: no LSCB judgement is required', async () => {
  const r = await read(await buildSifPdf({ ...sif, withReview: false, reinspection: true, lscbHeadline: undefined, lscbRecommendations: undefined }));
  assert.equal(grades(r).lscb, undefined);
  complete(r);
});

test('LSCB review: recommendations printed but not read are flagged', async () => {
  const r = await read(await buildLscbPdf({ board: 'Bracknell Forest', headline: ['The Local Safeguarding Children Board requires improvement'], recommendations: [] }));
  assert.deepEqual(
    r.flags.map((f) => f.code),
    ['missing_improvements'],
  );
});

const lac: Lac2012Spec = {
  council: 'Blackpool',
  dates: '2–13 July 2012',
  inspector: 'Jo Example',
  groups: [{ heading: 'Immediately:', bullets: [['ensure that all looked after children have an up-to-date care plan']] }],
  record: [
    { label: ['Overall effectiveness'], grade: 'Adequate' },
    { label: ['Capacity for improvement'], grade: 'Good' },
    { label: ['Outcomes for children and young people'], grade: 'Adequate' },
    { label: ['Quality of provision'], grade: 'Adequate' },
    { label: ['Leadership and management'], grade: 'Adequate' },
  ],
  sections: [{ heading: ['Overall effectiveness'], grade: 'Grade 3 (adequate)' }],
};

test('LAC 2012: complete when the record is read, flagged when a row is lost', async () => {
  complete(await read(await buildLac2012Pdf(lac)));
  const lost = await read(await buildLac2012Pdf({ ...lac, record: lac.record.filter((r) => r.label[0] !== 'Quality of provision') }));
  assert.ok(
    lost.flags.some((f) => f.code === 'missing_judgement' && /\(quality_of_provision\)/.test(f.message) && /Record of main findings/.test(f.message)),
    JSON.stringify(lost.flags),
  );
});

// ---------------------------------------------------------------- found by scripts/dev/mutate.ts

// Bullets Word templates use: arrows, check marks, diamonds, as fonts map them.
for (const glyph of ['➢', '►', '◆', '✓', '❖', '⇒']) {
  test(`items bulleted with ${glyph} are read, glyph left out`, async () => {
    const r = await read(await buildIlacsPdf({ ...ilacsSpec, bullet: glyph, improvements: [['The timeliness of initial health assessments for children in', 'care.'], ['The quality of supervision.']] }));
    assert.deepEqual(
      r.improvements.map((i) => i.text),
      ['The timeliness of initial health assessments for children in care.', 'The quality of supervision.'],
    );
    complete(r);
  });
}

const outstanding = ilacs2023Rows(['Outstanding', 'Outstanding', 'Outstanding', 'Outstanding', 'Outstanding']);

test('an outstanding report whose list sits under another framework\'s heading ("Recommendations") is flagged, not read as having nothing to improve', async () => {
  const r = await read(await buildIlacsPdf({ ...ilacsSpec, rows: outstanding, improveHeading: 'Recommendations' }));
  assert.deepEqual(r.improvements, []);
  const f = r.flags.find((x) => x.code === 'missing_improvements');
  assert.ok(f, JSON.stringify(r.flags));
  assert.match(f.message, /prints "Recommendations" on page 2, but no items were read under it \(it has lines with bullets or numbers\)/);
});

test('an outstanding report whose one item is printed without a bullet is flagged; prose under the heading is not', async () => {
  const bare = await read(await buildIlacsPdf({ ...ilacsSpec, rows: outstanding, bullet: '', improvements: [['The timeliness of initial health assessments for children in', 'care.']] }));
  assert.deepEqual(bare.improvements, []);
  assert.match(bare.flags.find((x) => x.code === 'missing_improvements')?.message ?? '', /a paragraph of one sentence, as a list printed without bullets would be/);
  for (const tagged of [['Stronger recognition of young carers who receive statutory services. Enabler three:', 'National Framework.'], ['Stronger recognition of young carers who receive services. (outcome 1, national', 'framework)']]) {
    const r = await read(await buildIlacsPdf({ ...ilacsSpec, rows: outstanding, bullet: '', improvements: [tagged] }));
    assert.ok(r.flags.some((x) => x.code === 'missing_improvements'), `a tagged item without a bullet is flagged: ${JSON.stringify(r.flags)}`);
  }
  const bodySized = await read(await buildIlacsPdf({ ...ilacsSpec, rows: outstanding, bullet: '', improveHeadingSize: 12, improvements: [['The timeliness of initial health assessments for children in', 'care.']] }));
  assert.ok(bodySized.flags.some((x) => x.code === 'missing_improvements'), `under a body-size bold heading: ${JSON.stringify(bodySized.flags)}`);
  const prose = await read(
    await buildIlacsPdf({
      ...ilacsSpec,
      rows: outstanding,
      bullet: '',
      improvements: [['There are very few areas of variability in what is otherwise exceptional', 'practice. Senior leaders know their services well and drive improvement.']],
    }),
  );
  assert.deepEqual(prose.improvements, []);
  complete(prose);
});

// The overall judgement sentence of a SIF report, worded in ways the mutation aid tried.
test('SIF overall sentence "… are judged to be good" is read as good, with no flag', async () => {
  const r = await read(await buildSifPdf({ ...sif, overall: ['Children’s services in Bracknell Forest are judged to be good'] }));
  assert.equal(grades(r).overall, 'good');
  complete(r);
});

test('SIF overall sentence whose grade is worded in a way the reader does not know: flagged as missing, never taken from the next sentence or the table', async () => {
  for (const overall of [
    ['Children’s services in Bracknell Forest are', 'at a standstill.', 'The authority is not yet delivering good help for children.'],
    ['Children’s services in Bracknell Forest are'],
  ]) {
    const r = await read(await buildSifPdf({ ...sif, overall, rows: sifRows(['Good']) }));
    assert.equal(grades(r).overall, undefined, JSON.stringify(overall));
    assert.ok(r.flags.some((f) => f.code === 'missing_judgement' && /\(overall\)/.test(f.message)), JSON.stringify(r.flags));
    assert.equal(grades(r).help_protection, 'good');
  }
});

test('an ILACS list read in part (bullets lost, a wrapped line "17." taken for an item\'s number) is flagged, naming the line no item holds', async () => {
  const r = await read(
    await buildIlacsPdf({
      ...ilacsSpec,
      bullet: '',
      improvements: [['The provision of personal assistants for care leavers when they reach age', '17.'], ['The availability of suitable accommodation for care leavers.']],
    }),
  );
  const f = r.flags.find((x) => x.code === 'missing_improvements');
  assert.ok(f, `read ${JSON.stringify(r.improvements.map((i) => i.text))} with no flag`);
  assert.match(f.message, /some of the list under "What needs to improve\?" \(page 2\) is in no improvement read: "The provision of personal assistants/);
});

test('an ILACS list read whole has every line under its heading in an item: not flagged', async () => {
  const r = await read(await buildIlacsPdf({ ...ilacsSpec, improvements: [['The provision of personal assistants for care leavers when they reach age', '17.'], ['The availability of suitable accommodation for care leavers.']] }));
  assert.equal(r.improvements.length, 2);
  complete(r);
});
