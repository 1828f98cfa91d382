// The in-server schedule: two processes' schedulers on one database never
// sync at the same time and run once per period between them.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { setTimeout as delay } from 'node:timers/promises';
import { defaultSyncDeps, lastSyncStatus, startSyncScheduler, type SyncScheduler } from '../../src/sync/index.ts';
import { syncDb, tryAcquireLease, readLease, releaseLease, listRuns } from '../../src/store/sync-repo.ts';
import { backends, openTestStore, startSite, tempDir, testConfig } from './helpers.ts';

for (const backend of backends()) {
  describe(`sync scheduler on ${backend.name}`, () => {
    test('the lease admits one holder at a time and frees on expiry', async () => {
      const { url, drop } = await backend.create();
      const a = await openTestStore(url);
      const b = await openTestStore(url);
      try {
        const now = Date.now();
        assert.equal(await tryAcquireLease(syncDb(a.db), 'sync', 'host:1:a', 1000, now), true);
        assert.equal(await tryAcquireLease(syncDb(b.db), 'sync', 'host:2:b', 1000, now), false, 'held by a');
        assert.equal(await tryAcquireLease(syncDb(b.db), 'sync', 'host:2:b', 1000, now + 1001), true, 'expired: b takes it');
        assert.equal((await readLease(syncDb(a.db), 'sync'))?.holder, 'host:2:b');
        await releaseLease(syncDb(a.db), 'sync', 'host:1:a');
        assert.equal((await readLease(syncDb(a.db), 'sync'))?.holder, 'host:2:b', 'only the holder can release');
        await releaseLease(syncDb(b.db), 'sync', 'host:2:b');
        assert.equal(await tryAcquireLease(syncDb(a.db), 'sync', 'host:1:a', 1000, now + 1002), true);
      } finally {
        await a.close();
        await b.close();
        await drop();
      }
    });

    test('stopping the schedule mid-download ends the run at once as interrupted, recording no failed file', async () => {
      const site = await startSite();
      const { url, drop } = await backend.create();
      const archive = tempDir('ilacs-sync-stop-');
      const store = await openTestStore(url);
      const deps = defaultSyncDeps();
      try {
        site.inject(site.filePath('50201001'), { kind: 'hang' });
        const config = { ...testConfig(site, archive), timeoutMs: 60_000 };
        const scheduler = startSyncScheduler({ store, every: 3_600_000, config, deps: deps.deps, pollMs: 50 });
        const deadline = Date.now() + 60_000;
        while (!site.fileRequests().includes('50201001') && Date.now() < deadline) await delay(20);
        const t0 = Date.now();
        await scheduler.stop();
        assert.ok(Date.now() - t0 < 5000, `stop took ${Date.now() - t0} ms`);
        const runs = await listRuns(syncDb(store.db));
        assert.equal(runs.length, 1);
        assert.equal(runs[0]!.outcome, 'interrupted');
        assert.equal(runs[0]!.filesFailed, 0);
        const status = await lastSyncStatus(store);
        assert.deepEqual(status.failingFiles, []);
        assert.equal(status.running, null);
      } finally {
        await deps.close();
        await store.close();
        await drop();
        await site.stop();
        rmSync(archive, { recursive: true, force: true });
      }
    });

    test('two schedulers sharing a database: one run per period, never two at once', async () => {
      const site = await startSite();
      const { url, drop } = await backend.create();
      const archive = tempDir('ilacs-sync-sched-');
      const stores = [await openTestStore(url), await openTestStore(url)];
      const depsList = [defaultSyncDeps(), defaultSyncDeps()];
      const schedulers: SyncScheduler[] = [];
      try {
        const config = testConfig(site, archive);
        const every = 2500;
        for (let i = 0; i < 2; i++) {
          schedulers.push(startSyncScheduler({ store: stores[i]!, every, config, deps: depsList[i]!.deps, pollMs: 100, retryAfterFailureMs: every }));
        }
        // The first run (reading three reports) and two more periods; slower machines get longer.
        const deadline = Date.now() + 60_000;
        while ((await listRuns(syncDb(stores[0]!.db))).filter((r) => r.outcome !== 'running').length < 3 && Date.now() < deadline) await delay(200);
        await Promise.all(schedulers.map((s) => s.stop()));
        const runs = (await listRuns(syncDb(stores[0]!.db))).reverse();
        assert.ok(runs.length >= 2, `expected at least two runs, got ${runs.length}`);
        for (let i = 1; i < runs.length; i++) {
          const prev = runs[i - 1]!;
          const cur = runs[i]!;
          assert.ok(prev.finishedAt && cur.startedAt >= prev.finishedAt, `run ${cur.id} started before run ${prev.id} finished`);
          assert.ok(Date.parse(cur.startedAt) - Date.parse(prev.startedAt) >= every - 50, `runs ${prev.id} and ${cur.id} in the same period`);
        }
        assert.ok(runs.every((r) => r.trigger === 'schedule'));
        assert.ok(runs.slice(0, -1).every((r) => r.outcome === 'succeeded'), JSON.stringify(runs.map((r) => [r.outcome, r.error])));
        assert.equal(runs[0]!.filesNew, 7);
        const status = await lastSyncStatus(stores[1]!);
        assert.equal(status.running, null, 'stopped schedulers leave no lease behind');
      } finally {
        await Promise.all(schedulers.map((s) => s.stop()));
        await Promise.all(depsList.map((d) => d.close()));
        for (const s of stores) await s.close();
        await drop();
        await site.stop();
        rmSync(archive, { recursive: true, force: true });
      }
    });
  });
}

test('a lease held by a process on this machine that no longer exists is taken over at once; a live or remote one is not', async () => {
  const { deadLocalHolder, newHolderId } = await import('../../src/sync/lease.ts');
  const mine = newHolderId();
  const [host, , ns] = mine.split(':');
  assert.equal(deadLocalHolder(mine), null, 'this process is alive');
  // A pid far above any in use on this machine.
  const gone = `${host}:4194000:${ns}:abc`;
  assert.equal(deadLocalHolder(gone), ns === 'x' ? null : gone);
  assert.equal(deadLocalHolder(`elsewhere.example:4194000:${ns}:abc`), null, 'another host: wait for expiry');
  assert.equal(deadLocalHolder(`${host}:4194000:999:abc`), null, 'another PID namespace (container): wait for expiry');
});
