// Snapshot import is all or nothing: a file cut short, a 600 MB line, an
// invalid line, a build date in the future, or a database failure halfway
// through leaves the record exactly as it was, and the run is recorded as
// failed (never left running). On SQLite and PostgreSQL.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import zlib from 'node:zlib';
import { sql } from 'kysely';
import { openStore, importSnapshot, exportSnapshot, type Store } from '../../src/store/index.ts';
import { dropTestDatabases, sampleReport, sha, tempDir, testDatabases } from '../fixtures/store-fixtures.ts';

const dir = tempDir();
after(async () => {
  await dropTestDatabases();
  fs.rmSync(dir, { recursive: true, force: true });
});

// The record's tables: everything but the run log, which is meant to record the failed run.
const RECORD_TABLES = ['authorities', 'authority_links', 'authority_neighbours', 'reports', 'judgements', 'improvements', 'sections', 'search_documents', 'meta'] as const;

async function record(store: Store): Promise<string> {
  const out: Record<string, unknown[]> = {};
  for (const table of RECORD_TABLES) {
    const rows = await sql<Record<string, unknown>>`select * from ${sql.table(table)}`.execute(store.db);
    out[table] = rows.rows.map((r) => JSON.stringify(r)).sort();
  }
  return JSON.stringify(out);
}

function reportLine(i: number): string {
  const report = { ...sampleReport({ sha256: sha(`snap-${i}`), inspection: { ...sampleReport().inspection, start: `2020-01-${String((i % 28) + 1).padStart(2, '0')}` } }), sections: [] };
  return JSON.stringify({ type: 'report', sourceUrl: `https://files.ofsted.gov.uk/v1/file/${i}`, listingDate: '2020-02-01', fileName: `r${i}.pdf`, report });
}

const header = (builtAt = '2026-01-01T00:00:00Z') => JSON.stringify({ format: 'ilacs-snapshot', version: 1, builtAt, attribution: 'test', source: 'test', counts: { authorities: 0, reports: 0 } });
const gz = (name: string, lines: string[]): string => {
  const file = path.join(dir, name);
  fs.writeFileSync(file, zlib.gzipSync(lines.join('\n') + '\n'));
  return file;
};

let goodLines: string[];
let good: string;
let truncated: string;
let invalid: string;
let future: string;
let huge: string;

before(async () => {
  goodLines = [header(), ...Array.from({ length: 200 }, (_, i) => reportLine(i))];
  good = gz('good.jsonl.gz', goodLines);
  // Cut short in the middle: the first hundred or so reports decompress fine.
  const whole = fs.readFileSync(good);
  truncated = path.join(dir, 'truncated.jsonl.gz');
  fs.writeFileSync(truncated, whole.subarray(0, Math.floor(whole.length * 0.6)));
  invalid = gz('invalid.jsonl.gz', [...goodLines.slice(0, 150), JSON.stringify({ type: 'report', report: { ...sampleReport({ sha256: sha('bad') }), framework: 'NOPE' } }), '{not json', ...goodLines.slice(150)]);
  future = gz('future.jsonl.gz', [header(new Date(Date.now() + 3 * 86400_000).toISOString()), ...goodLines.slice(1)]);
  // 600 MB on one line (well past the 64 MiB line limit), after good reports; gzipped it is small.
  huge = path.join(dir, 'huge.jsonl.gz');
  async function* content(): AsyncGenerator<Buffer> {
    yield Buffer.from(goodLines.slice(0, 50).join('\n') + '\n{"type":"report","pad":"');
    const block = Buffer.alloc(1024 * 1024, 'a');
    for (let i = 0; i < 600; i++) yield block;
    yield Buffer.from('"}\n' + goodLines.slice(50).join('\n') + '\n');
  }
  await pipeline(content, zlib.createGzip({ level: 1 }), fs.createWriteStream(huge));
});

