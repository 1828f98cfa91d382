// Web speed: the server in its own process on loopback with the shipped data,
// loaded with wrk when it is installed (Debian package wrk: a C load generator
// that leaves the server most of the CPU), else autocannon, at 64 connections,
// for every kind of page (home, national figures, journeys, topics, the
// authority list, an authority page, a report, searches, compare), next to
// the reference: nginx (Debian package nginx, one worker process) serving the
// authority page's exact bytes as a static file, in the same run.
// Goals: p99 < 25 ms for every page; authority page ≥ 1/3 of nginx's
// requests per second.
//   npm run bench:web [-- --database URL] [-- --seconds N] [-- --tool wrk|autocannon]
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { values } = parseArgs({
  options: {
    serve: { type: 'boolean' },
    database: { type: 'string' },
    static: { type: 'string' },
    seconds: { type: 'string', default: '10' },
    connections: { type: 'string', default: '64' },
    tool: { type: 'string' },
  },
});

if (values.serve) {
  // Child: the server alone in this process.
  const { openStore } = await import('../src/store/index.ts');
  const { buildServer } = await import('../src/web/index.ts');
  const store = await openStore(values.database);
  // As deployed behind a proxy: the search targets' load comes from many client addresses (X-Forwarded-For), as real searches do, so the per-client search limits do not turn the measurement into 429s.
  const app = await buildServer({ store, trustProxy: true, extraStatic: { root: values.static ?? os.tmpdir(), prefix: '/bench-static/' } });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const addr = app.server.address();
  process.stdout.write(JSON.stringify({ port: typeof addr === 'object' && addr ? addr.port : 0 }) + '\n');
  process.on('SIGTERM', () => {
    void app.close().then(() => store.close()).then(() => process.exit(0));
  });
} else {
  await runBench().catch((err: unknown) => {
    process.stderr.write(`bench:web: ${(err as Error).message}\n`);
    process.exitCode = 1;
  });
}

interface AutocannonResult {
  requests: { average: number; total: number };
  latency: { p99: number; average: number };
  errors: number;
  non2xx: number;
  timeouts: number;
}
type Autocannon = (opts: Record<string, unknown>) => Promise<AutocannonResult>;

interface Load {
  rps: number;
  p99: number;
  bad: number;
}

function hasWrk(): boolean {
  return spawnSync('wrk', ['--version'], { stdio: 'ignore' }).error === undefined;
}

/** wrk prints durations as 812.00us, 12.34ms or 1.20s. */
function wrkMs(v: string, unit: string): number {
  const n = Number(v);
  return unit === 'us' ? n / 1000 : unit === 's' ? n * 1000 : unit === 'm' ? n * 60000 : n;
}

/** A wrk script giving each request a client address of its own (X-Forwarded-For), for the searches (limited per client). */
function manyClientsLua(): string {
  return `request = function()
  wrk.headers["X-Forwarded-For"] = "10." .. math.random(0, 255) .. "." .. math.random(0, 255) .. "." .. math.random(1, 254)
  return wrk.format()
end
`;
}

function runWrk(url: string, connections: number, seconds: number, script?: string): Promise<Load> {
  return new Promise((resolve, reject) => {
    const child = spawn('wrk', ['-t', '1', '-c', String(connections), '-d', `${seconds}s`, '--latency', ...(script ? ['-s', script] : []), url], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.once('error', reject);
    child.once('exit', (code) => {
      const p99 = /^\s*99%\s+([\d.]+)(us|ms|s|m)\s*$/m.exec(out);
      const rps = /Requests\/sec:\s+([\d.]+)/.exec(out);
      if (code !== 0 || !p99 || !rps) return reject(new Error(`wrk failed (exit ${code}): ${out.slice(0, 300)}`));
      const non2xx = /Non-2xx or 3xx responses:\s+(\d+)/.exec(out);
      const sock = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(out);
      const bad = Number(non2xx?.[1] ?? 0) + (sock ? sock.slice(1).reduce((s, x) => s + Number(x), 0) : 0);
      resolve({ rps: Number(rps[1]), p99: Math.round(wrkMs(p99[1]!, p99[2]!) * 10) / 10, bad });
    });
  });
}

async function startServer(database: string, staticDir: string): Promise<{ child: ChildProcess; base: string }> {
  const child = spawn(process.execPath, [fileURLToPath(import.meta.url), '--serve', '--database', database, '--static', staticDir], { stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, DATABASE_URL: '' } });
  const port = await new Promise<number>((resolve, reject) => {
    let buf = '';
    child.stdout?.on('data', (d: Buffer) => {
      buf += d.toString();
      const line = buf.split('\n')[0];
      if (buf.includes('\n') && line) resolve((JSON.parse(line) as { port: number }).port);
    });
    child.once('exit', (code) => reject(new Error(`the server exited (code ${code}) before listening`)));
  });
  return { child, base: `http://127.0.0.1:${port}` };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => resolve(typeof addr === 'object' && addr ? addr.port : 0));
    });
  });
}

