// Runs `ilacs extract --json` over the real corpus when it is present
// (../shared/corpus next to the checkout). By default a fixed sample (every
// fourth file, and every file that is not a PDF at all) keeps it to about a
// minute; ILACS_CORPUS_TEST=full reads every file.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, openSync, readSync, closeSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { FRAMEWORK_IDS } from '../../src/domain/frameworks.ts';
import { expandInputs } from '../../src/cli/commands/extract.ts';

const CORPUS = fileURLToPath(new URL('../../../shared/corpus/reports', import.meta.url));
const MAIN = fileURLToPath(new URL('../../src/cli/main.ts', import.meta.url));
const present = existsSync(CORPUS);

/** Checked independently of the reader: does the file carry a PDF header at all? */
function hasPdfHeader(file: string): boolean {
  const fd = openSync(file, 'r');
  try {
    const buf = Buffer.alloc(1024);
    const n = readSync(fd, buf, 0, 1024, 0);
    return buf.subarray(0, n).toString('latin1').includes('%PDF-');
  } finally {
    closeSync(fd);
  }
}

test(
  'extract reads the real corpus: one object per file, HTML files are not_a_pdf, the rest are reports with a framework and authority',
  { skip: present ? false : `no corpus at ${CORPUS}: the integration test runs only where ../shared/corpus exists` },
  async () => {
    const all = await expandInputs([CORPUS], () => {});
    assert.ok(all.length > 0);
    const full = process.env.ILACS_CORPUS_TEST === 'full';
    const files = all.filter((f, i) => full || i % 4 === 0 || !hasPdfHeader(f));
    const { code, stdout, stderr } = await new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
      execFile(process.execPath, [MAIN, 'extract', '--json', ...files], { maxBuffer: 1024 * 1024 * 1024 }, (err, out, errOut) => {
        resolve({ code: err ? (typeof err.code === 'number' ? err.code : -1) : 0, stdout: out, stderr: errOut });
      });
    });
    assert.ok(code === 0 || code === 1, `exit ${code}: ${stderr}`);
    const lines = stdout.split('\n').filter((l) => l.length > 0);
    assert.equal(lines.length, files.length, 'one line per file');
    let html = 0;
    const problems: string[] = [];
    for (const [i, line] of lines.entries()) {
      const o = JSON.parse(line) as {
        file: string;
        ok: boolean;
        report?: { framework: string; localAuthority: { urn: string; name: string } };
        error?: { code: string; message: string };
      };
      assert.equal(o.file, files[i], 'results come in input order');
      if (!hasPdfHeader(o.file)) {
        html++;
        if (o.ok || o.error?.code !== 'not_a_pdf' || !/HTML page/.test(o.error.message)) problems.push(`${o.file}: expected not_a_pdf (HTML), got ${line.slice(0, 200)}`);
        continue;
      }
      if (!o.ok) {
        problems.push(`${o.file}: ${o.error?.code}: ${o.error?.message}`);
        continue;
      }
      if (!(FRAMEWORK_IDS as readonly string[]).includes(o.report!.framework)) problems.push(`${o.file}: framework ${o.report!.framework}`);
      if (!/^\d+$/.test(o.report!.localAuthority.urn) || !o.report!.localAuthority.name) problems.push(`${o.file}: authority ${JSON.stringify(o.report!.localAuthority)}`);
    }
    assert.ok(html > 0, 'the corpus has HTML pages saved as .pdf; the sample includes them');
    assert.deepEqual(problems, []);
  },
);
