import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { openStore } from '../../src/store/index.ts';
import { READER_VERSION } from '../../src/reader/version.ts';
import { dropTestDatabases, sampleReport, sha, testDatabases } from '../fixtures/store-fixtures.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

function national(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [path.join(root, 'src/cli/main.ts'), 'national', ...args], { encoding: 'utf8', cwd: root, env: { ...process.env, DATABASE_URL: '' } });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

after(dropTestDatabases);

for (const database of testDatabases()) {
  test(`ilacs national on ${database.name}: exactly the documented JSON, the cut-off respected`, async () => {
    const url = await database.create();
    const store = await openStore(url);
    // Southend: SIF inadequate 2016, then ILACS 2023 good (published 2024-03-02).
    await store.saveReport(
      sampleReport({
        framework: 'SIF',
        sha256: sha('southend-sif'),
        inspection: { start: '2016-05-01', end: '2016-05-20', leadInspector: null, datesEvidence: null, leadInspectorEvidence: null },
        judgements: [
          { key: 'overall', grade: 'inadequate', page: 1, text: 'x' },
          { key: 'help_protection', grade: 'inadequate', page: 1, text: 'x' },
          { key: 'looked_after', grade: 'requires_improvement', page: 1, text: 'x' },
          { key: 'adoption', grade: 'good', page: 1, text: 'x' },
          { key: 'care_leavers', grade: 'requires_improvement', page: 1, text: 'x' },
          { key: 'leadership', grade: 'inadequate', page: 1, text: 'x' },
        ],
      }),
      { listingDate: '2016-07-01' },
      { fullText: true, readerVersion: READER_VERSION },
    );
    await store.saveReport(sampleReport(), { listingDate: '2024-03-02' }, { fullText: true, readerVersion: READER_VERSION });
    await store.close();
    const r = national(['--as-at', '2024-01-31', '--json', '--database', url]);
    assert.equal(r.status, 0, r.stderr);
    const p = JSON.parse(r.stdout) as Record<string, unknown>;
    // The SIF report's leadership counts as leaders, looked after as in care.
    const sifCounts = {
      overall: { outstanding: 0, good: 0, requires_improvement: 0, inadequate: 1 },
      leaders: { outstanding: 0, good: 0, requires_improvement: 0, inadequate: 1 },
      help_protection: { outstanding: 0, good: 0, requires_improvement: 0, inadequate: 1 },
      in_care: { outstanding: 0, good: 0, requires_improvement: 1, inadequate: 0 },
      care_leavers: { outstanding: 0, good: 0, requires_improvement: 1, inadequate: 0 },
    };
    assert.deepEqual(p, {
      asAt: '2024-01-31',
      publishedBy: '2024-02-29',
      authorities: 1,
      judgements: sifCounts,
      regions: {
        'East of England': {
          authorities: 1,
          judgements: sifCounts,
        },
      },
      changes: { improved: 0, held_good_or_better: 0, held_below_good: 0, declined: 0 },
    });
    const later = JSON.parse(national(['--as-at', '2024-01-31', '--published-by', '2024-03-02', '--json', '--database', url]).stdout) as { judgements: { overall: Record<string, number> }; changes: Record<string, number> };
    assert.deepEqual(later.judgements.overall, { outstanding: 0, good: 1, requires_improvement: 0, inadequate: 0 });
    assert.deepEqual(later.changes, { improved: 1, held_good_or_better: 0, held_below_good: 0, declined: 0 });
    const human = national(['--as-at', '2024-01-31', '--database', url]);
    assert.equal(human.status, 0, human.stderr);
    assert.match(human.stdout, /^The national picture as at 2024-01-31 \(reports published by 2024-02-29\): 1 councils counted\.$/m);
    assert.match(human.stdout, /^Not counted .*Barnet/m);
  });
}

test('ilacs national refuses dates that are not dates, and a cut-off before the date, in one line', () => {
  for (const [args, message] of [
    [['--as-at', '2025-02-30'], /--as-at must be a date written YYYY-MM-DD, such as 2025-03-31, not "2025-02-30"/],
    [['--as-at', '31/03/2025'], /--as-at must be a date/],
    [['--as-at', '2025-03-31', '--published-by', '2025-03-01'], /--published-by \(2025-03-01\) is before --as-at \(2025-03-31\)/],
  ] as const) {
    const r = national([...args, '--database', 'sqlite:/nonexistent/x.db']);
    assert.equal(r.status, 2);
    assert.match(r.stderr, message);
    assert.doesNotMatch(r.stderr, /at .*\.ts:\d+/);
  }
});
