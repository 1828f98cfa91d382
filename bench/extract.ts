// Speed benchmark: `ilacs extract --json` over the whole corpus, next to
// poppler's pdftotext over the same files in the same run (one process per
// file, one after another, as a person would run it). The machine is shared
// and noisy, so only the ratio of the two is meaningful.
//
// Usage: npm run bench:extract [-- [--workers N] [folder]]
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { expandInputs } from '../src/cli/commands/extract.ts';

const GOAL = 0.5;
const root = fileURLToPath(new URL('..', import.meta.url));
const cli = fileURLToPath(new URL('../src/cli/main.ts', import.meta.url));

const { values, positionals } = parseArgs({ options: { workers: { type: 'string' } }, allowPositionals: true });
const folder = positionals[0] ?? fileURLToPath(new URL('../../shared/corpus/reports', import.meta.url));
if (!existsSync(folder)) {
  process.stderr.write(`bench:extract: the corpus folder ${folder} is not here; pass a folder of PDFs as an argument\n`);
  process.exit(2);
}

function run(cmd: string, args: string[], onStdout?: (chunk: Buffer) => void): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd: root, stdio: ['ignore', onStdout ? 'pipe' : 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr!.on('data', (d: Buffer) => {
      if (stderr.length < 10_000) stderr += d.toString();
    });
    if (onStdout) child.stdout!.on('data', onStdout);
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stderr }));
  });
}

/**
 * CPU seconds used by this process's finished children (Linux, from
 * /proc/self/stat: cutime + cstime), or null elsewhere. Less sensitive to
 * other load on a shared machine than wall-clock time.
 */
function childCpuSeconds(): number | null {
  try {
    const stat = readFileSync('/proc/self/stat', 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[13]) + Number(fields[14])) / 100;
  } catch {
    return null;
  }
}

const cpu = (before: number | null, after: number | null): string => (before === null || after === null ? '' : `, ${(after - before).toFixed(1)} s CPU`);

const files = await expandInputs([folder], () => {});
process.stdout.write(`bench:extract: ${files.length} PDFs in ${folder}\n`);

// The reader, as a user runs it: the CLI, all files, JSON Lines out.
let lines = 0;
let okLines = 0;
let partial = '';
const c0 = childCpuSeconds();
const t0 = performance.now();
const reader = await run(process.execPath, [cli, 'extract', '--json', ...(values.workers ? ['--workers', values.workers] : []), folder], (chunk) => {
  const text = partial + chunk.toString('utf8');
  const parts = text.split('\n');
  partial = parts.pop()!;
  for (const line of parts) {
    lines++;
    if (line.startsWith('{"file"') && line.includes('"ok":true')) okLines++;
  }
});
const readerSeconds = (performance.now() - t0) / 1000;
const c1 = childCpuSeconds();
if (lines !== files.length || (reader.code !== 0 && reader.code !== 1)) {
  process.stderr.write(`bench:extract: extract printed ${lines} lines for ${files.length} files (exit ${reader.code})\n${reader.stderr}`);
  process.exit(1);
}

const readerLine = `reader    (ilacs extract --json): ${readerSeconds.toFixed(1)} s${cpu(c0, c1)}; ${okLines} reports, ${files.length - okLines} errors`;
process.stdout.write(`${readerLine}\n`);

// The reference: pdftotext, one file at a time.
let pdftotextFailed = 0;
const t1 = performance.now();
for (const file of files) {
  let r;
  try {
    r = await run('pdftotext', ['-q', file, '-'], () => {});
  } catch (err) {
    process.stderr.write(`bench:extract: could not run pdftotext (${(err as Error).message}); install poppler-utils\n`);
    process.exit(2);
  }
  if (r.code !== 0) pdftotextFailed++;
}
const popplerSeconds = (performance.now() - t1) / 1000;
const c2 = childCpuSeconds();

const ratio = readerSeconds / popplerSeconds;
process.stdout.write(
  [
    `pdftotext (sequential, poppler):  ${popplerSeconds.toFixed(1)} s${cpu(c1, c2)}; ${files.length - pdftotextFailed} converted, ${pdftotextFailed} failed`,
    `ratio reader/pdftotext: ${ratio.toFixed(2)} (goal: at most ${GOAL.toFixed(2)}) ${ratio <= GOAL ? 'met' : 'NOT met'}`,
    '',
  ].join('\n'),
);
