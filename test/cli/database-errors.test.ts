// Every way of naming a database badly gets one clear line and exit status,
// never a stack trace: empty options, malformed PostgreSQL URLs, read-only
// SQLite files and folders.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync, type SpawnSyncOptions } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { tempDir } from '../fixtures/store-fixtures.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const cli = path.join(root, 'src/cli/main.ts');
const dirs: string[] = [];
after(() => {
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

// As root every file is writable, so the read-only cases run as "nobody" (uid 65534) there.
const asRoot = process.getuid?.() === 0;
const NOBODY = 65534;

function ilacs(args: string[], options: SpawnSyncOptions = {}): { status: number | null; stderr: string; stdout: string } {
  const r = spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', cwd: root, env: { ...process.env, DATABASE_URL: '', ILACS_DATA_DIR: path.join(tempDir(), 'data') }, timeout: 60_000, ...options });
  return { status: r.status, stderr: String(r.stderr), stdout: String(r.stdout) };
}

function assertClear(r: { status: number | null; stderr: string }, message: RegExp, status = 1): void {
  assert.equal(r.status, status, r.stderr);
  assert.match(r.stderr, message);
  assert.doesNotMatch(r.stderr, /unexpected error|\n\s+at /, 'no stack trace');
}

test('empty options are refused, not taken for the default', () => {
  assertClear(ilacs(['stats', '--database', '']), /--database was given an empty value/, 2);
  assertClear(ilacs(['stats', '--database', '  ']), /--database was given an empty value/, 2);
  assertClear(ilacs(['sync', '--dry-run', '--contact', '']), /--contact was given an empty value/, 2);
});

test('malformed PostgreSQL URLs: a message naming the problem', () => {
  assertClear(ilacs(['stats', '--database', 'postgres://%zz@db.example/ilacs']), /user name has a malformed %-escape/);
  assertClear(ilacs(['stats', '--database', 'postgres://u:%E0%A4%A@db.example/ilacs']), /password has a malformed %-escape/);
  assertClear(ilacs(['stats', '--database', 'postgres://u@db.example/%zz']), /database name has a malformed %-escape/);
  assertClear(ilacs(['stats', '--database', 'postgres://u@db.example:99999/ilacs']), /not a valid PostgreSQL URL/);
  assertClear(ilacs(['stats', '--database', 'postgres://[::1/ilacs']), /not a valid PostgreSQL URL/);
  assertClear(ilacs(['stats', '--database', 'postgres:///ilacs']), /names no PostgreSQL host/);
  assertClear(ilacs(['stats', '--database', 'mysql://u@h/db']), /not a database this tool knows/);
  assertClear(ilacs(['stats', '--database', 'postgres://u@127.0.0.1:1/ilacs']), /cannot connect to PostgreSQL at postgres:\/\/u@127\.0\.0\.1:1\/ilacs/);
});

test('a read-only SQLite file or folder: a message saying what to change, before anything is written', () => {
  const base = tempDir();
  dirs.push(base);
  fs.chmodSync(base, 0o755);
  const user: SpawnSyncOptions = asRoot ? { uid: NOBODY, gid: NOBODY } : {};
  const owner = (p: string): void => {
    if (asRoot) fs.chownSync(p, NOBODY, NOBODY);
  };
  // A database made by an earlier run, then made read-only.
  const fileDir = path.join(base, 'file');
  fs.mkdirSync(fileDir);
  owner(fileDir);
  const file = path.join(fileDir, 'ilacs.db');
  assert.equal(ilacs(['reread', '--database', `sqlite:${file}`], user).status, 0);
  for (const f of fs.readdirSync(fileDir)) owner(path.join(fileDir, f));
  fs.chmodSync(file, 0o444);
  const before = fs.readFileSync(file);
  for (const command of [['stats'], ['ingest', base], ['snapshot', 'export', path.join(base, 'out.jsonl.gz')]]) {
    assertClear(ilacs([...command, '--database', `sqlite:${file}`], user), /the SQLite database .*ilacs\.db cannot be used: the file is read-only.*writable/);
  }
  assert.ok(fs.readFileSync(file).equals(before), 'the file is untouched');

  // A writable file in a folder this user cannot write to (SQLite's journal goes there).
  const folder = path.join(base, 'folder');
  fs.mkdirSync(folder);
  const inFolder = path.join(folder, 'ilacs.db');
  assert.equal(ilacs(['reread', '--database', `sqlite:${inFolder}`]).status, 0);
  for (const f of fs.readdirSync(folder)) fs.chmodSync(path.join(folder, f), 0o666);
  fs.chmodSync(folder, 0o555);
  assertClear(ilacs(['ingest', base, '--database', `sqlite:${inFolder}`], user), /cannot be used: its folder .*folder is read-only/);
  fs.chmodSync(folder, 0o755);
});

test('a mistyped SQLite path: commands that only read refuse it, naming it; writers create a database only in a folder that exists', () => {
  const base = tempDir();
  dirs.push(base);
  const typo = path.join(base, 'ilcs.db');
  for (const command of [['stats'], ['serve', '--port', '0'], ['snapshot', 'export', path.join(base, 'out.jsonl.gz')], ['sync', '--status']]) {
    assertClear(ilacs([...command, '--database', `sqlite:${typo}`]), new RegExp(`there is no database at ${typo.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}.*check the path`));
  }
  assert.ok(!fs.existsSync(typo), 'no empty database was created');
  assert.ok(!fs.existsSync(path.join(base, 'out.jsonl.gz')));
  const nowhere = path.join(base, 'no', 'such', 'dir', 'x.db');
  assertClear(ilacs(['ingest', base, '--database', `sqlite:${nowhere}`]), /the folder .*no\/such\/dir does not exist/);
  assertClear(ilacs(['snapshot', 'import', path.join(base, 'x.jsonl.gz'), '--database', `sqlite:${nowhere}`]), /the folder .*no\/such\/dir does not exist/);
  assert.ok(!fs.existsSync(path.join(base, 'no')), 'the folder was not created');
  const fresh = path.join(base, 'new.db');
  assert.equal(ilacs(['reread', '--database', `sqlite:${fresh}`]).status, 0);
  assert.ok(fs.existsSync(fresh), 'a writer creates it in an existing folder');
  assert.equal(ilacs(['stats', '--database', `sqlite:${fresh}`]).status, 0, 'and then it can be read');
});
