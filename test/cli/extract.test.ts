// `ilacs extract` run as a user runs it: a child process over a folder with
// good and bad files in it.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bodyPagePdf, encryptedPdf, htmlPage, manyPagesPdf, randomBytes, selfReferencingPdf, truncated } from '../fixtures/pdf-builder.ts';
import { sampleReportPdf } from '../fixtures/ilacs-pdf.ts';

const MAIN = fileURLToPath(new URL('../../src/cli/main.ts', import.meta.url));

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function ilacs(args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(process.execPath, [MAIN, ...args], { maxBuffer: 64 * 1024 * 1024, timeout: 120_000 }, (err, stdout, stderr) => {
      const code = err ? (typeof err.code === 'number' ? err.code : -1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

/** A folder like a real download: reports in per-authority folders, and every kind of bad file. */
async function makeFolder(): Promise<{ dir: string; expected: [string, string][] }> {
  const dir = mkdtempSync(join(tmpdir(), 'ilacs-extract-'));
  const good = await sampleReportPdf([['Help for children who go missing.']]);
  const files: [string, Uint8Array, string][] = [
    ['b_dorset/report 2025.pdf', good, 'ok'],
    ['b_dorset/empty.pdf', new Uint8Array(0), 'not_a_pdf'],
    ['a_mixed/random.pdf', randomBytes(5000, 9), 'not_a_pdf'],
    ['a_mixed/not found.PDF', htmlPage('Report not found - Find an Inspection Report - Ofsted'), 'not_a_pdf'],
    ['a_mixed/cut.pdf', truncated(good, 0.7), 'damaged'],
    ['a_mixed/locked.pdf', encryptedPdf(), 'encrypted'],
    ['a_mixed/minutes.pdf', await bodyPagePdf(), 'not_a_report'],
    ['a_mixed/loop.pdf', selfReferencingPdf(), 'damaged'],
    ['a_mixed/z/huge.pdf', manyPagesPdf(4000), 'not_a_report'],
    ['c_last.pdf', good, 'ok'],
  ];
  for (const [rel, bytes] of files) {
    mkdirSync(join(dir, rel, '..'), { recursive: true });
    writeFileSync(join(dir, rel), bytes);
  }
  writeFileSync(join(dir, 'a_mixed', 'notes.txt'), 'not a PDF, and not named like one: skipped');
  const expected = files.map(([rel, , code]) => [join(dir, rel), code] as [string, string]).sort((a, b) => (a[0] < b[0] ? -1 : 1));
  return { dir, expected };
}

let folder: { dir: string; expected: [string, string][] };
before(async () => {
  folder = await makeFolder();
});
after(() => rmSync(folder.dir, { recursive: true, force: true }));

test('extract --json over a folder: one clean JSON line per PDF, in sorted order, bad files do not stop the rest', async () => {
  const { dir, expected } = folder;
  {
    const run = await ilacs(['extract', '--json', dir]);
    assert.equal(run.code, 1, run.stderr);
    const lines = run.stdout.split('\n').filter((l) => l.length > 0);
    assert.equal(lines.length, expected.length, run.stdout);
    const objects = lines.map((l) => JSON.parse(l) as { file: string; ok: boolean; report?: { framework: string; localAuthority: { urn: string } }; error?: { code: string; message: string } });
    assert.deepEqual(
      objects.map((o) => [o.file, o.ok ? 'ok' : o.error!.code]),
      expected,
    );
    for (const o of objects) {
      if (o.ok) {
        assert.deepEqual(Object.keys(o), ['file', 'ok', 'report']);
        assert.equal(o.report!.framework, 'ILACS2023');
        assert.equal(o.report!.localAuthority.urn, '2532283');
      } else {
        assert.deepEqual(Object.keys(o), ['file', 'ok', 'error']);
        assert.deepEqual(Object.keys(o.error!), ['code', 'message']);
        assert.ok(o.error!.message.length > 20);
      }
    }
    assert.equal(run.stderr, '', 'no warnings or stack traces');
  }
});

test('extract without --json prints a readable summary per file', async () => {
  const { dir } = folder;
  {
    const run = await ilacs(['extract', join(dir, 'c_last.pdf'), join(dir, 'a_mixed', 'locked.pdf')]);
    assert.equal(run.code, 1);
    assert.match(run.stdout, /c_last\.pdf\n {2}Dorset \(URN 2532283\)\n {2}.*\(ILACS2023\), inspected 2025-03-17 to 2025-03-21, lead inspector Sarah Canto/);
    assert.match(run.stdout, /Impact of leaders: Outstanding \(page 1\)/);
    assert.match(run.stdout, /2 improvement items/);
    assert.match(run.stdout, /locked\.pdf\n {2}not read \(encrypted\): the PDF is encrypted/);
    assert.match(run.stderr, /1 of 2 files read completely, 1 not read/);
  }
});

test('extract exits 0 when every file was read, in the order the paths were given', async () => {
  const { dir } = folder;
  {
    const a = join(dir, 'c_last.pdf');
    const b = join(dir, 'b_dorset', 'report 2025.pdf');
    const run = await ilacs(['extract', '--json', a, b]);
    assert.equal(run.code, 0, run.stderr);
    assert.deepEqual(
      run.stdout.trim().split('\n').map((l) => (JSON.parse(l) as { file: string }).file),
      [a, b],
    );
  }
});

test('extract names a missing path and exits 2; --help works; no arguments is a usage error', async () => {
  const missing = await ilacs(['extract', '--json', '/no/such/folder']);
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /no such file or folder: \/no\/such\/folder/);
  assert.equal(missing.stdout, '');
  const help = await ilacs(['extract', '--help']);
  assert.equal(help.code, 0);
  assert.match(help.stdout, /Usage: ilacs extract \[--json\] <file\|folder>/);
  const none = await ilacs(['extract']);
  assert.equal(none.code, 2);
  assert.match(none.stderr, /needs an argument/);
  const bad = await ilacs(['extract', '--timeout', 'soon', '/tmp']);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /--timeout must be a positive number/);
});
