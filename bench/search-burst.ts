// A search burst must not stall everyone else. The real server (`ilacs
// serve`, its own process) over a database with full text gets 2,000
// distinct HTML searches, 200 at a time, while /healthz and a council page
// are probed every 250 ms on connections (and a thread) of their own. Run twice: from one
// client address (its per-client limits apply), and from 200 addresses
// (through X-Forwarded-For, TRUST_PROXY=true) so every search is run.
// The reference, measured in the same run: the same probes with no burst.
// Goals: the probes' p95 under 300 ms and worst under 2 s, no 5xx.
//   npm run bench:search-burst [-- --database URL] [-- --searches N] [-- --concurrency N]
// Without --database, the corpus (../shared/corpus/reports) is ingested into a temporary database first.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const cli = path.join(root, 'src/cli/main.ts');
const { values } = parseArgs({
  options: {
    database: { type: 'string' },
    corpus: { type: 'string', default: path.join(root, '../shared/corpus/reports') },
    searches: { type: 'string', default: '2000' },
    concurrency: { type: 'string', default: '200' },
    'probe-ms': { type: 'string', default: '250' },
  },
});

// Words from the reports, paired to make distinct searches that find real text.
const WORDS = [
  'children', 'care', 'leavers', 'homeless', 'exploitation', 'missing', 'adoption', 'fostering', 'placement', 'assessment',
  'supervision', 'social', 'workers', 'caseloads', 'leaders', 'partnership', 'safeguarding', 'neglect', 'domestic', 'abuse',
  'strategy', 'meetings', 'plans', 'reviews', 'independent', 'visiting', 'advocacy', 'health', 'education', 'school',
  'attendance', 'disabled', 'court', 'proceedings', 'permanence', 'stability', 'housing', 'employment', 'training', 'apprenticeships',
  'personal', 'advisers', 'pathway', 'early', 'help', 'front', 'door', 'thresholds', 'referrals', 'police',
  'youth', 'offending', 'gangs', 'county', 'lines', 'trafficking', 'asylum', 'unaccompanied', 'sufficiency', 'residential',
  'kinship', 'connected', 'carers', 'recruitment', 'retention', 'agency', 'audits', 'quality', 'management', 'oversight',
];

function queries(n: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < WORDS.length && out.length < n; i++) {
    for (let j = i + 1; j < WORDS.length && out.length < n; j++) out.push(`${WORDS[i]} ${WORDS[j]}`);
  }
  // More than the pairs: later pages of the same searches are distinct addresses too.
  for (let page = 2; out.length < n; page++) out.push(...out.slice(0, n - out.length).map((q) => `${q.split('&')[0]}&page=${page}`));
  return out.slice(0, n);
}

interface Sample {
  ms: number;
  status: number;
}

function get(agent: http.Agent, base: string, pathAndQuery: string, headers: Record<string, string> = {}): Promise<Sample> {
  const started = performance.now();
  return new Promise((resolve) => {
    const req = http.get(`${base}${pathAndQuery}`, { agent, headers }, (res) => {
      res.resume();
      res.on('end', () => resolve({ ms: performance.now() - started, status: res.statusCode ?? 0 }));
      res.on('error', () => resolve({ ms: performance.now() - started, status: 0 }));
    });
    req.setTimeout(120_000, () => req.destroy(new Error('timeout')));
    req.on('error', () => resolve({ ms: performance.now() - started, status: 0 }));
  });
}

