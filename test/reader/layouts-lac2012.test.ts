import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadPdfText } from '../../src/reader/pdf/pdfjs.ts';
import { parseLac2012 } from '../../src/reader/layouts/lac2012.ts';
import { isReadError, type LayoutResult } from '../../src/reader/layouts/types.ts';
import { buildLac2012Pdf, type Lac2012Spec } from '../fixtures/sif-pdf.ts';

async function lac(spec: Lac2012Spec): Promise<LayoutResult> {
  const r = parseLac2012(await loadPdfText(await buildLac2012Pdf(spec)));
  if (isReadError(r)) assert.fail(`expected a result, got ${r.code}: ${r.message}`);
  return r;
}

const grades = (r: LayoutResult) => Object.fromEntries(r.judgements.map((j) => [j.key, j.grade]));

const spec: Lac2012Spec = {
  council: 'Kent County Council',
  dates: '15 – 19 July 2013',
  inspector: 'Helen Cawston',
  groups: [
    {
      heading: 'Immediately:',
      bullets: [
        ['improve the quality of supervision and management oversight in', 'casework'],
        ['ensure that the voice of the child contributes effectively to care', 'planning and service delivery.'],
      ],
    },
    {
      heading: 'Within three months:',
      bullets: [['review the 16+ service to ensure that caseloads are manageable, to enable', 'social workers to carry out effective practice with young people and care', 'leavers']],
    },
  ],
  // Printed in another order than the framework's, with a wrapped label and a trailing "Grade N".
  record: [
    { label: ['Capacity to improve'], grade: 'Good' },
    { label: ['Overall effectiveness'], grade: 'Adequate' },
    { label: ['Outcomes for looked after children and', 'young people'], grade: 'Inadequate Grade 4' },
    { label: ['Quality of provision'], grade: 'Adequate' },
    { label: ['Leadership and management'], grade: 'Adequate' },
  ],
  sections: [
    { heading: ['Overall effectiveness of services for looked', 'after children and young people'], grade: 'Grade 3 (adequate)' },
    { heading: ['Capacity to improve'], grade: 'Grade 2 (good)' },
    { heading: ['Outcomes for looked after children and young', 'people'], grade: 'Grade 4 (inadequate)' },
    { heading: ['Quality of provision'], grade: 'Grade 3 (adequate)' },
    { heading: ['Leadership and management'], grade: 'Grade 3 (adequate)' },
  ],
};

test('LAC2012: judgements from the Record of main findings (rows in any order, wrapped label), with page and words', async () => {
  const r = await lac(spec);
  assert.equal(r.framework, 'LAC2012');
  assert.deepEqual(grades(r), { overall: 'adequate', capacity_to_improve: 'good', outcomes: 'inadequate', quality_of_provision: 'adequate', leadership: 'adequate' });
  assert.deepEqual(
    r.judgements.map((j) => j.key),
    ['overall', 'capacity_to_improve', 'outcomes', 'quality_of_provision', 'leadership'],
  );
  const record = r.judgements.find((j) => j.key === 'outcomes')!;
  assert.equal(record.page, 4);
  assert.equal(record.text, 'Outcomes for looked after children and young people Inadequate');
});

test('LAC2012: the bullets under "Areas for improvement", without the lead-in paragraph or the timescale sub-headings', async () => {
  const r = await lac(spec);
  assert.deepEqual(
    r.improvements.map((i) => i.text),
    [
      'improve the quality of supervision and management oversight in casework',
      'ensure that the voice of the child contributes effectively to care planning and service delivery.',
      'review the 16+ service to ensure that caseloads are manageable, to enable social workers to carry out effective practice with young people and care leavers',
    ],
  );
  assert.ok(r.improvements.every((i) => i.page === 2));
  assert.deepEqual(r.lscbImprovements, []);
});

test('LAC2012 combined with safeguarding: the looked after children table, not the safeguarding one; unlisted sub-rows ignored', async () => {
  const r = await lac({
    ...spec,
    safeguardingRecord: [
      { label: ['Overall effectiveness'], grade: 'Inadequate' },
      { label: ['Capacity to improve'], grade: 'Inadequate' },
    ],
    record: [
      { label: ['Overall effectiveness'], grade: 'Good' },
      { label: ['Capacity to improve'], grade: 'Outstanding' },
      { label: ['Outcomes for looked after children and', 'young people'], grade: 'Good' },
      { label: ['Being healthy'], grade: 'Adequate' },
      { label: ['Staying safe'], grade: 'Inadequate' },
      { label: ['Quality of provision'], grade: 'Good' },
      { label: ['Leadership and management'], grade: 'Good' },
    ],
  });
  assert.deepEqual(grades(r), { overall: 'good', capacity_to_improve: 'outstanding', outcomes: 'good', quality_of_provision: 'good', leadership: 'good' });
});

test('LAC2012 without a record table: the "Grade N (x)" line under each section heading', async () => {
  const r = await lac({ ...spec, noRecord: true, sections: spec.sections.map((s, i) => (i === 2 ? { ...s, grade: 'Grade 2 (good)' } : s)) });
  assert.deepEqual(grades(r), { overall: 'adequate', capacity_to_improve: 'good', outcomes: 'good', quality_of_provision: 'adequate', leadership: 'adequate' });
  assert.match(r.judgements.find((j) => j.key === 'overall')!.text, /^Overall effectiveness of services for looked after children and young people Grade 3 \(adequate\)$/);
});

test('LAC2012 with neither table nor grade lines: a clear unsupported_layout error', async () => {
  const r = parseLac2012(await loadPdfText(await buildLac2012Pdf({ ...spec, noRecord: true, sections: [] })));
  assert.ok(isReadError(r));
  assert.equal(r.code, 'unsupported_layout');
  assert.match(r.message, /Record of main findings/);
});
