import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { makeFolders } from '../src/files.ts';

test('makeFolders makes every missing level, and is a no-op when the folder exists', () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ilacs-files-'));
  try {
    const deep = path.join(tmp, 'a', 'b', 'c');
    makeFolders(deep);
    assert.ok(fs.statSync(deep).isDirectory());
    makeFolders(deep);
    fs.writeFileSync(path.join(tmp, 'file'), 'x');
    assert.throws(() => makeFolders(path.join(tmp, 'file', 'below')), (e: NodeJS.ErrnoException) => e.code === 'ENOTDIR');
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
});

test('makeFolders fails at once under /proc, where Node’s recursive mkdir never returns', { skip: !fs.existsSync('/proc/self') }, () => {
  assert.throws(() => makeFolders('/proc/ilacs-no-such-folder/ab'), (e: NodeJS.ErrnoException) => typeof e.code === 'string');
});
