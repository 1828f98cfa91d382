import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase } from '../../src/store/open.ts';

const SCRIPT = path.join(import.meta.dirname, '../fixtures/scripts/open-database.ts');

function run(file: string): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [SCRIPT, file], { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    child.on('close', (code) => resolve({ code, output }));
  });
}

test('six processes creating one new SQLite database at once: every one migrates it or finds it migrated', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ilacs-open-'));
  try {
    for (let round = 0; round < 3; round++) {
      const file = path.join(dir, `round${round}.db`);
      const results = await Promise.all(Array.from({ length: 6 }, () => run(file)));
      for (const r of results) assert.equal(r.code, 0, r.output);
      const opened = await openDatabase(`sqlite:${file}`, 'read');
      try {
        const tables = await opened.db.introspection.getTables();
        assert.ok(tables.some((t) => t.name === 'reports'));
      } finally {
        await opened.db.destroy();
      }
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
