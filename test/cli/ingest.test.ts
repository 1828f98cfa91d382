// `ilacs ingest` end to end with the real reader on generated PDFs: bad files
// in a batch, idempotent re-runs, and kill -9 at any moment.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { openStore } from '../../src/store/index.ts';
import { PID_NAMESPACE } from '../../src/store/process-owner.ts';
import { dropTestDatabases, tempDir, testDatabases, writeReportPdfs } from '../fixtures/store-fixtures.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const cli = path.join(root, 'src/cli/main.ts');
const env = { ...process.env, DATABASE_URL: '', ILACS_DATA_DIR: path.join(tempDir(), 'data') };

function ilacs(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', env, cwd: root });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Everything a report run leaves in the record, without ids, timestamps or the run log. */
async function dump(url: string): Promise<unknown> {
  const store = await openStore(url);
  try {
    const reports = await store.db.selectFrom('reports').selectAll().orderBy('sha256').execute();
    const out = [];
    for (const r of reports) {
      const { id, created_at: _c, updated_at: _u, ...facts } = r;
      out.push({
        ...facts,
        judgements: await store.db.selectFrom('judgements').select(['position', 'key', 'grade', 'page', 'source_text']).where('report_id', '=', id).orderBy('position').execute(),
        improvements: await store.db.selectFrom('improvements').select(['list', 'position', 'text', 'page', 'tag']).where('report_id', '=', id).orderBy('list').orderBy('position').execute(),
        sections: await store.db.selectFrom('sections').select(['position', 'heading', 'text', 'page_from', 'page_to']).where('report_id', '=', id).orderBy('position').execute(),
        search: await store.db.selectFrom('search_documents').select(['kind', 'heading', 'body', 'page']).where('report_id', '=', id).orderBy('kind').orderBy('heading').orderBy('body').execute(),
      });
    }
    const orphans = await store.db.selectFrom('search_documents').select('id').where('report_id', 'is', null).execute();
    const hits = await store.search('homeless');
    return { reports: out, orphans: orphans.length, searchTotal: hits.total };
  } finally {
    await store.close();
  }
}

async function reportCount(url: string): Promise<number> {
  const store = await openStore(url);
  try {
    return (await store.stats()).reports;
  } finally {
    await store.close();
  }
}

after(dropTestDatabases);

describe('ilacs ingest', () => {
  let dir: string;
  before(async () => {
    dir = tempDir();
    await writeReportPdfs(path.join(dir, 'good'), 4);
    fs.writeFileSync(path.join(dir, 'good', 'html-saved-as.pdf'), '<!DOCTYPE html><html><head><title>Report not found</title></head><body>Not found</body></html>');
    fs.writeFileSync(path.join(dir, 'good', 'empty.pdf'), '');
    fs.writeFileSync(path.join(dir, 'good', 'truncated.pdf'), fs.readFileSync(path.join(dir, 'good', 'report-000.pdf')).subarray(0, 400));
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('bad files are recorded and do not stop the run; a re-run is unchanged', async () => {
    const db = `sqlite:${path.join(dir, 'a.db')}`;
    const first = ilacs(['ingest', '--json', '--database', db, path.join(dir, 'good')]);
    assert.equal(first.status, 1, first.stderr);
    const s1 = JSON.parse(first.stdout) as { seen: number; added: number; unchanged: number; failed: { file: string; code: string; message: string }[] };
    assert.equal(s1.seen, 7);
    assert.equal(s1.added, 4);
    assert.deepEqual(s1.failed.map((f) => [path.basename(f.file), f.code]), [
      ['empty.pdf', 'not_a_pdf'],
      ['html-saved-as.pdf', 'not_a_pdf'],
      ['truncated.pdf', 'damaged'],
    ]);
    assert.ok(s1.failed.every((f) => f.message.length > 10));
    const second = ilacs(['ingest', '--json', '--database', db, path.join(dir, 'good')]);
    const s2 = JSON.parse(second.stdout) as typeof s1;
    assert.deepEqual([s2.seen, s2.added, s2.unchanged, s2.failed.length], [7, 0, 4, 3]);

    const stats = JSON.parse(ilacs(['stats', '--json', '--database', db]).stdout) as { reports: number; failedFiles: number; sections: number; reportsByFramework: Record<string, number> };
    assert.equal(stats.reports, 4);
    assert.equal(stats.failedFiles, 3);
    assert.deepEqual(stats.reportsByFramework, { ILACS2023: 4 });
    assert.ok(stats.sections > 0);
  });

  test('two ingests of the same files at once into one SQLite file: each report once, nothing refused', async () => {
    const db = `sqlite:${path.join(dir, 'both.db')}`;
    const run = (): Promise<string> =>
      new Promise((resolve) => {
        const child = spawn(process.execPath, [cli, 'ingest', '--json', '--database', db, path.join(dir, 'good')], { env, cwd: root });
        let out = '';
        let err = '';
        child.stdout.on('data', (d: Buffer) => (out += d.toString()));
        child.stderr.on('data', (d: Buffer) => (err += d.toString()));
        // 'close', not 'exit': only then has all of stdout been read.
        child.on('close', (code) => resolve(out || `exit ${code}: ${err}`));
      });
    const outs = await Promise.all([run(), run()]);
    for (const o of outs) assert.ok(o.startsWith('{'), o);
    const [a, b] = outs.map((o) => JSON.parse(o) as { added: number; unchanged: number; failed: { code: string }[] });
    assert.equal(a!.added + b!.added, 4);
    assert.equal(a!.added + a!.unchanged + b!.added + b!.unchanged, 8);
    assert.deepEqual([...a!.failed, ...b!.failed].map((f) => f.code).filter((c) => c === 'not_stored'), []);
    assert.equal(await reportCount(db), 4);
  });

  test('human summary, and clear errors for a missing folder or a bad database URL', () => {
    const db = `sqlite:${path.join(dir, 'b.db')}`;
    const ok = ilacs(['ingest', '--database', db, path.join(dir, 'good', 'report-001.pdf')]);
    assert.equal(ok.status, 0, ok.stderr);
    assert.match(ok.stdout, /1 file: 1 new report added, 0 gained full text, 0 re-read, 0 unchanged, 0 failed/);
    const missing = ilacs(['ingest', '--database', db, path.join(dir, 'nope')]);
    assert.equal(missing.status, 1);
    assert.match(missing.stderr, /nope: no such file or folder/);
    assert.doesNotMatch(missing.stderr, /\n\s+at /);
    const bad = ilacs(['ingest', '--database', 'mysql://x', path.join(dir, 'good')]);
    assert.equal(bad.status, 1);
    assert.match(bad.stderr, /not a database this tool knows/);
    const none = ilacs(['ingest']);
    assert.equal(none.status, 2);
  });
});

for (const database of testDatabases()) {
  describe(`ilacs ingest killed with SIGKILL, on ${database.name}`, () => {
    let dir: string;
    // Enough files that the run outlasts a few polls of the database: once
    // the reader processes are up, small files are read in milliseconds.
    const FILES = 80;
    before(async () => {
      dir = tempDir();
      await writeReportPdfs(path.join(dir, 'pdfs'), FILES);
    });
    after(() => fs.rmSync(dir, { recursive: true, force: true }));

    test('resumed after two kills, it ends with exactly the data of a clean run', async () => {
      const clean = await database.create();
      const cleanRun = ilacs(['ingest', '--json', '--database', clean, path.join(dir, 'pdfs')]);
      assert.equal(cleanRun.status, 0, cleanRun.stderr);
      const expected = await dump(clean);

      const crashed = await database.create();
      let killedWith = 0;
      // Each run is killed once it has added reports of its own (so it has recorded its run first).
      for (const step of [1, 1]) {
        const threshold = (await reportCount(crashed).catch(() => 0)) + step;
        const child = spawn(process.execPath, [cli, 'ingest', '--json', '--database', crashed, path.join(dir, 'pdfs')], { env, cwd: root, stdio: 'ignore' });
        const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
        let done = false;
        void exited.then(() => (done = true));
        while (!done) {
          const n = await reportCount(crashed).catch(() => 0);
          if (n >= threshold) {
            child.kill('SIGKILL');
            killedWith = n;
            break;
          }
          await new Promise((r) => setTimeout(r, 15));
        }
        await exited;
      }
      assert.ok(killedWith > 0 && killedWith < FILES, `killed mid-run (at ${killedWith} reports)`);
      const resumed = ilacs(['ingest', '--json', '--database', crashed, path.join(dir, 'pdfs')]);
      assert.equal(resumed.status, 0, resumed.stderr);
      const summary = JSON.parse(resumed.stdout) as { added: number; unchanged: number };
      assert.equal(summary.added + summary.unchanged, FILES);
      assert.ok(summary.unchanged >= killedWith);
      assert.deepEqual(await dump(crashed), expected);
      const store = await openStore(crashed);
      const runs = await store.lastRuns(3).finally(() => store.close());
      assert.deepEqual(
        runs.map((r) => r.status),
        PID_NAMESPACE === 'x' ? ['completed', 'running', 'running'] : ['completed', 'interrupted', 'interrupted'],
        'the killed runs are recorded as interrupted by the run after them',
      );
      if (database.name === 'sqlite') {
        const again = await openStore(crashed);
        try {
          const { sql } = await import('kysely');
          await sql`insert into search_fts(search_fts) values ('integrity-check')`.execute(again.db);
        } finally {
          await again.close();
        }
      }
    });
  });
}
