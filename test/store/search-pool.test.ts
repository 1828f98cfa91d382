// Searches off the event loop: SQLite searches in worker threads with their
// own read-only connections, PostgreSQL searches bounded in number and time.
// The answers are the same as a search on the calling thread; a search
// over its time budget is stopped with SearchBusyError and the pool goes on.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import pg from 'pg';
import { openStore, SearchBusyError, type Store } from '../../src/store/index.ts';
import { PostgresSearchPool, SqliteSearchPool } from '../../src/store/search-pool.ts';
import { search } from '../../src/store/search.ts';
import { dropTestDatabases, sampleReport, sha, testDatabases } from '../fixtures/store-fixtures.ts';

after(dropTestDatabases);

const QUERIES: [string, Record<string, unknown>, { page?: number; pageSize?: number }][] = [
  ['homeless', {}, {}],
  ['care leavers', { kind: 'section' }, {}],
  ['"stable homes"', {}, {}],
  ['supervision -social', {}, { pageSize: 1 }],
  ['homeless', {}, { page: 5 }],
  ['nothingmatchesthis', {}, {}],
];

async function fill(store: Store): Promise<void> {
  for (let i = 0; i < 5; i++) await store.saveReport(sampleReport({ sha256: sha(`pool-${i}`) }), {}, { fullText: true, readerVersion: 1 });
}

for (const database of testDatabases()) {
  describe(`search pool on ${database.name}`, () => {
    let url: string;
    let store: Store;
    before(async () => {
      url = await database.create();
      store = await openStore(url, { searchPool: false });
      await fill(store);
    });
    after(async () => store.close());

    test('the pool gives the same answers as a search on this thread', async () => {
      const pooled = await openStore(url);
      try {
        for (const [q, filters, paging] of QUERIES) {
          const here = await search(store.db, database.name, q, filters, paging);
          const there = await pooled.search(q, filters, paging);
          assert.deepEqual(there, here, q);
        }
        // Many at once: all answered, in any order.
        const many = await Promise.all(Array.from({ length: 40 }, (_, i) => pooled.search(i % 2 ? 'homeless' : 'care')));
        assert.ok(many.every((p) => p.total > 0));
      } finally {
        await pooled.close();
      }
    });

    if (database.name === 'sqlite') {
      test('a search over its time budget is stopped, and the pool carries on', async () => {
        const path = url.slice('sqlite:'.length);
        const strict = new SqliteSearchPool(path, { workers: 1, timeoutMs: 1 });
        try {
          await assert.rejects(strict.search('homeless'), (err: unknown) => err instanceof SearchBusyError && /took longer than 0.001 s/.test(err.userMessage));
          await assert.rejects(strict.search('care'), SearchBusyError);
        } finally {
          await strict.close();
        }
        const pool = new SqliteSearchPool(path, { workers: 1, timeoutMs: 30_000, maxQueue: 2 });
        try {
          // One runs, two wait, the rest are turned away at once as busy.
          const results = await Promise.allSettled(Array.from({ length: 5 }, () => pool.search('homeless')));
          assert.deepEqual(results.map((r) => r.status), ['fulfilled', 'fulfilled', 'fulfilled', 'rejected', 'rejected']);
          assert.match(((results[3] as PromiseRejectedResult).reason as SearchBusyError).userMessage, /many searches/);
          assert.ok((await pool.search('homeless')).total > 0, 'still serving');
        } finally {
          await pool.close();
        }
      });
    } else {
      test('a search over its statement timeout is stopped, and the pool carries on', async () => {
        const pool = new PostgresSearchPool(store.db, { workers: 2, timeoutMs: 300 });
        // Another session holds a lock the search must wait for: only the timeout ends the wait.
        const blocker = new pg.Client({ connectionString: url });
        await blocker.connect();
        try {
          await blocker.query('begin');
          await blocker.query('lock table search_documents in access exclusive mode');
          await assert.rejects(pool.search('homeless'), (err: unknown) => err instanceof SearchBusyError && /took longer than 0.3 s/.test(err.userMessage));
          await blocker.query('rollback');
          assert.ok((await pool.search('homeless')).total > 0);
          // More searches than slots: they wait their turn and all finish.
          const all = await Promise.all(Array.from({ length: 10 }, () => pool.search('care')));
          assert.ok(all.every((p) => p.total > 0));
        } finally {
          await blocker.end();
        }
      });
    }
  });
}
