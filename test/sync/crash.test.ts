// kill -9 mid-sync, then run again: the rerun fetches nothing it already
// had and ends with exactly what one uninterrupted run stores. Runs the
// real `ilacs sync` command in a child process against the fake site.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { openStore } from '../../src/store/index.ts';
import { lastSyncStatus, listListings } from '../../src/sync/index.ts';
import type { FakeOfstedSite } from './fake-site.ts';
import { backends, dumpRecord, startSite, tempDir } from './helpers.ts';

const MAIN = fileURLToPath(new URL('../../src/cli/main.ts', import.meta.url));

interface CliRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Runs `ilacs sync`; `killWhen` is polled and, once true, the child gets SIGKILL. */
function runCli(args: string[], killWhen?: () => boolean): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [MAIN, 'sync', ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, DATABASE_URL: '', ILACS_SYNC_CONTACT: '' } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    let poll: NodeJS.Timeout | null = null;
    if (killWhen) {
      poll = setInterval(() => {
        if (killWhen()) {
          child.kill('SIGKILL');
          clearInterval(poll!);
        }
      }, 1);
    }
    child.on('error', reject);
    child.on('close', (code, signal) => {
      if (poll) clearInterval(poll);
      resolve({ code, signal, stdout, stderr });
    });
  });
}

for (const backend of backends()) {
  describe(`sync killed with kill -9 on ${backend.name}`, () => {
    let site: FakeOfstedSite;
    before(async () => {
      site = await startSite();
    });
    after(async () => {
      await site.stop();
    });

    const args = (db: string, archive: string) => ['--database', db, '--site-url', site.siteUrl, '--files-url', site.filesUrl, '--archive', archive, '--spacing', '20ms', '--timeout', '5s', '--contact', 'sync-tests@example.org', '--json'];

    test('resumes without refetching and ends with exactly the data of a clean run', async () => {
      // The clean reference run.
      const clean = await backend.create();
      const cleanArchive = tempDir('ilacs-sync-clean-');
      const killed = await backend.create();
      const killedArchive = tempDir('ilacs-sync-killed-');
      try {
        site.log.length = 0;
        const ref = await runCli(args(clean.url, cleanArchive));
        assert.equal(ref.code, 0, ref.stderr);
        const refJson = JSON.parse(ref.stdout) as { outcome: string; new: number };
        assert.equal(refJson.outcome, 'succeeded');
        const cleanStore = await openStore(clean.url);
        const expected = await dumpRecord(cleanStore, cleanArchive);
        await cleanStore.close();

        // Killed twice: once waiting on a download, once right after a file arrived (while reading and storing it).
        const fileCount = () => site.fileRequests().length;
        site.log.length = 0;
        site.inject(site.filePath('50250001'), { kind: 'hang' });
        const k1 = await runCli(args(killed.url, killedArchive), () => site.fileRequests().includes('50250001'));
        assert.equal(k1.signal, 'SIGKILL');
        site.clearFaults();

        const afterFirst = await openStore(killed.url);
        const had1 = new Set((await listListings(afterFirst)).filter((l) => l.state === 'stored' || l.state === 'archived').map((l) => l.fileId));
        await afterFirst.close();
        assert.ok(had1.size >= 2, `the first killed run stored ${had1.size} files before the kill`);

        site.log.length = 0;
        const target = 2;
        const k2 = await runCli(args(killed.url, killedArchive), () => fileCount() >= target && site.log.filter((l) => l.path.startsWith('/files/'))[target - 1]!.status === 200 && !Number.isNaN(site.log.filter((l) => l.path.startsWith('/files/'))[target - 1]!.end));
        assert.equal(k2.signal, 'SIGKILL');
        assert.deepEqual(site.fileRequests().filter((id) => had1.has(id)), [], 'the second run refetched nothing the first had');

        const afterSecond = await openStore(killed.url);
        const had2 = new Set((await listListings(afterSecond)).filter((l) => l.state === 'stored' || l.state === 'archived').map((l) => l.fileId));
        await afterSecond.close();

        site.log.length = 0;
        const resumed = await runCli(args(killed.url, killedArchive));
        assert.equal(resumed.code, 0, resumed.stderr + resumed.stdout);
        assert.deepEqual(site.fileRequests().filter((id) => had2.has(id)), [], 'the final run refetched nothing already stored');

        const store = await openStore(killed.url);
        try {
          assert.deepEqual(await dumpRecord(store, killedArchive), expected);
          const runs = await store.db.withTables<{ sync_runs: { id: number; outcome: string } }>().selectFrom('sync_runs').select(['id', 'outcome']).orderBy('id').execute();
          assert.deepEqual(runs.map((r) => r.outcome), ['interrupted', 'interrupted', 'succeeded'], 'killed runs are recorded as interrupted');
          const status = await lastSyncStatus(store);
          assert.equal(status.lastSuccess?.id, runs[2]!.id);
          assert.equal(status.running, null, 'the lease was released');
        } finally {
          await store.close();
        }

        // --status from the command line, as JSON and as text.
        const st = await runCli(['--status', '--json', '--database', killed.url]);
        assert.equal(st.code, 0, st.stderr);
        const statusJson = JSON.parse(st.stdout) as { lastSuccess: { outcome: string } };
        assert.equal(statusJson.lastSuccess.outcome, 'succeeded');
        const stText = await runCli(['--status', '--database', killed.url]);
        assert.match(stText.stdout, /Last successful sync: .*8 unchanged|Last successful sync: /);
      } finally {
        await clean.drop();
        await killed.drop();
        rmSync(cleanArchive, { recursive: true, force: true });
        rmSync(killedArchive, { recursive: true, force: true });
      }
    });

    test('refuses to sync from Ofsted without a contact address, before touching anything', async () => {
      const r = await runCli(['--database', 'sqlite::memory:']);
      assert.equal(r.code, 1);
      assert.match(r.stderr, /without a contact address: give --contact/);
      assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
      const bad = await runCli(['--spacing', 'soon', '--contact', 'me@example.org', '--database', 'sqlite::memory:']);
      assert.equal(bad.code, 1);
      assert.match(bad.stderr, /"soon" is not a duration/);
    });
  });
}