function pct(samples: Sample[], p: number): number {
  const sorted = samples.map((s) => s.ms).sort((a, b) => a - b);
  if (!sorted.length) return 0;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

const ms = (v: number): string => (v >= 1000 ? `${(v / 1000).toFixed(2)} s` : `${v.toFixed(0)} ms`);

interface ProbeJob {
  base: string;
  paths: string[];
  probeMs: number;
}

/**
 * Probes every probeMs until stopped, never waiting for the previous one.
 * They run in a worker thread of their own: on this thread, answers to the
 * burst would queue in front of the probes' answers and count as the
 * server's delay.
 */
function probe(base: string, paths: string[], probeMs: number): { stop(): Promise<Map<string, Sample[]>> } {
  const worker = new Worker(new URL(import.meta.url), { workerData: { base, paths, probeMs } satisfies ProbeJob, argv: [] });
  return {
    stop: () =>
      new Promise((resolve, reject) => {
        worker.once('message', (results: [string, Sample[]][]) => {
          void worker.terminate();
          resolve(new Map(results));
        });
        worker.once('error', reject);
        worker.postMessage('stop');
      }),
  };
}

function runProbes(job: ProbeJob): void {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 16 });
  const results = new Map(job.paths.map((p) => [p, [] as Sample[]]));
  const pending: Promise<void>[] = [];
  const timer = setInterval(() => {
    for (const p of job.paths) pending.push(get(agent, job.base, p).then((s) => void results.get(p)!.push(s)));
  }, job.probeMs);
  parentPort!.once('message', () => {
    clearInterval(timer);
    void Promise.all(pending).then(() => {
      agent.destroy();
      parentPort!.postMessage([...results]);
    });
  });
}

async function burst(base: string, list: string[], concurrency: number, clients: number): Promise<{ samples: Sample[]; seconds: number }> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
  const samples: Sample[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async (_, lane) => {
      for (;;) {
        const i = next++;
        if (i >= list.length) return;
        const headers: Record<string, string> = clients > 1 ? { 'x-forwarded-for': `10.1.${Math.floor((lane % clients) / 250)}.${(lane % clients) % 250 + 1}` } : {};
        samples.push(await get(agent, base, `/search?q=${list[i]!.replace(/ /g, '+')}`, headers));
      }
    }),
  );
  agent.destroy();
  return { samples, seconds: (performance.now() - started) / 1000 };
}

async function startServer(database: string): Promise<{ child: ChildProcess; base: string }> {
  const child = spawn(process.execPath, [cli, 'serve', '--quiet', '--port', '0', '--database', database], {
    stdio: ['ignore', 'ignore', 'pipe'],
    env: { ...process.env, DATABASE_URL: '', TRUST_PROXY: 'true', PUBLIC_URL: 'http://127.0.0.1' },
  });
  const base = await new Promise<string>((resolve, reject) => {
    let buf = '';
    child.stderr?.on('data', (d: Buffer) => {
      buf += d.toString();
      const m = / on (http:\/\/[^\s]+)/.exec(buf);
      if (m) resolve(m[1]!);
    });
    child.once('exit', (code) => reject(new Error(`the server exited (code ${code}) before listening: ${buf.slice(0, 500)}`)));
  });
  return { child, base };
}

async function ingestCorpus(tmp: string): Promise<string> {
  if (!fs.existsSync(values.corpus!)) throw new Error(`no database given and no corpus at ${values.corpus}: give --database URL (one with full text)`);
  const url = `sqlite:${path.join(tmp, 'burst.db')}`;
  process.stdout.write(`Ingesting ${values.corpus} into ${url} (full text for search)…\n`);
  const r = spawn(process.execPath, [cli, 'ingest', '--database', url, values.corpus!], { stdio: ['ignore', 'ignore', 'inherit'], env: { ...process.env, DATABASE_URL: '' } });
  const code = await new Promise<number | null>((resolve) => r.once('exit', resolve));
  if (code !== 0 && code !== 1) throw new Error(`ingest failed (exit ${code})`);
  return url;
}

function summary(label: string, samples: Sample[]): string {
  const fivexx = samples.filter((s) => s.status >= 500 || s.status === 0).length;
  return `${label.padEnd(58)}${String(samples.length).padEnd(8)}${ms(pct(samples, 50)).padEnd(10)}${ms(pct(samples, 95)).padEnd(10)}${ms(pct(samples, 100)).padEnd(10)}${fivexx}`;
}

function statusCounts(samples: Sample[]): string {
  const counts = new Map<number, number>();
  for (const s of samples) counts.set(s.status, (counts.get(s.status) ?? 0) + 1);
  return [...counts].sort((a, b) => a[0] - b[0]).map(([k, v]) => `${k === 0 ? 'failed' : k}: ${v}`).join(', ');
}

