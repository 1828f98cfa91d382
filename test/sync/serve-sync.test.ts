// `ilacs serve --sync-every`: the server syncs on its own schedule and
// stops cleanly.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { setTimeout as delay } from 'node:timers/promises';
import { openStore } from '../../src/store/index.ts';
import { lastSyncStatus } from '../../src/sync/index.ts';
import { backends, startSite, tempDir } from './helpers.ts';
import { READER_VERSION } from '../../src/reader/version.ts';
import { sampleReport, sha } from '../fixtures/store-fixtures.ts';

const MAIN = fileURLToPath(new URL('../../src/cli/main.ts', import.meta.url));

test('ilacs serve --sync-every runs a sync inside the server', async () => {
  const site = await startSite();
  const backend = backends()[0]!;
  const { url, drop } = await backend.create();
  const archive = tempDir('ilacs-serve-sync-');
  // A report an older reader read, whose PDF is nowhere: the scheduled sync runs reread after its run, which counts it.
  const before = await openStore(url, { shippedSnapshot: false });
  await before.saveReport(sampleReport({ sha256: sha('read-by-an-older-reader') }), {}, { fullText: true, readerVersion: 0 });
  await before.close();
  const env = { ...process.env, ILACS_SYNC_SITE_URL: site.siteUrl, ILACS_SYNC_FILES_URL: site.filesUrl, ILACS_ARCHIVE_DIR: archive, ILACS_SYNC_SPACING: '20ms', ILACS_SYNC_CONTACT: 'sync-tests@example.org' };
  const child = spawn(process.execPath, [MAIN, 'serve', '--database', url, '--port', '0', '--quiet', '--sync-every', '24h'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  try {
    const deadline = Date.now() + 90_000;
    while (!/sync scheduler: run \d+ succeeded/.test(stderr) && Date.now() < deadline) await delay(100);
    assert.match(stderr, /syncing from http:\/\/127\.0\.0\.1:\d+ every 24h/);
    assert.match(stderr, /sync scheduler: run 1 succeeded/, stderr);
    while (!/ilacs reread:/.test(stderr) && Date.now() < deadline) await delay(100);
    assert.match(stderr, new RegExp(`ilacs reread: reader version ${READER_VERSION}: 0 read again, 0 changed, 0 unchanged, 1 without a PDF, 0 failed`), stderr);
    child.kill('SIGTERM');
    assert.equal(await exited, 0);
    const store = await openStore(url);
    try {
      const status = await lastSyncStatus(store);
      assert.equal(status.lastSuccess?.trigger, 'schedule');
      assert.equal(status.lastSuccess?.filesNew, 7);
      assert.equal(await store.getMeta('reread_reader_version'), String(READER_VERSION), 'the reread was recorded as done');
      assert.equal(status.running, null);
    } finally {
      await store.close();
    }
    assert.ok(site.log.every((l) => l.userAgent.includes('sync-tests@example.org')));
  } finally {
    child.kill('SIGKILL');
    await site.stop();
    await drop();
    rmSync(archive, { recursive: true, force: true });
  }
});