for (const database of testDatabases()) {
  describe(`snapshot import on ${database.name}`, () => {
    let store: Store;
    before(async () => {
      store = await openStore(await database.create(), { shippedSnapshot: false });
      // The record already holds a report and a refresh date, which a failed import must not touch.
      await store.saveReport(sampleReport(), { sourceUrl: 'https://files.ofsted.gov.uk/v1/file/1' }, { fullText: true, readerVersion: 1 });
      await store.setMeta('data_refreshed_at', '2025-06-01T00:00:00.000Z');
    });
    after(async () => store.close());

    const cases: [string, () => string, RegExp][] = [
      ['a gzip file cut short', () => truncated, /cut short|not a readable snapshot/],
      ['a 600 MB line', () => huge, /line 51 is longer than 64 MiB/],
      ['invalid lines', () => invalid, /2 lines cannot be loaded, so nothing was imported:\n {2}line 151: report\.framework "NOPE".*\n {2}line 152: not valid JSON/],
      ['a build date in the future', () => future, /in the future/],
    ];
    for (const [what, file, message] of cases) {
      test(`${what}: a clear error, the record exactly as it was, the run recorded as failed`, async () => {
        const beforeImport = await record(store);
        await assert.rejects(importSnapshot(store.db, file()), (err: Error & { userMessage?: string }) => {
          assert.match(err.userMessage ?? '', message);
          return true;
        });
        assert.equal(await record(store), beforeImport);
        const runs = await store.lastRuns(1);
        if (what !== 'a build date in the future') {
          assert.equal(runs[0]?.command, 'snapshot import');
          assert.equal(runs[0]?.status, 'failed');
        }
        assert.ok(!(await store.lastRuns(100)).some((r) => r.status === 'running'), 'no run left running');
      });
    }

    test('a database failure halfway through the reports undoes the ones already written', async () => {
      const beforeImport = await record(store);
      const poison = sha('snap-120');
      if (database.name === 'sqlite') {
        await sql`create trigger poison before insert on reports when new.sha256 = ${sql.lit(poison)} begin select raise(abort, 'poisoned'); end`.execute(store.db);
      } else {
        await sql.raw(`create function poison() returns trigger language plpgsql as $$ begin if new.sha256 = '${poison}' then raise exception 'poisoned'; end if; return new; end $$`).execute(store.db);
        await sql`create trigger poison before insert on reports for each row execute function poison()`.execute(store.db);
      }
      await assert.rejects(importSnapshot(store.db, good), /poisoned/);
      await sql`drop trigger poison${sql.raw(database.name === 'postgres' ? ' on reports' : '')}`.execute(store.db);
      assert.equal(await record(store), beforeImport);
      assert.equal((await store.lastRuns(1))[0]?.status, 'failed');
    });

    test('a good snapshot then loads whole, in one go, and again adds nothing', async () => {
      const s = await importSnapshot(store.db, good);
      assert.deepEqual([s.seen, s.added, s.unchanged], [200, 200, 0]);
      assert.equal((await store.lastRuns(1))[0]?.status, 'completed');
      assert.equal(await store.getMeta('data_refreshed_at'), '2026-01-01T00:00:00Z');
      const again = await importSnapshot(store.db, good);
      assert.deepEqual([again.added, again.unchanged], [0, 200]);
      // Its own export loads into a new database too (the exported build date is now).
      const out = path.join(dir, `export-${database.name}.jsonl.gz`);
      await exportSnapshot(store.db, out, { source: 'test' });
      const other = await openStore(await database.create(), { shippedSnapshot: false });
      try {
        assert.equal((await importSnapshot(other.db, out)).added, 201);
      } finally {
        await other.close();
      }
    });
  });
}

test('a build date that is not a UTC time is refused; one a few minutes ahead (clock skew) is accepted', async () => {
  const store = await openStore(`sqlite:${path.join(dir, 'dates.db')}`, { shippedSnapshot: false });
  try {
    for (const builtAt of ['yesterday', '2026-13-45T00:00:00Z', '2026-01-01']) {
      await assert.rejects(importSnapshot(store.db, gz('date.jsonl.gz', [header(builtAt), reportLine(1)])), /not a UTC date and time/);
    }
    const soon = new Date(Date.now() + 60_000).toISOString();
    assert.equal((await importSnapshot(store.db, gz('soon.jsonl.gz', [header(soon), reportLine(1)]))).added, 1);
    assert.equal(await store.getMeta('data_refreshed_at'), soon);
  } finally {
    await store.close();
  }
});