function nginxPath(): string {
  return ['/usr/sbin/nginx', '/usr/local/sbin/nginx'].find((p) => fs.existsSync(p)) ?? 'nginx';
}

/** nginx with one worker process serving `root` on loopback: the reference the goal names. Checked by fetching `probe` and comparing its bytes. */
async function startNginx(tmp: string, root: string, probe: { path: string; bytes: Buffer }): Promise<{ child: ChildProcess; base: string }> {
  const NGINX = nginxPath();
  if (spawnSync(NGINX, ['-v'], { stdio: 'ignore' }).error) throw new Error('nginx is not installed (Debian: apt-get install nginx): it serves the reference file');
  let lastError = '';
  for (let attempt = 0; attempt < 5; attempt++) {
    const port = await freePort();
    const dir = path.join(tmp, `nginx-${attempt}`);
    fs.mkdirSync(dir);
    const conf = path.join(dir, 'nginx.conf');
    fs.writeFileSync(
      conf,
      `worker_processes 1;
daemon off;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  sendfile on;
  tcp_nopush on;
  keepalive_requests 1000000;
  default_type text/html;
  client_body_temp_path ${dir}/body;
  proxy_temp_path ${dir}/proxy;
  fastcgi_temp_path ${dir}/fastcgi;
  uwsgi_temp_path ${dir}/uwsgi;
  scgi_temp_path ${dir}/scgi;
  server {
    listen 127.0.0.1:${port};
    root ${root};
  }
}
`,
    );
    const child = spawn(NGINX, ['-e', path.join(dir, 'error.log'), '-p', dir, '-c', conf], { stdio: ['ignore', 'ignore', 'ignore'] });
    const base = `http://127.0.0.1:${port}`;
    for (let i = 0; i < 60 && child.exitCode === null; i++) {
      await new Promise((r) => setTimeout(r, 50));
      try {
        const got = Buffer.from(await (await fetch(base + probe.path)).arrayBuffer());
        // Another program may hold the port: only our nginx sends these exact bytes.
        if (got.equals(probe.bytes) && child.exitCode === null) return { child, base };
      } catch {
        // not listening yet
      }
    }
    if (child.exitCode === null) {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
    }
    lastError = fs.existsSync(path.join(dir, 'error.log')) ? fs.readFileSync(path.join(dir, 'error.log'), 'utf8').slice(-300) : '';
  }
  throw new Error(`nginx did not serve the reference file: ${lastError}`);
}

async function prepareDatabase(tmp: string): Promise<string> {
  if (values.database) return values.database;
  const { SHIPPED_SNAPSHOT, importSnapshot } = await import('../src/store/snapshot.ts');
  if (!fs.existsSync(SHIPPED_SNAPSHOT)) {
    process.stderr.write(`bench:web: the shipped snapshot ${path.relative(root, SHIPPED_SNAPSHOT)} is missing; give a database with --database URL\n`);
    process.exit(2);
  }
  const { openStore } = await import('../src/store/index.ts');
  const url = `sqlite:${path.join(tmp, 'bench.db')}`;
  const store = await openStore(url);
  try {
    await importSnapshot(store.db, SHIPPED_SNAPSHOT);
  } finally {
    await store.close();
  }
  return url;
}

