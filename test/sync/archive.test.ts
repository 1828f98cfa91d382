import { test } from 'node:test';
import assert from 'node:assert/strict';

test('the archive keeps files under their hash and sweeps partial writes', async () => {
  const { mkdtempSync, writeFileSync, mkdirSync, existsSync, rmSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const path = await import('node:path');
  const { archiveRead, archiveSweep, archiveWrite, sha256Hex } = await import('../../src/sync/archive.ts');
  const dir = mkdtempSync(path.join(tmpdir(), 'ilacs-archive-'));
  try {
    const bytes = Buffer.from('%PDF-1.4 test\n%%EOF\n');
    const sha = sha256Hex(bytes);
    const rel = await archiveWrite(dir, bytes);
    assert.equal(rel, path.join(sha.slice(0, 2), `${sha}.pdf`));
    assert.deepEqual(await archiveRead(dir, sha), bytes);
    writeFileSync(path.join(dir, rel), 'tampered');
    assert.equal(await archiveRead(dir, sha), null, 'bytes not matching their hash are not trusted');
    mkdirSync(path.join(dir, 'ab'), { recursive: true });
    writeFileSync(path.join(dir, 'ab', 'abc.pdf.123.456.tmp'), 'partial');
    assert.equal(await archiveSweep(dir), 1);
    assert.equal(existsSync(path.join(dir, 'ab', 'abc.pdf.123.456.tmp')), false);
    assert.ok(existsSync(path.join(dir, rel)));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
