import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildView, defaultPublishedBy, isIsoDate, marchEnds, nationalDetail, nationalPicture, quarterEnds, sharesOf } from '../../src/analysis/index.ts';
import type { AuthorityRow, JudgementRow, RecordData, ReportRow } from '../../src/store/read/index.ts';
import type { FrameworkId, Grade, JudgementKey } from '../../src/domain/frameworks.ts';

function authority(slug: string, urn: string, region: string, extra: Partial<AuthorityRow> = {}): AuthorityRow {
  return { slug, urn, laCode: null, name: slug, officialName: null, region, regionCode: null, type: 'county', gss: null, formerGss: [], altNames: [], trusts: [], isCurrent: true, startDate: null, endDate: null, ...extra };
}

let nextId = 1;
function report(urn: string, framework: FrameworkId, end: string, published: string | null, grades: Partial<Record<JudgementKey, Grade>>): ReportRow {
  const judgements: JudgementRow[] = Object.entries(grades).map(([key, grade]) => ({ key: key as JudgementKey, grade: grade as Grade, page: 1, sourceText: '' }));
  return {
    id: nextId++, authorityUrn: urn, printedName: urn, framework, title: 't', inspectionStart: end, inspectionEnd: end, leadInspector: null, datesPage: null, datesText: null,
    pageCount: 1, headlineGrade: grades.overall ?? grades.leaders ?? null, sourceUrl: null, listingDate: published, hasFullText: false, createdAt: end, updatedAt: end, readerVersion: 2, flags: [], withdrawnAt: null, correctedAt: null, judgements, improvements: [],
  };
}

const sif = (overall: Grade, help: Grade, lookedAfter: Grade, leavers: Grade, leadership: Grade): Partial<Record<JudgementKey, Grade>> => ({ overall, help_protection: help, looked_after: lookedAfter, adoption: 'good', care_leavers: leavers, leadership, lscb: 'inadequate' });

const data: RecordData = {
  authorities: [
    authority('old-county', '1', 'North', { isCurrent: false, endDate: '2021-04-01' }),
    authority('new-north', '2', 'North', { startDate: '2021-04-01' }),
    authority('steady', '3', 'South'),
    authority('climber', '4', 'South'),
  ],
  links: [{ predecessorSlug: 'old-county', successorSlug: 'new-north', effective: '2021-04-01' }],
  neighbours: [],
  reports: [
    report('2', 'ILACS2026', '2026-05-10', '2026-06-20', { leaders: 'good', help_protection: 'good', in_care: 'outstanding', care_leavers: 'good' }),
    report('2', 'ILACS2023', '2023-05-10', '2023-06-20', { leaders: 'inadequate', help_protection: 'requires_improvement', in_care: 'requires_improvement', care_leavers: 'good', overall: 'inadequate' }),
    report('4', 'ILACS2018', '2019-03-20', '2019-04-25', { leaders: 'good', help_protection: 'good', in_care_and_leavers: 'outstanding', overall: 'good' }),
    report('3', 'ILACS2018', '2019-03-01', '2019-05-15', { leaders: 'outstanding', help_protection: 'good', in_care_and_leavers: 'good', overall: 'outstanding' }),
    report('1', 'SIF', '2016-06-01', '2016-07-20', sif('inadequate', 'inadequate', 'requires_improvement', 'good', 'inadequate')),
    report('1', 'LSCB', '2017-06-01', '2017-07-20', { lscb: 'good' }),
    report('3', 'SIF', '2015-02-01', '2015-03-20', sif('requires_improvement', 'requires_improvement', 'good', 'requires_improvement', 'requires_improvement')),
    report('4', 'SIF', '2014-09-01', '2014-10-20', sif('requires_improvement', 'inadequate', 'requires_improvement', 'requires_improvement', 'requires_improvement')),
  ],
  meta: {},
  sync: null,
  documents: [],
};
const view = buildView(data);

