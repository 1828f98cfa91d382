// `ilacs serve` as a user runs it: it listens, answers, stops cleanly on
// SIGTERM, and refuses a bad port with a message rather than a stack trace.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const cli = path.join(root, 'src/cli/main.ts');

test('ilacs serve listens, serves pages and stops on SIGTERM', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'ilacs-serve-'));
  const env = { ...process.env, DATABASE_URL: '', PORT: '', ILACS_DATA_DIR: path.join(dir, 'data') };
  // serve only reads: the database is made first (by a command that writes).
  assert.equal(spawnSync(process.execPath, [cli, 'reread', '--database', `sqlite:${path.join(dir, 'serve.db')}`], { env, cwd: root }).status, 0);
  const child = spawn(process.execPath, [cli, 'serve', '--quiet', '--port', '0', '--database', `sqlite:${path.join(dir, 'serve.db')}`], { env, cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  try {
    const base = await new Promise<string>((resolve, reject) => {
      let err = '';
      child.stderr.on('data', (d: Buffer) => {
        err += d.toString();
        const m = /on (http:\/\/[^\s]+)/.exec(err);
        if (m?.[1]) resolve(m[1]);
      });
      child.once('exit', (code) => reject(new Error(`serve exited with ${code}: ${err}`)));
    });
    const health = (await (await fetch(`${base}/healthz`)).json()) as { status: string; authorities: number };
    assert.equal(health.status, 'ok');
    assert.equal(health.authorities, 153);
    const home = await fetch(`${base}/`);
    assert.equal(home.status, 200);
    assert.match(await home.text(), /ILACS explorer/);
    const code = await new Promise<number | null>((resolve) => {
      child.once('exit', resolve);
      child.kill('SIGTERM');
    });
    assert.equal(code, 0);
  } finally {
    if (child.exitCode === null) child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  }
});

test('ilacs serve rejects a bad port with a usage message', () => {
  const r = spawnSync(process.execPath, [cli, 'serve', '--port', 'eighty'], { encoding: 'utf8', env: { ...process.env, DATABASE_URL: 'sqlite::memory:' }, cwd: root });
  assert.equal(r.status, 2);
  assert.match(r.stderr, /the port must be a number from 0 to 65535, not "eighty"/);
  assert.doesNotMatch(r.stderr, /at .*\.ts:\d+/);
});
