// Snapshots: export/import round trips on both databases, bad snapshot
// files, and a fresh install's default database created from the shipped one.
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';
import { READER_VERSION } from '../../src/reader/version.ts';
import { openStore, SHIPPED_SNAPSHOT } from '../../src/store/index.ts';
import { dropTestDatabases, sampleReport, sha, tempDir, testDatabases } from '../fixtures/store-fixtures.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const cli = path.join(root, 'src/cli/main.ts');

function ilacs(args: string[], extraEnv: Record<string, string> = {}): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', cwd: root, env: { ...process.env, DATABASE_URL: '', ILACS_DATA_DIR: path.join(tempDir(), 'data'), ...extraEnv } });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

after(dropTestDatabases);

async function facts(url: string): Promise<unknown[]> {
  const store = await openStore(url);
  try {
    const reports = await store.db.selectFrom('reports').selectAll().orderBy('sha256').execute();
    const out = [];
    for (const { id, created_at: _c, updated_at: _u, has_full_text: _h, file_name: _f, ...r } of reports) {
      out.push({
        ...r,
        judgements: await store.db.selectFrom('judgements').select(['key', 'grade', 'page', 'source_text']).where('report_id', '=', id).orderBy('position').execute(),
        improvements: await store.db.selectFrom('improvements').select(['list', 'text', 'page', 'tag']).where('report_id', '=', id).orderBy('list').orderBy('position').execute(),
      });
    }
    return out;
  } finally {
    await store.close();
  }
}

for (const database of testDatabases()) {
  describe(`snapshot on ${database.name}`, () => {
    test('export then import into an empty database gives the same facts; importing again adds nothing', async () => {
      const dir = tempDir();
      const source = await database.create();
      const store = await openStore(source);
      await store.saveReport(sampleReport(), { sourceUrl: 'https://files.ofsted.gov.uk/v1/file/9', listingDate: '2024-03-01', fileName: 'x.pdf' }, { fullText: true, readerVersion: 1 });
      await store.saveReport(
        sampleReport({
          sha256: sha('sif'),
          framework: 'SIF',
          lscbImprovements: [{ text: 'The LSCB should…', page: 40, tag: null }],
          localAuthority: { urn: '121939', name: 'Northamptonshire', printedName: 'Northamptonshire' },
          flags: [{ code: 'missing_dates', message: 'The inspection dates were not found on page 1.' }],
        }),
        {},
        { fullText: true, readerVersion: 1 },
      );
      await store.close();
      const file = path.join(dir, 'snap.jsonl.gz');
      const exported = ilacs(['snapshot', 'export', '--database', source, file]);
      assert.equal(exported.status, 0, exported.stderr);
      const lines = zlib.gunzipSync(fs.readFileSync(file)).toString('utf8').trim().split('\n');
      const header = JSON.parse(lines[0]!) as { format: string; attribution: string; builtAt: string };
      assert.equal(header.format, 'ilacs-snapshot');
      assert.match(header.attribution, /Open Government Licence/);
      assert.ok(lines.some((l) => l.includes('Children in care live in stable homes')), 'the snapshot carries each report’s text');

      const target = await database.create();
      const imported = ilacs(['snapshot', 'import', '--json', '--database', target, file]);
      assert.equal(imported.status, 0, imported.stderr);
      assert.deepEqual(JSON.parse(imported.stdout), { seen: 2, added: 2, textAdded: 0, reread: 0, unchanged: 0, builtAt: header.builtAt });
      assert.deepEqual(await facts(target), await facts(source));
      const again = JSON.parse(ilacs(['snapshot', 'import', '--json', '--database', target, file]).stdout) as { added: number; unchanged: number };
      assert.deepEqual([again.added, again.unchanged], [0, 2]);
      const stats = JSON.parse(ilacs(['stats', '--json', '--database', target]).stdout) as { reports: number; sections: number; reportsWithFullText: number; dataRefreshedAt: string };
      assert.deepEqual([stats.reports, stats.sections, stats.reportsWithFullText, stats.dataRefreshedAt], [2, 6, 2, header.builtAt]);
      const check = await openStore(target);
      try {
        const hits = await check.search('stable homes');
        assert.equal(hits.total, 2, 'search finds the snapshot’s text at once');
        const flagged = await check.db.selectFrom('reports').select(['flags', 'reader_version']).where('sha256', '=', sha('sif')).executeTakeFirstOrThrow();
        assert.deepEqual(JSON.parse(flagged.flags), [{ code: 'missing_dates', message: 'The inspection dates were not found on page 1.' }]);
        assert.equal(flagged.reader_version, 1);
      } finally {
        await check.close();
      }
      fs.rmSync(dir, { recursive: true, force: true });
    });
  });
}

