// Accuracy benchmark: runs `ilacs extract --json` over the real corpus and
// scores its output with the corpus's own scorer, for the whole gold set and
// for each framework family's subset.
//
//   npm run bench:accuracy [-- --corpus DIR] [--out FILE] [--results FILE]
//
// --results scores an existing JSON Lines file instead of running extract.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

function option(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  if (i < 0) return undefined;
  const v = process.argv[i + 1];
  if (!v || v.startsWith('--')) {
    console.error(`${name} needs a value`);
    process.exit(2);
  }
  return v;
}

const corpus = path.resolve(option('--corpus') ?? process.env.ILACS_CORPUS ?? path.join(root, '..', 'shared', 'corpus'));
const reports = path.join(corpus, 'reports');
const scorer = path.join(corpus, 'score.mjs');
const goldFile = path.join(corpus, 'gold', 'judgements.json');
for (const [what, p] of [
  ['reports folder', reports],
  ['scorer', scorer],
  ['gold labels', goldFile],
] as const) {
  if (!fs.existsSync(p)) {
    console.error(`The corpus ${what} is missing: ${p}\nPoint --corpus (or ILACS_CORPUS) at the folder holding reports/, gold/ and score.mjs.`);
    process.exit(2);
  }
}

const out = path.resolve(option('--out') ?? path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'ilacs-accuracy-')), 'results.jsonl'));
const given = option('--results');

async function runExtract(): Promise<{ seconds: number; files: number }> {
  const started = performance.now();
  const sink = fs.createWriteStream(out);
  const child = spawn(process.execPath, [path.join(root, 'src', 'cli', 'main.ts'), 'extract', '--json', reports], { stdio: ['ignore', 'pipe', 'inherit'] });
  child.stdout.pipe(sink);
  const code: number = await new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (c) => resolve(c ?? 1));
  });
  await new Promise<void>((resolve) => sink.end(resolve));
  // Exit 1 only says some files were not reports (the corpus has some on purpose); 2 or more is a failure to run.
  if (code > 1) {
    console.error(`ilacs extract failed (exit ${code})`);
    process.exit(1);
  }
  const files = fs.readFileSync(out, 'utf8').split('\n').filter((l) => l.trim()).length;
  return { seconds: (performance.now() - started) / 1000, files };
}

function score(label: string, results: string, only: string[] | null, quiet: boolean): void {
  const args = [scorer, results];
  if (only) {
    const list = path.join(path.dirname(out), `only-${label.replace(/\W+/g, '-')}.txt`);
    fs.writeFileSync(list, only.join('\n') + '\n');
    args.push('--only', list);
  }
  if (quiet) args.push('--quiet');
  const r = spawnSync(process.execPath, args, { encoding: 'utf8' });
  console.log(`\n== ${label}`);
  process.stdout.write(r.stdout);
  if (r.status !== 0) {
    process.stderr.write(r.stderr);
    process.exit(1);
  }
}

let results = out;
if (given) {
  results = path.resolve(given);
  console.log(`Scoring ${results}`);
} else {
  console.log(`Running ilacs extract --json over ${reports} …`);
  const { seconds, files } = await runExtract();
  console.log(`${files} files read in ${seconds.toFixed(1)} s; results in ${out}`);
}

// The subsets are drawn from the gold labels' framework field: measuring only.
const gold = JSON.parse(fs.readFileSync(goldFile, 'utf8')) as { path: string; framework?: string }[];
const family = (fw: string | undefined) => (fw && fw.startsWith('ILACS') ? 'ILACS' : (fw ?? 'not a report'));
const families = [...new Set(gold.map((g) => family(g.framework)))].sort();
score('all gold-labelled files', results, null, false);
for (const f of families) score(`${f} subset`, results, gold.filter((g) => family(g.framework) === f).map((g) => g.path), true);

// Every file of the run, labelled or not: how many were read completely,
// partly (with the reader's flags: what is missing and where it looked) or not at all.
const outcome = { complete: 0, partly: 0, notRead: 0 };
const partly: string[] = [];
const notRead: string[] = [];
for (const line of fs.readFileSync(results, 'utf8').split('\n')) {
  if (!line.trim()) continue;
  const r = JSON.parse(line) as { file: string; ok: boolean; report?: { flags?: { code: string; message: string }[] }; error?: { code: string; message: string } };
  const rel = path.relative(reports, r.file);
  if (!r.ok) {
    outcome.notRead++;
    notRead.push(`  ${rel}: ${r.error?.code}: ${r.error?.message}`);
  } else if ((r.report?.flags ?? []).length > 0) {
    outcome.partly++;
    partly.push(`  ${rel}`, ...r.report!.flags!.map((f) => `    - ${f.code}: ${f.message}`));
  } else outcome.complete++;
}
console.log(`\n== every file (${outcome.complete + outcome.partly + outcome.notRead})`);
console.log(`read completely ${outcome.complete}, partly read (flagged) ${outcome.partly}, not read ${outcome.notRead}`);
if (partly.length > 0) console.log(`partly read:\n${partly.join('\n')}`);
if (notRead.length > 0) console.log(`not read:\n${notRead.join('\n')}`);