test('dates: real calendar dates only; the cut-off is one month later, clamped to the month’s end', () => {
  assert.equal(isIsoDate('2025-03-31'), true);
  assert.equal(isIsoDate('2025-02-30'), false);
  assert.equal(isIsoDate('31/03/2025'), false);
  assert.equal(defaultPublishedBy('2025-03-31'), '2025-04-30');
  assert.equal(defaultPublishedBy('2024-01-31'), '2024-02-29');
  assert.equal(defaultPublishedBy('2024-12-15'), '2025-01-15');
  assert.deepEqual(quarterEnds(2014, '2014-10-01'), ['2014-03-31', '2014-06-30', '2014-09-30']);
  assert.deepEqual(marchEnds(2014, '2016-03-30'), ['2014-03-31', '2015-03-31']);
});

test('as at 31 March 2019: SIF judgements count as today’s areas through the table, ILACS 2018’s in care and care leavers as both', () => {
  const p = nationalPicture(view, '2019-03-31');
  assert.deepEqual(Object.keys(p), ['asAt', 'publishedBy', 'authorities', 'judgements', 'regions', 'changes']);
  assert.equal(p.publishedBy, '2019-04-30');
  // steady's 2019 report was published after the cut-off: its SIF report counts. The successor does not exist yet.
  assert.equal(p.authorities, 3);
  assert.deepEqual(Object.keys(p.judgements), ['overall', 'leaders', 'help_protection', 'in_care', 'care_leavers']);
  assert.deepEqual(p.judgements.overall, { outstanding: 0, good: 1, requires_improvement: 1, inadequate: 1 });
  assert.deepEqual(p.judgements.leaders, { outstanding: 0, good: 1, requires_improvement: 1, inadequate: 1 }, 'SIF leadership counts as leaders');
  assert.deepEqual(p.judgements.in_care, { outstanding: 1, good: 1, requires_improvement: 1, inadequate: 0 }, 'SIF looked after and ILACS 2018 in care and leavers count as in care');
  assert.deepEqual(p.judgements.care_leavers, { outstanding: 1, good: 1, requires_improvement: 1, inadequate: 0 });
  assert.deepEqual(Object.keys(p.regions), ['North', 'South']);
  assert.equal(p.regions.North?.authorities, 1);
  assert.deepEqual(p.changes, { improved: 1, held_good_or_better: 0, held_below_good: 0, declined: 0 });
  // A later cut-off takes steady's 2019 report.
  const later = nationalPicture(view, '2019-03-31', '2019-05-31');
  assert.deepEqual(later.judgements.overall, { outstanding: 1, good: 1, requires_improvement: 0, inadequate: 1 });
  assert.deepEqual(later.changes, { improved: 2, held_good_or_better: 0, held_below_good: 0, declined: 0 });
});

test('a reorganisation: the predecessor counts until the day before its successor, which counts once inspected', () => {
  const before = nationalDetail(view, '2021-03-31');
  assert.deepEqual(before.counted.map((c) => c.authority.slug).sort(), ['climber', 'old-county', 'steady']);
  const after = nationalDetail(view, '2021-04-01');
  assert.deepEqual(after.notCounted.map((a) => a.slug), ['new-north']);
  assert.equal(after.picture.authorities, 2);
  const inspected = nationalPicture(view, '2024-03-31');
  assert.equal(inspected.authorities, 3);
  assert.equal(inspected.regions.North?.judgements.overall?.inadequate, 1);
});

test('ILACS 2026 has no overall grade: the council counts on its areas, and its change is judged on its headline (leaders)', () => {
  const p = nationalPicture(view, '2026-09-30');
  assert.equal(p.authorities, 3);
  assert.equal(sharesOf(p.judgements.overall!).judged, 2);
  assert.deepEqual(p.judgements.leaders, { outstanding: 1, good: 2, requires_improvement: 0, inadequate: 0 });
  assert.deepEqual(p.changes, { improved: 3, held_good_or_better: 0, held_below_good: 0, declined: 0 });
  const s = sharesOf({ outstanding: 1, good: 1, requires_improvement: 0, inadequate: 1 });
  assert.deepEqual(s, { judged: 3, percent: { outstanding: 33.3, good: 33.3, requires_improvement: 0, inadequate: 33.3 }, goodOrBetter: 66.7 });
});