describe('bad snapshot files', () => {
  const dir = tempDir();
  after(() => fs.rmSync(dir, { recursive: true, force: true }));
  const db = `sqlite:${path.join(dir, 'x.db')}`;

  test('missing, not gzip, not a snapshot, wrong version: clear errors, no stack traces', () => {
    const cases: [string, Buffer | null, RegExp][] = [
      ['missing.jsonl.gz', null, /no such file/],
      ['plain.jsonl.gz', Buffer.from('{"format":"ilacs-snapshot"}\n'), /not a readable snapshot/],
      ['other.jsonl.gz', zlib.gzipSync('{"hello":1}\n'), /not an ilacs snapshot/],
      ['future.jsonl.gz', zlib.gzipSync('{"format":"ilacs-snapshot","version":99}\n'), /version 99/],
      ['empty.jsonl.gz', zlib.gzipSync(''), /empty/],
      ['truncated.jsonl.gz', zlib.gzipSync('{"format":"ilacs-snapshot","version":1,"builtAt":"x"}\n'.repeat(50)).subarray(0, 30), /not a readable snapshot/],
    ];
    for (const [name, content, msg] of cases) {
      const file = path.join(dir, name);
      if (content) fs.writeFileSync(file, content);
      const r = ilacs(['snapshot', 'import', '--database', db, file]);
      assert.equal(r.status, 1, name);
      assert.match(r.stderr, msg, name);
      assert.doesNotMatch(r.stderr, /\n\s+at /, `${name}: no stack trace`);
    }
    assert.equal(ilacs(['snapshot', 'frobnicate', 'x']).status, 2);
  });

  test('a malformed report line: nothing is imported, and each bad line is named', () => {
    const good = { type: 'report', sourceUrl: null, listingDate: null, fileName: 'a.pdf', report: { ...sampleReport(), sections: [] } };
    const bad = { type: 'report', report: { ...sampleReport({ sha256: sha('bad') }), framework: 'NOPE' } };
    const file = path.join(dir, 'mixed.jsonl.gz');
    fs.writeFileSync(file, zlib.gzipSync([JSON.stringify({ format: 'ilacs-snapshot', version: 1, builtAt: '2026-01-01T00:00:00Z' }), JSON.stringify(good), JSON.stringify(bad), '{not json'].join('\n')));
    const r = ilacs(['snapshot', 'import', '--json', '--database', db, file]);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /2 lines cannot be loaded, so nothing was imported:\n {2}line 3: report\.framework "NOPE" is not a known framework\n {2}line 4: not valid JSON/);
    assert.doesNotMatch(r.stderr, /\n\s+at /);
    const stats = JSON.parse(ilacs(['stats', '--json', '--database', db]).stdout) as { reports: number; lastRun: { status: string } | null };
    assert.equal(stats.reports, 0, 'the good line was not loaded either');
    assert.equal(stats.lastRun?.status, 'failed');
  });

  test('a build date in the future is refused', () => {
    const file = path.join(dir, 'ahead.jsonl.gz');
    fs.writeFileSync(file, zlib.gzipSync(JSON.stringify({ format: 'ilacs-snapshot', version: 1, builtAt: '2999-01-01T00:00:00Z' }) + '\n'));
    const r = ilacs(['snapshot', 'import', '--database', db, file]);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /built on 2999-01-01T00:00:00Z, which is in the future/);
  });
});

test('the shipped snapshot holds what the current reader reads (after a change to READER_VERSION, npm run build:snapshot makes it again)', { skip: !fs.existsSync(SHIPPED_SNAPSHOT) && 'no shipped snapshot in this checkout' }, () => {
  const lines = zlib.gunzipSync(fs.readFileSync(SHIPPED_SNAPSHOT)).toString('utf8').split('\n').filter((l) => l.startsWith('{"type":"report"'));
  assert.ok(lines.length > 0);
  const versions = new Map<number, number>();
  for (const line of lines) {
    const v = (JSON.parse(line) as { readerVersion?: number }).readerVersion ?? 0;
    versions.set(v, (versions.get(v) ?? 0) + 1);
  }
  // A fresh clone has no PDFs to read again, so facts from an older reader would stay in its record.
  assert.deepEqual([...versions], [[READER_VERSION, lines.length]], `reports by reader version in ${path.relative(root, SHIPPED_SNAPSHOT)}`);
});

test('a fresh install: the first command creates the default database from the shipped snapshot', { skip: !fs.existsSync(SHIPPED_SNAPSHOT) && 'no shipped snapshot in this checkout' }, () => {
  const dataDir = path.join(tempDir(), 'data');
  const r = ilacs(['stats', '--json'], { ILACS_DATA_DIR: dataDir });
  assert.equal(r.status, 0, r.stderr);
  const s = JSON.parse(r.stdout) as { database: string; currentAuthorities: number; reports: number; judgements: number; improvements: number };
  assert.equal(s.database, `sqlite:${path.join(dataDir, 'ilacs.db')}`);
  assert.equal(s.currentAuthorities, 153);
  const shipped = zlib.gunzipSync(fs.readFileSync(SHIPPED_SNAPSHOT)).toString('utf8').split('\n').filter((l) => l.startsWith('{"type":"report"')).length;
  assert.equal(s.reports, shipped);
  assert.ok(s.judgements > 0 && s.improvements > 0);
  assert.match(r.stderr, /Loaded the shipped snapshot/);
  const second = ilacs(['stats', '--json'], { ILACS_DATA_DIR: dataDir });
  assert.equal((JSON.parse(second.stdout) as { reports: number }).reports, shipped, 'loaded once');
  assert.doesNotMatch(second.stderr, /shipped snapshot/);
  // A newer snapshot than the one loaded (as after git pull) is loaded again, adding only what is missing.
  const db = new Database(path.join(dataDir, 'ilacs.db'));
  db.prepare("update meta set value = '2000-01-01T00:00:00Z' where key = 'shipped_snapshot_loaded'").run();
  db.close();
  const third = ilacs(['stats', '--json'], { ILACS_DATA_DIR: dataDir });
  assert.match(third.stderr, /Loaded the shipped snapshot .*: 0 reports added/);
  assert.equal((JSON.parse(third.stdout) as { reports: number }).reports, shipped);
  fs.rmSync(path.dirname(dataDir), { recursive: true, force: true });
});
