// Builds the shipped snapshot (data-snapshot/ilacs-snapshot.jsonl.gz) from
// the corpus with the project's own reader: ingest every PDF into a
// throwaway SQLite database, then export its facts.
//   npm run build:snapshot [-- <corpus folder> [<output file>]]
// The corpus folder defaults to ../shared/corpus (its reports/ and index.csv).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ingest, poolReader, progressBar } from '../src/ingest/index.ts';
import { exportSnapshot, openStore, SHIPPED_SNAPSHOT } from '../src/store/index.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const corpus = path.resolve(process.argv[2] ?? path.join(root, '../shared/corpus'));
const out = path.resolve(process.argv[3] ?? SHIPPED_SNAPSHOT);
const reports = fs.existsSync(path.join(corpus, 'reports')) ? path.join(corpus, 'reports') : corpus;
if (!fs.existsSync(reports)) {
  process.stderr.write(`build-snapshot: ${corpus} not found; give the corpus folder as the first argument\n`);
  process.exit(2);
}

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ilacs-snapshot-'));
const started = performance.now();
const store = await openStore(`sqlite:${path.join(tmp, 'build.db')}`);
const reader = poolReader();
const bar = process.stderr.isTTY ? progressBar(process.stderr) : null;
try {
  const summary = await ingest(store, [reports], { reader, ...(bar ? { onProgress: (p) => bar.update(p) } : {}) });
  bar?.done();
  const header = await exportSnapshot(store.db, out, {
    source: `ilacs reader over the ${summary.seen} files of ../shared/corpus/reports (${summary.added} reports read, ${summary.failed.length} files not reports or unreadable); source addresses and listing dates from its index.csv`,
  });
  const size = fs.statSync(out).size;
  process.stdout.write(
    `Wrote ${path.relative(process.cwd(), out)}: ${header.counts.reports} reports, ${header.counts.authorities} authorities, ${(size / 1024).toFixed(0)} KiB, built ${header.builtAt} in ${((performance.now() - started) / 1000).toFixed(1)} s\n`,
  );
  for (const f of summary.failed) process.stdout.write(`  not included: ${path.relative(reports, f.file.startsWith('/') ? f.file : path.resolve(f.file))}: ${f.code}\n`);
} finally {
  bar?.done();
  await reader.close();
  await store.close();
  fs.rmSync(tmp, { recursive: true, force: true });
}
