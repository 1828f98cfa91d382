// Reads the whole real corpus (../shared/corpus beside the checkout) through
// the reader's public API, both cores, and holds every report to the
// internal-consistency rules of checkReport and to the completeness check
// (no report of the corpus may be flagged as partly read: each flag was
// reviewed against its PDF). This covers the files that have no gold labels
// too: a rule broken there is a misread nobody else sees.
// Skipped, with a message, where the corpus is not present.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { checkReport, ReaderPool, READ_ERROR_CODES, type ReadResult } from '../../src/reader/index.ts';

const corpus = path.resolve(import.meta.dirname, '../../../shared/corpus/reports');

// Misreads known and not yet fixed when this test was written, by file: the
// test fails when one is fixed (so the list shrinks) or a new one appears.
// Each entry: file → number of problems checkReport finds in it today.
const KNOWN: Record<string, number> = {
};

function pdfs(dir: string, out: string[] = []): string[] {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) pdfs(p, out);
    else if (e.name.toLowerCase().endsWith('.pdf')) out.push(p);
  }
  return out;
}

test('every corpus report is internally consistent', { skip: existsSync(corpus) ? false : `no corpus at ${corpus}: this test needs ../shared/corpus beside the checkout`, timeout: 900_000 }, async () => {
  const files = pdfs(corpus).sort();
  const pool = new ReaderPool();
  let results: ReadResult[];
  try {
    results = await Promise.all(files.map((f) => pool.readFile(f)));
  } finally {
    await pool.close();
  }

  const problems = new Map<string, string[]>();
  let reports = 0;
  results.forEach((r, i) => {
    const rel = path.relative(corpus, files[i]!);
    if (!r.ok) {
      assert.ok((READ_ERROR_CODES as readonly string[]).includes(r.error.code), `${rel}: unknown error code ${r.error.code}`);
      assert.ok(r.error.message.length > 10, `${rel}: the error has no message a person can act on`);
      return;
    }
    reports++;
    const p = [...checkReport(r.report), ...r.report.flags.filter((f) => f.code !== 'doubtful').map((f) => `flagged ${f.code}: ${f.message}`)];
    if (p.length > 0) problems.set(rel, p);
  });
  assert.ok(reports > files.length * 0.9, `only ${reports} of ${files.length} corpus files were read as reports`);

  const unexpected = [...problems].filter(([rel, p]) => KNOWN[rel] !== p.length);
  const fixed = Object.keys(KNOWN).filter((rel) => !problems.has(rel));
  const detail = unexpected.map(([rel, p]) => `${rel}\n  ${p.join('\n  ')}`).join('\n');
  assert.equal(unexpected.length, 0, `reports that break the consistency rules:\n${detail}`);
  assert.deepEqual(fixed, [], 'known misreads now fixed: remove them from KNOWN');
});
