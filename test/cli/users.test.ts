// ilacs users add|list|disable|enable, on SQLite and PostgreSQL: the first
// admin and scripted accounts, with every mistake told in words.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { openStore } from '../../src/store/index.ts';
import { signIn } from '../../src/workflow/accounts.ts';
import { dropTestDatabases, testDatabases } from '../fixtures/store-fixtures.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

function users(args: string[], input?: string): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [path.join(root, 'src/cli/main.ts'), 'users', ...args], { encoding: 'utf8', cwd: root, input: input ?? '', env: { ...process.env, DATABASE_URL: '' } });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

after(dropTestDatabases);

for (const database of testDatabases()) {
  test(`ilacs users on ${database.name}`, async () => {
    const url = await database.create();
    const db = ['--database', url];
    const add = users(['add', ...db, '--email', 'Ada@Example.org', '--name', 'Ada Admin', '--role', 'admin', '--password-stdin'], 'a long admin password\n');
    assert.equal(add.status, 0, add.stderr);
    assert.match(add.stdout, /^Added ada@example\.org \(Ada Admin\), admin, account 1$/m);
    const council = users(['add', ...db, '--email', 'dcs@southend.example', '--name', 'Cass Council', '--role', 'council', '--authority', 'southend-on-sea', '--password-stdin'], 'a long council password');
    assert.equal(council.status, 0, council.stderr);
    const mistakes: [string[], string | undefined, RegExp][] = [
      [['add', '--email', 'x@example.org', '--name', 'X', '--role', 'boss', '--password-stdin'], 'a long enough password', /--role must be one of admin, inspector, quality_assurance, council, not "boss"/],
      [['add', '--email', 'x@example.org', '--name', 'X', '--role', 'council', '--password-stdin'], 'a long enough password', /a council account needs --authority SLUG/],
      [['add', '--email', 'x@example.org', '--name', 'X', '--role', 'council', '--authority', 'atlantis', '--password-stdin'], 'a long enough password', /no current council with the slug "atlantis"/],
      [['add', '--email', 'x@example.org', '--name', 'X', '--role', 'inspector', '--password-stdin'], 'short', /at least 12 characters/],
      [['add', '--email', 'x@example.org', '--name', 'X', '--role', 'inspector'], undefined, /needs --password-stdin/],
      [['add', '--email', 'not-an-email', '--name', 'X', '--role', 'inspector', '--password-stdin'], 'a long enough password', /"not-an-email" is not an email address/],
      [['add', '--email', 'ada@example.org', '--name', 'Ada', '--role', 'admin', '--password-stdin'], 'a long enough password', /already an account for ada@example\.org/],
      [['remove', '--email', 'ada@example.org'], undefined, /first argument must be add, list, disable or enable, not "remove"/],
    ];
    for (const [args, input, message] of mistakes) {
      const r = users([...args, ...db], input);
      assert.notEqual(r.status, 0, args.join(' '));
      assert.match(r.stderr, message);
      assert.doesNotMatch(r.stderr, /\bat .*\.ts:\d+/, 'no stack trace');
    }
    const list = users(['list', ...db, '--json']);
    assert.equal(list.status, 0, list.stderr);
    const listed = JSON.parse(list.stdout) as { email: string; role: string; authoritySlug: string | null; disabledAt: string | null }[];
    assert.deepEqual(listed.map((u) => [u.email, u.role, u.authoritySlug, u.disabledAt]), [['ada@example.org', 'admin', null, null], ['dcs@southend.example', 'council', 'southend-on-sea', null]]);
    // The password was stored as an argon2id hash and signs in (its trailing newline was not part of it).
    const store = await openStore(url, { searchPool: false, shippedSnapshot: false });
    try {
      const found = await store.workflow.findUserForSignIn('ada@example.org');
      assert.match(found!.passwordHash, /^\$argon2id\$v=19\$m=19456,p=1,t=2\$/);
      assert.equal((await signIn(store.workflow, 'ada@example.org', 'a long admin password', '127.0.0.1', 'api')).ok, true);
      assert.equal(users(['disable', ...db, '--email', 'ada@example.org']).status, 0);
      assert.equal((await signIn(store.workflow, 'ada@example.org', 'a long admin password', '127.0.0.2', 'api')).ok, false);
      assert.match(users(['list', ...db]).stdout, /ada@example\.org {2}Ada Admin {2}admin {2}disabled \d{4}-\d{2}-\d{2}/);
      assert.equal(users(['enable', ...db, '--email', 'ada@example.org']).status, 0);
      assert.equal((await signIn(store.workflow, 'ada@example.org', 'a long admin password', '127.0.0.3', 'api')).ok, true);
      const missing = users(['disable', ...db, '--email', 'nobody@example.org']);
      assert.equal(missing.status, 1);
      assert.match(missing.stderr, /no account for nobody@example\.org/);
    } finally {
      await store.close();
    }
  });
}
