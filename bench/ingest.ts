// Ingest speed: the whole corpus into a new SQLite database, then the same
// files again (all unchanged), next to extract-only over the same files in
// the same run (the reader's own cost), since these machines are noisy.
// Goals: first ingest ≤ 60 s, unchanged re-run ≤ 5 s on 2 cores.
//   npm run bench:ingest [-- <folder of PDFs>]
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const corpus = path.resolve(process.argv[2] ?? path.join(root, '../shared/corpus/reports'));
if (!fs.existsSync(corpus)) {
  process.stderr.write(`bench:ingest: ${corpus} not found; give a folder of PDFs as the first argument\n`);
  process.exit(2);
}
const cli = path.join(root, 'src/cli/main.ts');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ilacs-bench-ingest-'));
const database = `sqlite:${path.join(tmp, 'bench.db')}`;

function timed(label: string, args: string[]): { seconds: number; stdout: string } {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', maxBuffer: 1 << 28, env: { ...process.env, DATABASE_URL: '' } });
  const seconds = (performance.now() - t0) / 1000;
  if (r.status !== 0 && r.status !== 1) {
    process.stderr.write(`${label} failed (exit ${r.status}):\n${r.stderr}\n`);
    process.exit(1);
  }
  return { seconds, stdout: r.stdout };
}

try {
  const files = fs.readdirSync(corpus, { recursive: true }).filter((f) => /\.pdf$/i.test(String(f))).length;
  process.stdout.write(`Corpus: ${corpus} (${files} files), ${os.availableParallelism()} cores\n`);
  const extract = timed('extract', ['extract', '--json', corpus]);
  const first = timed('ingest', ['ingest', '--json', '--database', database, corpus]);
  const second = timed('ingest (unchanged)', ['ingest', '--json', '--database', database, corpus]);
  const s1 = JSON.parse(first.stdout) as { seen: number; added: number; unchanged: number; failed: unknown[] };
  const s2 = JSON.parse(second.stdout) as { seen: number; added: number; unchanged: number; failed: unknown[] };
  const row = (label: string, seconds: number, goal: number | null, note: string): string =>
    `${label.padEnd(26)} ${seconds.toFixed(2).padStart(7)} s   ${(seconds / extract.seconds).toFixed(2).padStart(5)} × extract   ${goal === null ? '          ' : `goal ≤ ${String(goal).padStart(2)} s ${seconds <= goal ? 'met ' : 'MISSED'}`}  ${note}`;
  process.stdout.write(
    [
      row('extract only (reader)', extract.seconds, null, ''),
      row('ingest, new database', first.seconds, 60, `${s1.added} added, ${s1.failed.length} failed`),
      row('ingest again, unchanged', second.seconds, 5, `${s2.unchanged} unchanged, ${s2.added} added, ${s2.failed.length} failed`),
      `database size: ${(fs.statSync(path.join(tmp, 'bench.db')).size / 1048576).toFixed(1)} MiB`,
      '',
    ].join('\n'),
  );
} finally {
  fs.rmSync(tmp, { recursive: true, force: true });
}
