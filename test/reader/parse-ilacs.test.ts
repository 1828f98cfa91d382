import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadPdfText } from '../../src/reader/pdf/pdfjs.ts';
import { parseReport, type ParseResult } from '../../src/reader/parse.ts';
import type { Report } from '../../src/domain/report.ts';
import { buildIlacsPdf, buildPdf, ilacs2023Rows, type IlacsSpec } from '../fixtures/ilacs-pdf.ts';

async function parse(bytes: Uint8Array): Promise<ParseResult> {
  return parseReport(await loadPdfText(bytes), { sha256: 'test' });
}

async function report(spec: IlacsSpec): Promise<Report> {
  const r = await parse(await buildIlacsPdf(spec));
  if (!r.ok) assert.fail(`expected a report, got ${r.error.code}: ${r.error.message}`);
  return r.report;
}

const grades = (r: Report) => Object.fromEntries(r.judgements.map((j) => [j.key, j.grade]));

const base: IlacsSpec = {
  title: ['Inspection of Dorset local authority', 'children’s services'],
  dates: '17 March to 21 March 2025',
  inspector: 'Sarah Canto, His Majesty’s Inspector',
  rows: ilacs2023Rows(['Outstanding', 'Good', 'Requires improvement to be good', 'Good', 'Good']),
  improvements: [
    ['The clarity and detail of the care leaver offer, including for care leavers who are', 'parents.'],
    ['The stability of homes for children in long-', 'term foster care.'],
  ],
};

test('an ILACS 2023 report: framework, authority, dates, inspector, judgements with evidence, items', async () => {
  const r = await report(base);
  assert.equal(r.framework, 'ILACS2023');
  assert.equal(r.localAuthority.printedName, 'Dorset');
  assert.equal(r.localAuthority.urn, '2532283');
  assert.equal(r.inspection.start, '2025-03-17');
  assert.equal(r.inspection.end, '2025-03-21');
  assert.equal(r.inspection.leadInspector, 'Sarah Canto');
  assert.deepEqual(grades(r), { leaders: 'outstanding', help_protection: 'good', in_care: 'requires_improvement', care_leavers: 'good', overall: 'good' });
  const leaders = r.judgements.find((j) => j.key === 'leaders')!;
  assert.equal(leaders.page, 1);
  assert.match(leaders.text, /impact of leaders on social work practice with children and families Outstanding/);
  assert.deepEqual(
    r.improvements.map((i) => i.text),
    ['The clarity and detail of the care leaver offer, including for care leavers who are parents.', 'The stability of homes for children in long-term foster care.'],
  );
  assert.equal(r.improvements[0]!.page, 2);
  assert.equal(r.pageCount, 2);
  assert.ok(r.sections.some((s) => s.heading === 'What needs to improve?' && s.pages[0] === 2));
});

test('a grade broken after "to" ("Requires improvement to" / "be good") is one grade, not "good"', async () => {
  const r = await report({
    ...base,
    title: ['Bradford', 'Inspection of children’s social care services'],
    dates: '8 October to 19 October 2018',
    inspector: 'Kate Malleson',
    gradeX: 395,
    tableSize: 11,
    rows: [
      { label: ['The impact of leaders on social work practice with children', 'and families'], grade: ['Requires improvement to', 'be good'] },
      { label: ['The experiences and progress of children who need help and', 'protection'], grade: ['Inadequate'] },
      { label: ['The experiences and progress of children in care and care', 'leavers'], grade: ['Requires improvement to', 'be good'] },
      { label: ['Overall effectiveness'], grade: ['Inadequate'] },
    ],
  });
  assert.deepEqual(grades(r), { leaders: 'requires_improvement', help_protection: 'inadequate', in_care_and_leavers: 'requires_improvement', overall: 'inadequate' });
});

test('a grade wrapped over two lines belongs to its row (ILACS 2018)', async () => {
  const r = await report({
    ...base,
    title: ['London Borough of Lewisham', 'Inspection of children’s social care services'],
    dates: '8 July to 19 July 2019',
    inspector: 'Kate Malleson',
    gradeX: 395,
    tableSize: 11,
    rows: [
      { label: ['The impact of leaders on social work practice with children', 'and families'], grade: ['Requires improvement', 'to be good'] },
      { label: ['The experiences and progress of children who need help and', 'protection'], grade: ['Good'] },
      { label: ['The experiences and progress of children in care and care', 'leavers'], grade: ['Requires improvement', 'to be good'] },
      { label: ['Overall effectiveness'], grade: ['Requires improvement', 'to be good'] },
    ],
  });
  // The 2018 title names the council on a line of its own above "Inspection of children's social care services".
  assert.equal(r.framework, 'ILACS2018');
  assert.deepEqual(grades(r), { leaders: 'requires_improvement', help_protection: 'good', in_care_and_leavers: 'requires_improvement', overall: 'requires_improvement' });
  assert.equal(r.localAuthority.printedName, 'London Borough of Lewisham');
});

