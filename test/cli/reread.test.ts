// `ilacs reread` end to end with the real reader on generated PDFs, on both
// databases: a database an older reader built (simulated: facts altered and
// reader version 0) is corrected with the changes listed; killed with
// SIGKILL twice and run again it ends exactly where a clean reread does; and
// the next `ilacs ingest` runs it by itself.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { openStore } from '../../src/store/index.ts';
import { READER_VERSION } from '../../src/reader/version.ts';
import { dropTestDatabases, tempDir, testDatabases, writeReportPdfs } from '../fixtures/store-fixtures.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const cli = path.join(root, 'src/cli/main.ts');
const env = { ...process.env, DATABASE_URL: '', ILACS_DATA_DIR: path.join(tempDir(), 'data'), ILACS_ARCHIVE_DIR: path.join(tempDir(), 'no-archive') };
const REPORTS = 20;

function ilacs(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', env, cwd: root });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** What an older reader left: every overall grade read wrong, one item missed, and no reader version. */
async function age(url: string): Promise<void> {
  const store = await openStore(url);
  try {
    await store.db.updateTable('judgements').set({ grade: 'inadequate' }).where('key', '=', 'overall').execute();
    await store.db.updateTable('reports').set({ headline_grade: 'inadequate', reader_version: 0 }).execute();
    await store.db.deleteFrom('improvements').where('position', '=', 1).execute();
    await store.db.deleteFrom('meta').where('key', '=', 'reread_reader_version').execute();
  } finally {
    await store.close();
  }
}

/** Everything a reread leaves in the record, without ids or timestamps. */
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
        history: await store.db.selectFrom('fact_changes').select(['field', 'old_value', 'new_value', 'old_reader_version', 'new_reader_version']).where('report_id', '=', id).orderBy('field').execute(),
      });
    }
    return { reports: out, rereadVersion: await store.getMeta('reread_reader_version') };
  } finally {
    await store.close();
  }
}

async function currentCount(url: string): Promise<number> {
  const store = await openStore(url);
  try {
    const row = await store.db.selectFrom('reports').select((eb) => eb.fn.countAll().as('n')).where('reader_version', '=', READER_VERSION).executeTakeFirstOrThrow();
    return Number(row.n);
  } finally {
    await store.close();
  }
}

after(dropTestDatabases);

for (const database of testDatabases()) {
  describe(`ilacs reread on ${database.name}`, () => {
    let dir: string;
    before(async () => {
      dir = tempDir();
      await writeReportPdfs(path.join(dir, 'pdfs'), REPORTS);
    });
    after(() => fs.rmSync(dir, { recursive: true, force: true }));

    const built = async (): Promise<string> => {
      const url = await database.create();
      const r = ilacs(['ingest', '--json', '--database', url, path.join(dir, 'pdfs')]);
      assert.equal(r.status, 0, r.stderr);
      await age(url);
      return url;
    };

    test('a database an older reader built is corrected, with the changes listed; killed twice and run again, it ends as a clean reread does', async () => {
      const clean = await built();
      const text = ilacs(['reread', '--database', clean]);
      assert.equal(text.status, 0, text.stderr);
      assert.match(text.stdout, /Overall effectiveness: Inadequate → Good/);
      assert.match(text.stdout, /Improvement items: 1 → 2/);
      assert.match(text.stdout, new RegExp(`Reader version ${READER_VERSION}: ${REPORTS} reports read again, ${REPORTS} changed, 0 unchanged, 0 without a PDF, 0 failed`));
      const expected = await dump(clean);
      const again = JSON.parse(ilacs(['reread', '--json', '--database', clean]).stdout) as Record<string, number>;
      assert.deepEqual([again.reread, again.changed, again.missingPdf, again.failed], [0, 0, 0, 0], 'nothing left to do');

      const crashed = await built();
      let killedAt = 0;
      for (const threshold of [1, 8]) {
        const child = spawn(process.execPath, [cli, 'reread', '--json', '--database', crashed], { env, cwd: root, stdio: 'ignore' });
        const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
        let done = false;
        void exited.then(() => (done = true));
        while (!done) {
          const n = await currentCount(crashed).catch(() => 0);
          if (n >= threshold) {
            child.kill('SIGKILL');
            killedAt = n;
            break;
          }
          await new Promise((r) => setTimeout(r, 15));
        }
        await exited;
      }
      assert.ok(killedAt > 0 && killedAt < REPORTS, `killed mid-run (at ${killedAt} reports)`);
      const resumed = ilacs(['reread', '--json', '--database', crashed]);
      assert.equal(resumed.status, 0, resumed.stderr);
      const totals = JSON.parse(resumed.stdout) as { reread: number; changed: number; unchanged: number; missingPdf: number; failed: number };
      assert.ok(totals.reread <= REPORTS - killedAt, `only the reports left were read (${totals.reread})`);
      assert.deepEqual([totals.changed, totals.unchanged, totals.missingPdf, totals.failed], [totals.reread, 0, 0, 0]);
      assert.deepEqual(await dump(crashed), expected);
    });

    test('the next ingest runs the reread by itself; a PDF no longer there is counted, not lost', async () => {
      const url = await built();
      fs.renameSync(path.join(dir, 'pdfs', 'report-000.pdf'), path.join(dir, 'moved.pdf'));
      try {
        const r = ilacs(['ingest', '--json', '--database', url, path.join(dir, 'pdfs')]);
        assert.equal(r.status, 0, r.stderr);
        assert.match(r.stderr, /reading them again first/);
        const s = JSON.parse(r.stdout) as { added: number; textAdded: number; reread: number; unchanged: number; rereadFirst: Record<string, number> };
        assert.deepEqual(
          [s.rereadFirst.reread, s.rereadFirst.changed, s.rereadFirst.missingPdf, s.rereadFirst.failed],
          [REPORTS - 1, REPORTS - 1, 1, 0],
        );
        assert.deepEqual([s.added, s.textAdded, s.reread, s.unchanged], [0, 0, 0, REPORTS - 1]);
        // Found again where it now is: ingest reads it with the current reader.
        const moved = JSON.parse(ilacs(['ingest', '--json', '--database', url, path.join(dir, 'moved.pdf')]).stdout) as { reread: number; changed: unknown[] };
        assert.equal(moved.reread, 1);
        assert.equal(moved.changed.length, 1);
        assert.equal(await currentCount(url), REPORTS);
      } finally {
        fs.renameSync(path.join(dir, 'moved.pdf'), path.join(dir, 'pdfs', 'report-000.pdf'));
      }
    });
  });
}