async function runBench(): Promise<void> {
  const require = createRequire(import.meta.url);
  const tool = values.tool ?? (hasWrk() ? 'wrk' : 'autocannon');
  if (tool !== 'wrk' && tool !== 'autocannon') throw new Error(`--tool must be wrk or autocannon, not "${tool}"`);
  if (tool === 'wrk' && !hasWrk()) throw new Error('wrk is not installed (Debian: apt-get install wrk); or use --tool autocannon');
  const load = async (url: string, connections: number, seconds: number, manyClients = false): Promise<Load> => {
    if (tool === 'wrk') return runWrk(url, connections, seconds, manyClients ? manyClientsScript : undefined);
    const autocannon = require('autocannon') as Autocannon;
    const r = await autocannon({ url, connections, duration: seconds });
    return { rps: r.requests.average, p99: r.latency.p99, bad: r.errors + r.non2xx + r.timeouts };
  };
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ilacs-bench-web-'));
  const staticDir = path.join(tmp, 'static');
  fs.mkdirSync(staticDir);
  const manyClientsScript = path.join(tmp, 'many-clients.lua');
  fs.writeFileSync(manyClientsScript, manyClientsLua());
  let child: ChildProcess | null = null;
  let nginx: ChildProcess | null = null;
  try {
    const database = await prepareDatabase(tmp);
    const server = await startServer(database, staticDir);
    child = server.child;
    // Interrupted, the bench must not leave its server behind.
    process.once('SIGINT', () => {
      child?.kill('SIGTERM');
      nginx?.kill('SIGTERM');
      process.exit(130);
    });
    const base = server.base;
    // Pick pages from the data: the authority with the most reports, its newest report.
    const list = (await (await fetch(`${base}/local-authorities.json`)).json()) as { authorities: { authority: { slug: string }; latest: { id: number } | null }[] };
    const health = (await (await fetch(`${base}/healthz`)).json()) as { reports: number };
    if (!health.reports) throw new Error('the database holds no reports');
    let best = { slug: '', count: -1, report: 0 };
    for (const a of list.authorities) {
      if (!a.latest) continue;
      const detail = (await (await fetch(`${base}/local-authorities/${a.authority.slug}.json`)).json()) as { reports: unknown[] };
      if (detail.reports.length > best.count) best = { slug: a.authority.slug, count: detail.reports.length, report: a.latest.id };
    }
    const authorityPath = `/local-authorities/${best.slug}`;
    // The reference: the authority page's exact bytes, served as a static file by nginx with one worker.
    const authorityBytes = Buffer.from(await (await fetch(base + authorityPath)).arrayBuffer());
    fs.writeFileSync(path.join(staticDir, 'authority.html'), authorityBytes);
    // Run as root, nginx's worker is another user: it must be able to read the file.
    for (const p of [tmp, staticDir]) fs.chmodSync(p, 0o755);
    fs.chmodSync(path.join(staticDir, 'authority.html'), 0o644);
    const ref = await startNginx(tmp, staticDir, { path: '/authority.html', bytes: authorityBytes });
    nginx = ref.child;
    const neighbours = ((await (await fetch(`${base}${authorityPath}.json`)).json()) as { neighbours: { authority: { slug: string } }[] }).neighbours.map((n) => n.authority.slug);
    const targets: [string, string][] = [
      ['home page', '/'],
      ['national figures', '/national?date=2025-03-31'],
      ['national today', '/national'],
      ['journeys', '/journeys'],
      ['topics', '/topics'],
      ['topic items', '/topics/items?topic=exploitation&year=2016'],
      ['authority list', '/local-authorities?sort=days'],
      ['authority page', authorityPath],
      ['report page', `/reports/${best.report}`],
      ['search (reports)', '/search?q=homeless'],
      ['search (passages)', '/search?q=homeless&group=passage'],
      ['compare 11', `/compare?${[best.slug, ...neighbours].map((s) => `la=${s}`).join('&')}`],
      ['nginx file', `${ref.base}/authority.html`],
    ];
    const seconds = Number(values.seconds);
    const connections = Number(values.connections);
    if (!(seconds > 0) || !Number.isInteger(connections) || connections < 1) throw new Error('--seconds and --connections must be positive numbers');
    process.stdout.write(`Server: ${base} (own process); reference: nginx, one worker, at ${ref.base}; load from ${tool}, ${os.availableParallelism()} cores (load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')} before the run), ${connections} connections, ${seconds} s per target, database ${database}\n`);
    const rows: { label: string; path: string; bytes: number; rps: number; p99: number; bad: number }[] = [];
    for (const [label, p] of targets) {
      const url = p.startsWith('http') ? p : base + p;
      const body = await (await fetch(url)).arrayBuffer();
      // A short warm-up so every target starts from a rendered, cached page.
      const manyClients = label.startsWith('search');
      await load(url, connections, 1, manyClients);
      const r = await load(url, connections, seconds, manyClients);
      rows.push({ label, path: p, bytes: body.byteLength, ...r });
    }
    const pad = (s: string, n: number) => s.padEnd(n);
    const shown = (p: string) => (p.length > 44 ? `${p.slice(0, 41)}...` : p);
    process.stdout.write(`\n${pad('target', 19)}${pad('path', 46)}${pad('bytes', 9)}${pad('req/s', 10)}${pad('p99 ms', 8)}errors\n`);
    for (const r of rows) process.stdout.write(`${pad(r.label, 19)}${pad(shown(r.path.replace(ref.base, 'nginx:')), 46)}${pad(String(r.bytes), 9)}${pad(r.rps.toFixed(0), 10)}${pad(String(r.p99), 8)}${r.bad}\n`);
    const auth = rows.find((r) => r.label === 'authority page');
    const stat = rows.find((r) => r.label === 'nginx file');
    const ratio = auth && stat ? auth.rps / stat.rps : 0;
    const slow = rows.filter((r) => r.label !== 'nginx file' && r.p99 >= 25);
    if (auth && stat && auth.bytes !== stat.bytes) process.stdout.write(`warning: nginx sent ${stat.bytes} bytes, the authority page ${auth.bytes}\n`);
    process.stdout.write(`\nauthority page / nginx serving the same bytes: ${ratio.toFixed(2)} (goal ≥ 0.33) ${ratio >= 1 / 3 ? 'met' : 'NOT met'}\n`);
    process.stdout.write(`p99 under 25 ms for every page: ${slow.length ? `NOT met (${slow.map((r) => `${r.label} ${r.p99} ms`).join(', ')})` : 'met'}\n`);
  } finally {
    if (nginx && nginx.exitCode === null) {
      nginx.kill('SIGTERM');
      await new Promise((r) => nginx?.once('exit', r));
    }
    if (child && child.exitCode === null) {
      child.kill('SIGTERM');
      await new Promise((r) => child?.once('exit', r));
    }
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}