async function main(): Promise<void> {
  const n = Number(values.searches);
  const concurrency = Number(values.concurrency);
  const probeMs = Number(values['probe-ms']);
  if (!(n > 0) || !(concurrency > 0) || !(probeMs > 0)) throw new Error('--searches, --concurrency and --probe-ms must be positive numbers');
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ilacs-bench-burst-'));
  let child: ChildProcess | null = null;
  process.once('SIGINT', () => {
    child?.kill('SIGTERM');
    process.exit(130);
  });
  try {
    const database = values.database ?? (await ingestCorpus(tmp));
    const server = await startServer(database);
    child = server.child;
    const { base } = server;
    const health = (await (await fetch(`${base}/healthz`)).json()) as { reports: number };
    const list = (await (await fetch(`${base}/local-authorities.json`)).json()) as { authorities: { authority: { slug: string }; latest: unknown }[] };
    const council = `/local-authorities/${list.authorities.find((a) => a.latest)?.authority.slug ?? 'southend-on-sea'}`;
    const probes = ['/healthz', council];
    for (const p of probes) await fetch(base + p).then((r) => r.text());
    process.stdout.write(`Server: ${base} (ilacs serve, own process), ${os.availableParallelism()} cores, ${health.reports} reports, database ${database}\n`);
    process.stdout.write(`Burst: ${n} distinct searches (/search?q=…), ${concurrency} at a time; probes ${probes.join(' and ')} every ${probeMs} ms\n\n`);

    // Reference: the probes on an idle server.
    const idle = probe(base, probes, probeMs);
    await new Promise((r) => setTimeout(r, 5000));
    const idleResults = await idle.stop();

    const header = `${'probe'.padEnd(58)}${'n'.padEnd(8)}${'p50'.padEnd(10)}${'p95'.padEnd(10)}${'worst'.padEnd(10)}5xx\n`;
    process.stdout.write(header);
    for (const p of probes) process.stdout.write(`${summary(`${p} (idle)`, idleResults.get(p)!)}\n`);
    let allMet = true;
    const runs: [string, number][] = [
      ['one client', 1],
      ['200 clients', concurrency],
    ];
    for (const [label, clients] of runs) {
      // Each run searches words of its own, so neither is served from the other's cache.
      const words = queries(n * runs.length).filter((_, i) => i % runs.length === runs.findIndex((r) => r[0] === label));
      const watch = probe(base, probes, probeMs);
      const b = await burst(base, words, concurrency, clients);
      const results = await watch.stop();
      const all = [...results.values()].flat();
      const p95 = pct(all, 95);
      const worst = pct(all, 100);
      const fivexx = all.filter((s) => s.status >= 500 || s.status === 0).length + b.samples.filter((s) => s.status >= 500 || s.status === 0).length;
      const idleP95 = pct([...idleResults.values()].flat(), 95);
      process.stdout.write(`\n${label}: ${b.samples.length} searches in ${b.seconds.toFixed(1)} s (${statusCounts(b.samples)}); search p50 ${ms(pct(b.samples, 50))}, p95 ${ms(pct(b.samples, 95))}, worst ${ms(pct(b.samples, 100))}\n`);
      for (const p of probes) process.stdout.write(`${summary(`${p} (during burst)`, results.get(p)!)}\n`);
      const met = p95 < 300 && worst < 2000 && fivexx === 0;
      allMet &&= met;
      process.stdout.write(`probes p95 ${ms(p95)} (${(p95 / Math.max(idleP95, 0.1)).toFixed(1)}× idle) < 300 ms, worst ${ms(worst)} < 2 s, 5xx ${fivexx} = 0: ${met ? 'met' : 'NOT met'}\n`);
    }
    process.stdout.write(`\nGoal (both runs): ${allMet ? 'met' : 'NOT met'}\n`);
  } finally {
    if (child && child.exitCode === null) {
      child.kill('SIGTERM');
      await new Promise((r) => child?.once('exit', r));
    }
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

if (isMainThread) {
  await main().catch((err: unknown) => {
    process.stderr.write(`bench:search-burst: ${(err as Error).message}\n`);
    process.exitCode = 1;
  });
} else {
  runProbes(workerData as ProbeJob);
}