test('grades printed above their labels are read with the right rows', async () => {
  const rows = ilacs2023Rows(['Inadequate', 'Good', 'Outstanding', 'Requires improvement to be good', 'Inadequate']).map((row) => ({ ...row, gradePlacement: 'above' as const }));
  const r = await report({ ...base, rows });
  assert.deepEqual(grades(r), { leaders: 'inadequate', help_protection: 'good', in_care: 'outstanding', care_leavers: 'requires_improvement', overall: 'inadequate' });
});

test('a table in a different order reads by label, not by position', async () => {
  const rows = ilacs2023Rows(['Good', 'Inadequate', 'Outstanding', 'Requires improvement to be good', 'Good']);
  const shuffled = [rows[4]!, rows[2]!, rows[0]!, rows[3]!, rows[1]!];
  const r = await report({ ...base, rows: shuffled });
  assert.deepEqual(grades(r), { leaders: 'good', help_protection: 'inadequate', in_care: 'outstanding', care_leavers: 'requires_improvement', overall: 'good' });
});

test('a 2025 tagged item keeps its tag in the text and gives it separately; sub-points stay in their item; footnote and page furniture are dropped', async () => {
  const r = await report({
    ...base,
    footnote: true,
    breakBefore: 1,
    improvements: [
      ['The quality of the support and plans for children in need. (Outcome 1, national', 'framework)'],
      ['The response to children who are privately fostered, including:', '– the timeliness of checks', '– the visits to children. (Outcome four, National Framework)'],
    ],
  });
  assert.deepEqual(
    r.improvements.map((i) => [i.text, i.tag, i.page]),
    [
      ['The quality of the support and plans for children in need. (Outcome 1, national framework)', 'Outcome 1, national framework', 2],
      ['The response to children who are privately fostered, including: the timeliness of checks the visits to children. (Outcome four, National Framework)', 'Outcome four, National Framework', 3],
    ],
  );
});

test('a split inspection: start is the first day of the first visit, end the last day of the second', async () => {
  const r = await report({ ...base, dates: '30 September to 11 October 2024 and 13 to 16 January 2025', inspector: null });
  assert.equal(r.inspection.start, '2024-09-30');
  assert.equal(r.inspection.end, '2025-01-16');
  assert.equal(r.inspection.leadInspector, null);
});

test('an ILACS 2026 report has no overall effectiveness row', async () => {
  const rows = ilacs2023Rows(['Good', 'Good', 'Outstanding', 'Good', 'Good']).slice(0, 4);
  const r = await report({ ...base, title: ['Inspection of Bradford Children and', 'Families Trust'], dates: '12 to 23 January 2026', rows });
  assert.equal(r.framework, 'ILACS2026');
  assert.deepEqual(grades(r), { leaders: 'good', help_protection: 'good', in_care: 'outstanding', care_leavers: 'good' });
  assert.equal(r.localAuthority.printedName, 'Bradford Children and Families Trust');
  assert.equal(r.localAuthority.urn, '80449');
});

test('a page 1 with body text but no report title is not_a_report', async () => {
  const bytes = await buildPdf([
    [
      { text: 'Minutes of the corporate parenting panel', x: 71, y: 700, size: 12 },
      { text: 'The panel discussed the sufficiency of local homes for children in care.', x: 71, y: 680, size: 12 },
    ],
  ]);
  const r = await parse(bytes);
  assert.equal(r.ok, false);
  if (!r.ok) {
    assert.equal(r.error.code, 'not_a_report');
    assert.match(r.error.message, /Minutes of the corporate parenting panel/);
  }
});

test('an ILACS title with no judgement table is an unsupported layout, not a crash', async () => {
  const bytes = await buildPdf([[{ text: 'Inspection of Dorset local authority children’s services', x: 71, y: 700, size: 20 }, { text: 'Some text.', x: 71, y: 650, size: 12 }]]);
  const r = await parse(bytes);
  assert.equal(r.ok, false);
  if (!r.ok) assert.equal(r.error.code, 'unsupported_layout');
});

test('parseReport never throws: malformed input becomes an error', () => {
  const broken = { pageCount: 1, pages: [{ number: 1, width: 595, height: 842, lines: null }] } as unknown as Parameters<typeof parseReport>[0];
  const r = parseReport(broken, { sha256: 'x' });
  assert.equal(r.ok, false);
  if (!r.ok) assert.equal(r.error.code, 'unsupported_layout');
});
