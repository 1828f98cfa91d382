// Speed benchmark: `ilacs extract --json` over the whole corpus, next to
// poppler's pdftotext over the same files in the same run (one process per
// file, one after another, as a person would run it). The machine is shared
// and noisy, so only the ratio of the two is meaningful; CPU seconds are
// printed too, being less sensitive to other people's load than wall time.
//
// Usage: npm run bench:extract [-- [--workers N] [--rounds N] [folder]]
//   --rounds N  split the files into N slices and time the two tools slice by
//               slice, alternating which goes first, so a change in the
//               machine's load mid-run weighs on both alike (default 1: one
//               extract over everything, then pdftotext over everything).
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { expandInputs } from '../src/cli/commands/extract.ts';

const GOAL = 0.4;
const root = fileURLToPath(new URL('..', import.meta.url));
const cli = fileURLToPath(new URL('../src/cli/main.ts', import.meta.url));

const { values, positionals } = parseArgs({ options: { workers: { type: 'string' }, rounds: { type: 'string' } }, allowPositionals: true });
const folder = positionals[0] ?? fileURLToPath(new URL('../../shared/corpus/reports', import.meta.url));
if (!existsSync(folder)) {
  process.stderr.write(`bench:extract: the corpus folder ${folder} is not here; pass a folder of PDFs as an argument\n`);
  process.exit(2);
}
const rounds = Math.max(1, Math.floor(Number(values.rounds ?? 1)) || 1);

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
 * /proc/self/stat: cutime + cstime), or null elsewhere.
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

interface Timing {
  wall: number;
  cpu: number | null;
}

async function timed(fn: () => Promise<void>): Promise<Timing> {
  const c0 = childCpuSeconds();
  const t0 = performance.now();
  await fn();
  const c1 = childCpuSeconds();
  return { wall: (performance.now() - t0) / 1000, cpu: c0 === null || c1 === null ? null : c1 - c0 };
}

/** The reader, as a user runs it: the CLI, JSON Lines out. Files in one slice: the folder itself when there is one slice. */
async function reader(slice: string[], whole: boolean): Promise<{ ok: number; errors: number }> {
  let lines = 0;
  let ok = 0;
  let partial = '';
  const args = [cli, 'extract', '--json', ...(values.workers ? ['--workers', values.workers] : []), ...(whole ? [folder] : slice)];
  const r = await run(process.execPath, args, (chunk) => {
    const parts = (partial + chunk.toString('utf8')).split('\n');
    partial = parts.pop()!;
    for (const line of parts) {
      lines++;
      if (line.startsWith('{"file"') && line.includes('"ok":true')) ok++;
    }
  });
  if (lines !== slice.length || (r.code !== 0 && r.code !== 1)) {
    process.stderr.write(`bench:extract: extract printed ${lines} lines for ${slice.length} files (exit ${r.code})\n${r.stderr}`);
    process.exit(1);
  }
  return { ok, errors: lines - ok };
}

/** The reference: pdftotext, one process per file, one after another. */
async function pdftotext(slice: string[]): Promise<{ ok: number; failed: number }> {
  let failed = 0;
  for (const file of slice) {
    let r;
    try {
      r = await run('pdftotext', ['-q', file, '-'], () => {});
    } catch (err) {
      process.stderr.write(`bench:extract: could not run pdftotext (${(err as Error).message}); install poppler-utils\n`);
      process.exit(2);
    }
    if (r.code !== 0) failed++;
  }
  return { ok: slice.length - failed, failed };
}

const files = await expandInputs([folder], () => {});
process.stdout.write(`bench:extract: ${files.length} PDFs in ${folder}${rounds > 1 ? `, in ${rounds} alternating slices` : ''}\n`);

const totals = { reader: { wall: 0, cpu: 0 as number | null }, poppler: { wall: 0, cpu: 0 as number | null } };
let readerOk = 0;
let readerErrors = 0;
let popplerOk = 0;
let popplerFailed = 0;
const add = (into: { wall: number; cpu: number | null }, t: Timing): void => {
  into.wall += t.wall;
  into.cpu = into.cpu === null || t.cpu === null ? null : into.cpu + t.cpu;
};
const size = Math.ceil(files.length / rounds);
for (let k = 0; k < rounds; k++) {
  const slice = files.slice(k * size, (k + 1) * size);
  if (slice.length === 0) continue;
  const doReader = async (): Promise<void> => {
    add(
      totals.reader,
      await timed(async () => {
        const r = await reader(slice, rounds === 1);
        readerOk += r.ok;
        readerErrors += r.errors;
      }),
    );
  };
  const doPoppler = async (): Promise<void> => {
    add(
      totals.poppler,
      await timed(async () => {
        const r = await pdftotext(slice);
        popplerOk += r.ok;
        popplerFailed += r.failed;
      }),
    );
  };
  if (k % 2 === 0) {
    await doReader();
    await doPoppler();
  } else {
    await doPoppler();
    await doReader();
  }
  if (rounds > 1) process.stdout.write(`  slice ${k + 1}/${rounds}: reader ${totals.reader.wall.toFixed(1)} s, pdftotext ${totals.poppler.wall.toFixed(1)} s so far\n`);
}

const cpu = (c: number | null): string => (c === null ? '' : `, ${c.toFixed(1)} s CPU`);
const ratio = totals.reader.wall / totals.poppler.wall;
const cpuRatio = totals.reader.cpu !== null && totals.poppler.cpu ? totals.reader.cpu / totals.poppler.cpu : null;
process.stdout.write(
  [
    `reader    (ilacs extract --json): ${totals.reader.wall.toFixed(1)} s${cpu(totals.reader.cpu)}; ${readerOk} reports, ${readerErrors} errors`,
    `pdftotext (sequential, poppler):  ${totals.poppler.wall.toFixed(1)} s${cpu(totals.poppler.cpu)}; ${popplerOk} converted, ${popplerFailed} failed`,
    `ratio reader/pdftotext: ${ratio.toFixed(2)} wall-clock (goal: at most ${GOAL.toFixed(2)}: ${ratio <= GOAL ? 'met' : 'NOT met'})${cpuRatio === null ? '' : `, ${cpuRatio.toFixed(2)} in CPU seconds`}`,
    '',
  ].join('\n'),
);
