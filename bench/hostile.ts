// Hostile-input benchmark: `ilacs extract --json` over a folder of
// generated hostile PDFs (one of each class in test/fixtures/hostile-pdf.ts:
// compression bombs nested and flat, deep nesting, cyclic and huge page
// trees, self-recursive forms and fonts, cross-reference loops, a heavy
// content stream drawn by every page) and, with them, real reports from the
// corpus when it is present. Prints each file's outcome and how long it
// took, and the peak resident memory of the whole run: extract and all its
// reader processes, summed, sampled from /proc every 20 ms.
//
// Goal: peak under 1.5 GB with both cores busy (two reader processes), and
// every file answered within its time limit (30 s of processor time, with
// twice that in wall-clock time as the backstop).
//
// Usage: npm run bench:hostile [-- [--workers N] [--real N] [--keep DIR]]
//   --real N   how many corpus reports to add to the batch (default 2)
//   --keep DIR write the generated files to DIR and leave them there
import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { hostileFiles } from '../test/fixtures/hostile-pdf.ts';
import { expandInputs } from '../src/cli/commands/extract.ts';

const GOAL_BYTES = 1.5 * 1024 ** 3;
const TIME_LIMIT_S = 30;
const cli = fileURLToPath(new URL('../src/cli/main.ts', import.meta.url));
const corpus = fileURLToPath(new URL('../../shared/corpus/reports', import.meta.url));

const { values } = parseArgs({ options: { workers: { type: 'string' }, real: { type: 'string' }, keep: { type: 'string' } } });
const workers = values.workers ?? '2';
const realCount = Math.max(0, Math.floor(Number(values.real ?? 2)) || 0);

if (!existsSync('/proc/self/status')) {
  process.stderr.write('bench:hostile: needs Linux (/proc) to measure memory and to bound the reader processes\n');
  process.exit(2);
}

const dir = values.keep ?? mkdtempSync(join(tmpdir(), 'ilacs-hostile-'));
mkdirSync(dir, { recursive: true });
const kinds = new Map<string, string>();
for (const f of hostileFiles('full')) {
  writeFileSync(join(dir, f.name), f.bytes);
  kinds.set(f.name, `${f.kind}, ${f.bytes.length.toLocaleString('en-GB')} bytes`);
}
if (realCount > 0 && existsSync(corpus)) {
  const real = (await expandInputs([corpus], () => {})).slice(0, realCount);
  for (const [i, file] of real.entries()) {
    const name = `real-${i + 1}.pdf`;
    copyFileSync(file, join(dir, name));
    kinds.set(name, `a real report (${basename(file)})`);
  }
}
const files = readdirSync(dir).filter((f) => f.endsWith('.pdf')).sort();
process.stdout.write(`bench:hostile: ${files.length} files in ${dir}, ${workers} reader processes\n`);

/** Resident memory (bytes) of a process and all its descendants. */
function treeRss(root: number): number {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'latin1');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      const list = children.get(ppid) ?? [];
      list.push(Number(entry));
      children.set(ppid, list);
    } catch {
      // gone already
    }
  }
  let total = 0;
  const stack = [root];
  while (stack.length > 0) {
    const pid = stack.pop()!;
    try {
      total += Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'latin1'))?.[1] ?? 0) * 1024;
    } catch {
      // gone already
    }
    stack.push(...(children.get(pid) ?? []));
  }
  return total;
}

const started = performance.now();
const answered = new Map<string, number>();
let peak = 0;
let peakAt = 0;
const child = spawn(process.execPath, [cli, 'extract', '--json', '--workers', workers, dir], { stdio: ['ignore', 'pipe', 'pipe'] });
const sampler = setInterval(() => {
  const rss = treeRss(child.pid!);
  if (rss > peak) {
    peak = rss;
    peakAt = (performance.now() - started) / 1000;
  }
}, 20);
let partial = '';
const lines: { file: string; ok: boolean; error?: { code: string; message: string }; report?: { framework: string } }[] = [];
child.stdout.setEncoding('utf8');
child.stdout.on('data', (chunk: string) => {
  const parts = (partial + chunk).split('\n');
  partial = parts.pop()!;
  for (const line of parts) {
    if (!line.trim()) continue;
    const parsed = JSON.parse(line) as (typeof lines)[number];
    lines.push(parsed);
    answered.set(basename(parsed.file), (performance.now() - started) / 1000);
  }
});
let stderr = '';
child.stderr.setEncoding('utf8');
child.stderr.on('data', (d: string) => {
  if (stderr.length < 10_000) stderr += d;
});
const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
clearInterval(sampler);
const wall = (performance.now() - started) / 1000;

let allAnswered = true;
for (const name of files) {
  const r = lines.find((l) => basename(l.file) === name);
  const at = answered.get(name);
  if (!r) allAnswered = false;
  const what = !r ? 'NO ANSWER' : r.ok ? `read: ${r.report?.framework}` : `${r.error?.code}: ${r.error?.message}`;
  process.stdout.write(`${name}\n  ${kinds.get(name) ?? ''}\n  -> ${what}${at !== undefined ? ` (printed at ${at.toFixed(1)} s)` : ''}\n`);
}
// Every answer is the reader's within the file's limits (a file that ran
// out of time is answered too_complex at its limit), so an answer for every
// file, with the run's time no more than the limits allow, is the check.
const withinLimits = allAnswered && wall < files.length * TIME_LIMIT_S * 2;
const mb = (n: number): string => `${(n / 1024 / 1024).toFixed(0)} MB`;
process.stdout.write(
  [
    `extract exited ${code} after ${wall.toFixed(1)} s; ${lines.length} of ${files.length} files answered`,
    `peak resident memory of the whole run (extract and its reader processes, summed): ${mb(peak)} at ${peakAt.toFixed(1)} s (goal: under ${mb(GOAL_BYTES)}: ${peak < GOAL_BYTES ? 'met' : 'NOT met'})`,
    `every file answered within its time limit (${TIME_LIMIT_S} s of processor time, ${TIME_LIMIT_S * 2} s wall-clock): ${withinLimits ? 'yes' : 'NO'}`,
    '',
  ].join('\n'),
);
if (!allAnswered && stderr) process.stderr.write(stderr);
if (!values.keep) rmSync(dir, { recursive: true, force: true });
process.exit(allAnswered && peak < GOAL_BYTES ? 0 : 1);
