import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { ConfigError, resolveDatabase } from '../src/config.ts';

test('default: a SQLite file in the data folder, or in $ILACS_DATA_DIR', () => {
  const d = resolveDatabase(undefined, {});
  assert.equal(d.dialect, 'sqlite');
  assert.equal(d.isDefault, true);
  assert.match(d.display, /data[/\\]ilacs\.db$/);
  const e = resolveDatabase(undefined, { ILACS_DATA_DIR: '/srv/ilacs' });
  assert.deepEqual([e.dialect, e.dialect === 'sqlite' && e.path], ['sqlite', path.resolve('/srv/ilacs/ilacs.db')]);
});

test('--database wins over DATABASE_URL, which wins over the default', () => {
  const env = { DATABASE_URL: 'postgres://u:secret@db.example:5432/ilacs' };
  const fromEnv = resolveDatabase(undefined, env);
  assert.equal(fromEnv.dialect, 'postgres');
  assert.equal(fromEnv.display, 'postgres://u@db.example:5432/ilacs', 'the password is never shown');
  const fromFlag = resolveDatabase('sqlite:x.db', env);
  assert.deepEqual([fromFlag.dialect, fromFlag.dialect === 'sqlite' && fromFlag.path, fromFlag.isDefault], ['sqlite', path.resolve('x.db'), false]);
});

test('sqlite URL spellings', () => {
  const abs = resolveDatabase('sqlite:///var/lib/ilacs.db', {});
  assert.equal(abs.dialect === 'sqlite' && abs.path, '/var/lib/ilacs.db');
  const mem = resolveDatabase('sqlite::memory:', {});
  assert.equal(mem.dialect === 'sqlite' && mem.path, ':memory:');
  assert.equal(resolveDatabase('postgresql://h/db', {}).dialect, 'postgres');
});

test('malformed URLs get errors that say what to write', () => {
  for (const [url, msg] of [
    ['mysql://h/db', /"mysql:…" is not a database this tool knows/],
    ['data/ilacs.db', /is not a database this tool knows\. Use sqlite:<path>/],
    ['sqlite:', /names no file/],
    ['postgres://', /names no PostgreSQL host|not a valid PostgreSQL URL/],
    ['postgres://exa mple/db', /not a valid PostgreSQL URL/],
  ] as const) {
    assert.throws(() => resolveDatabase(url, {}), (err: unknown) => err instanceof ConfigError && msg.test(err.userMessage), url);
  }
  assert.throws(() => resolveDatabase(undefined, { DATABASE_URL: 'redis://x' }), /DATABASE_URL/);
});
