import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildView, gradeDistributionByYear, latestGradeCounts } from '../../src/analysis/index.ts';
import type { AuthorityRow, RecordData, ReportRow } from '../../src/store/read/index.ts';
import type { FrameworkId, Grade } from '../../src/domain/frameworks.ts';

function authority(slug: string, urn: string, extra: Partial<AuthorityRow> = {}): AuthorityRow {
  return { slug, urn, laCode: null, name: slug, officialName: null, region: 'North', regionCode: null, type: 'county', gss: null, formerGss: [], altNames: [], trusts: [], isCurrent: true, startDate: null, endDate: null, ...extra };
}

let nextId = 1;
function report(urn: string, framework: FrameworkId, end: string, grade: Grade | null): ReportRow {
  return {
    id: nextId++, authorityUrn: urn, printedName: urn, framework, title: 't', inspectionStart: end, inspectionEnd: end, leadInspector: null, datesPage: null, datesText: null,
    pageCount: 1, headlineGrade: grade, sourceUrl: null, listingDate: null, hasFullText: false, createdAt: end, updatedAt: end, readerVersion: 1, flags: [], withdrawnAt: null, correctedAt: null, judgements: [], improvements: [],
  };
}

const data: RecordData = {
  authorities: [authority('old-county', '1', { isCurrent: false, endDate: '2021-04-01' }), authority('new-north', '2', { startDate: '2021-04-01' }), authority('steady', '3')],
  links: [{ predecessorSlug: 'old-county', successorSlug: 'new-north', effective: '2021-04-01' }],
  neighbours: [{ slug: 'steady', position: 1, neighbourSlug: 'new-north' }],
  reports: [
    report('2', 'ILACS2023', '2024-05-10', 'good'),
    report('3', 'ILACS2018', '2019-03-01', 'outstanding'),
    report('1', 'SIF', '2016-06-01', 'inadequate'),
    report('1', 'LSCB', '2016-06-01', 'requires_improvement'),
    report('3', 'SIF', '2015-02-01', 'requires_improvement'),
  ],
  meta: { data_refreshed_at: '2026-01-02T03:04:05Z' },
  sync: null,
  documents: [],
};

test('each authority gets its own reports, its latest and previous full inspection, predecessors and neighbours', () => {
  const view = buildView(data);
  const north = view.bySlug.get('new-north');
  assert.equal(north?.latest?.framework, 'ILACS2023');
  assert.equal(north?.predecessors[0]?.authority.slug, 'old-county');
  assert.equal(north?.predecessors[0]?.reports.length, 2);
  assert.equal(view.bySlug.get('old-county')?.successors[0]?.authority.slug, 'new-north');
  assert.equal(view.bySlug.get('old-county')?.latest?.framework, 'SIF', 'an LSCB review is not a full inspection');
  assert.equal(view.bySlug.get('steady')?.previous?.headlineGrade, 'requires_improvement');
  assert.deepEqual(view.bySlug.get('steady')?.neighbours.map((n) => n.slug), ['new-north']);
  assert.equal(view.current.length, 2);
  assert.equal(view.lastRefreshed, '2026-01-02T03:04:05Z');
  assert.deepEqual(latestGradeCounts(view), [{ grade: 'outstanding', count: 1 }, { grade: 'good', count: 1 }]);
});

test('the distribution counts each authority once a year by its latest grade, and a predecessor only until it ended', () => {
  const years = gradeDistributionByYear(buildView(data), 2024);
  const at = (y: number) => years.find((d) => d.year === y);
  assert.equal(years[0]?.year, 2015);
  assert.deepEqual(at(2015)?.counts, { outstanding: 0, good: 0, requires_improvement: 1, inadequate: 0 });
  assert.deepEqual(at(2016)?.counts, { outstanding: 0, good: 0, requires_improvement: 1, inadequate: 1 });
  assert.deepEqual(at(2020)?.counts, { outstanding: 1, good: 0, requires_improvement: 0, inadequate: 1 });
  assert.deepEqual(at(2021)?.counts, { outstanding: 1, good: 0, requires_improvement: 0, inadequate: 0 }, 'the old county ended in April 2021');
  assert.deepEqual(at(2024)?.counts, { outstanding: 1, good: 1, requires_improvement: 0, inadequate: 0 });
  assert.equal(at(2024)?.total, 2);
});

test('a withdrawn report stays in its authority’s history but is not its latest, nor among the newest', () => {
  const withdrawn = { ...report('2', 'ILACS2023', '2025-01-10', 'inadequate'), withdrawnAt: '2025-02-01T00:00:00Z' };
  const view = buildView({ ...data, reports: [withdrawn, ...data.reports] });
  const north = view.bySlug.get('new-north');
  assert.ok(north?.reports.some((r) => r.id === withdrawn.id), 'kept in the history');
  assert.equal(north?.latest?.inspectionEnd, '2024-05-10');
  assert.ok(!view.newestReports.some((r) => r.id === withdrawn.id));
  assert.deepEqual(latestGradeCounts(view), [{ grade: 'outstanding', count: 1 }, { grade: 'good', count: 1 }]);
});
