import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { openStore } from '../../src/store/index.ts';
import { READER_VERSION } from '../../src/reader/version.ts';
import { dropTestDatabases, sampleReport, sha, testDatabases } from '../fixtures/store-fixtures.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

function stats(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [path.join(root, 'src/cli/main.ts'), 'stats', ...args], { encoding: 'utf8', cwd: root, env: { ...process.env, DATABASE_URL: '' } });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

after(dropTestDatabases);

for (const database of testDatabases()) {
  test(`ilacs stats on ${database.name}: counts as a table and as JSON`, async () => {
    const url = await database.create();
    const store = await openStore(url);
    await store.saveReport(sampleReport(), { listingDate: '2024-03-02' }, { fullText: true, readerVersion: READER_VERSION });
    // Facts only (a snapshot without text), partly read, by an older reader.
    await store.saveReport(
      sampleReport({ sha256: sha('partly'), sections: [], flags: [{ code: 'missing_dates', message: 'The inspection dates were not found on page 1, where this framework prints them.' }] }),
      {},
      { fullText: false, readerVersion: 0 },
    );
    const run = await store.startRun('ingest');
    await store.recordFile(run, { path: '/reports/missing.pdf', sha256: null, outcome: 'failed', errorCode: 'not_a_pdf', errorMessage: 'this is an HTML page saved with a .pdf name' });
    await store.finishRun(run, { seen: 1, added: 0, unchanged: 0, failed: 1 });
    await store.close();
    const human = stats(['--database', url]);
    assert.equal(human.status, 0, human.stderr);
    assert.match(human.stdout, /^Authorities\s+158 \(153 current, 5 predecessor councils\)$/m);
    assert.match(human.stdout, /^Reports\s+2$/m);
    assert.match(human.stdout, /^ {2}ILACS2023\s+2$/m);
    assert.match(human.stdout, /^Improvement items\s+4$/m);
    assert.match(human.stdout, /^Reports with full text\s+1\n {2}without full text\s+1: search finds only their improvement items, not their words\./m);
    assert.match(human.stdout, /^Partly read\s+1: the reader could not read everything.*\n {2}Southend-on-Sea, ILACS2023, 2024-01-15 \(report \d+\)\s+The inspection dates were not found on page 1/m);
    assert.match(human.stdout, new RegExp(`^Read by reader version\\s+0: 1, ${READER_VERSION}: 1\\n {2}by an older reader\\s+1 \\(version ${READER_VERSION}\\): ilacs reread reads them again$`, 'm'));
    assert.match(human.stdout, /^Newest report listed\s+2024-03-02$/m);
    assert.match(human.stdout, /^Failed files\s+1\n {2}\/reports\/missing\.pdf\s+not_a_pdf: this is an HTML page saved with a \.pdf name$/m);
    assert.match(human.stdout, new RegExp(`^Last run\\s+#${run} ingest, completed \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d UTC: 1 seen, 0 added, 0 gained text, 0 re-read, 0 unchanged, 1 failed$`, 'm'));
    const json = JSON.parse(stats(['--json', '--database', url]).stdout) as Record<string, unknown>;
    assert.equal(json.reports, 2);
    assert.equal(json.reportsWithoutFullText, 1);
    assert.equal(json.partlyRead, 1);
    assert.deepEqual((json.partlyReadReports as { flags: { code: string }[] }[])[0]!.flags.map((f) => f.code), ['missing_dates']);
    assert.equal(json.judgements, 10);
    assert.equal(json.sections, 3);
    assert.equal(json.failedFiles, 1);
    assert.deepEqual(json.failures, [{ file: '/reports/missing.pdf', code: 'not_a_pdf', message: 'this is an HTML page saved with a .pdf name' }]);
    assert.equal((json.lastRun as { status: string }).status, 'completed');
    assert.equal(json.newestInspection, '2024-01-26');
    assert.doesNotMatch(String(json.database), /secret/);
  });
}

test('ilacs stats with an unreachable PostgreSQL says so, without a stack trace', () => {
  const r = stats(['--database', 'postgres://nobody:secret@127.0.0.1:1/nothing']);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /cannot connect to PostgreSQL at postgres:\/\/nobody@127\.0\.0\.1:1\/nothing/);
  assert.doesNotMatch(r.stderr, /secret|\n\s+at /);
});
