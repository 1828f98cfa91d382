// ilacs serve: the web service (also `npm start`).
import path from 'node:path';
import { openStore } from '../../store/index.ts';
import { buildServer } from '../../web/index.ts';
import { dataDir } from '../../config.ts';
import { checkPublicUrl, parseAllowedHosts } from '../../web/links.ts';
import { parseDuration, resolveSyncConfig, startSyncScheduler } from '../../sync/index.ts';
import { UsageError, type Command } from '../command.ts';
import { databaseOption, databaseUrl } from './database-option.ts';

function portOf(value: unknown): number {
  const raw = typeof value === 'string' ? value : (process.env.PORT ?? '3000');
  const port = Number(raw);
  if (!/^\d+$/.test(raw) || port < 0 || port > 65535) throw new UsageError(`the port must be a number from 0 to 65535, not "${raw}"`);
  return port;
}

export const serveCommand: Command = {
  name: 'serve',
  summary: 'Run the web service: pages, JSON API, downloads and feeds',
  usage: '[--database URL] [--port N] [--host ADDRESS] [--sync-every DURATION]',
  description: 'Serves the record on http://HOST:PORT (PORT defaults to $PORT, else 3000; HOST to $HOST, else 127.0.0.1: use --host 0.0.0.0 to accept connections from other machines). Set PUBLIC_URL to the public address used in links in feeds and downloads (else ALLOWED_HOSTS, a comma-separated list of host names whose requests may name themselves; the Host header is never trusted otherwise), and TRUST_PROXY=true (or a list of proxy addresses) behind a reverse proxy so rate limits see the real client.',
  options: {
    database: databaseOption,
    port: { type: 'string', short: 'p', value: 'N', description: 'Port to listen on (default $PORT, else 3000)' },
    host: { type: 'string', value: 'ADDRESS', description: 'Address to listen on (default $HOST, else 127.0.0.1)' },
    quiet: { type: 'boolean', short: 'q', description: 'Do not log each request' },
    'sync-every': { type: 'string', value: 'DURATION', description: 'Also sync from Ofsted on this schedule, e.g. 24h (settings from ILACS_SYNC_* variables; see ilacs sync --help)' },
  },
  async run(ctx) {
    const port = portOf(ctx.values.port);
    const host = typeof ctx.values.host === 'string' ? ctx.values.host : (process.env.HOST ?? '127.0.0.1');
    const syncEvery = typeof ctx.values['sync-every'] === 'string' ? parseDuration(ctx.values['sync-every'], 'the sync period (--sync-every)') : null;
    if (syncEvery !== null && syncEvery < 60_000) throw new UsageError('--sync-every must be at least 1m; a daily sync (24h) is plenty for Ofsted\'s publishing rate');
    const syncConfig = syncEvery !== null ? resolveSyncConfig({}, process.env, dataDir()) : null;
    const publicUrl = process.env.PUBLIC_URL?.trim();
    const links = { ...(publicUrl ? { publicUrl: checkPublicUrl(publicUrl) } : {}), allowedHosts: parseAllowedHosts(process.env.ALLOWED_HOSTS) };
    // Serving only reads; with --sync-every it writes too, so it may create the database.
    const store = await openStore(databaseUrl(ctx.values), { access: syncEvery === null ? 'read' : 'write' });
    if (store.snapshotImport) ctx.stderr.write(`Loaded the shipped snapshot into ${store.config.display}.\n`);
    const trustProxy = process.env.TRUST_PROXY?.trim();
    // Published reports enter the record: their PDFs go to sync's archive folder and are served at /published/<sha256>.pdf.
    const publication = {
      archiveDir: syncConfig?.archiveDir ?? path.resolve(process.env.ILACS_ARCHIVE_DIR?.trim() || path.join(dataDir(), 'archive')),
      save: store.saveReport.bind(store),
      baseUrl: publicUrl ? checkPublicUrl(publicUrl) : `http://localhost:${port}`,
    };
    const app = await buildServer({ store, workflow: { record: store.workflow, publication }, logger: ctx.values.quiet ? false : { level: 'info' }, ...links, ...(trustProxy ? { trustProxy: trustProxy === 'true' || trustProxy === '1' ? true : trustProxy } : {}) });
    let closing = false;
    let scheduler: { stop(): Promise<void> } | null = null;
    const stop = async (): Promise<void> => {
      if (closing) return;
      closing = true;
      await scheduler?.stop();
      await app.close();
      await store.close();
    };
    const done = new Promise<number>((resolve) => {
      const onSignal = (): void => {
        void stop().then(() => resolve(0));
      };
      process.once('SIGINT', onSignal);
      process.once('SIGTERM', onSignal);
    });
    try {
      await app.listen({ port, host });
    } catch (err) {
      await stop();
      const e = err as NodeJS.ErrnoException;
      if (e.code === 'EADDRINUSE') throw Object.assign(new Error(e.message), { userMessage: `port ${port} is already in use: choose another with --port or PORT.` });
      if (e.code === 'EACCES') throw Object.assign(new Error(e.message), { userMessage: `not allowed to listen on port ${port}: choose a port above 1023.` });
      throw err;
    }
    const address = app.server.address();
    const shown = typeof address === 'object' && address ? `http://${address.family === 'IPv6' ? `[${address.address}]` : address.address}:${address.port}` : String(address);
    ctx.stderr.write(`ilacs: serving ${store.config.display} on ${shown}\n`);
    if (!publicUrl && !/^(127\.|::1$|localhost$)/.test(host)) {
      ctx.stderr.write(`ilacs: PUBLIC_URL is not set, so links in feeds and downloads name http://localhost:${typeof address === 'object' && address ? address.port : port} (a request's Host header is never copied into them): set PUBLIC_URL to the public address, or ALLOWED_HOSTS to the host names this server answers to.\n`);
    }
    // Render the national page now, so the first visitor does not wait for the record to load.
    void app.inject('/').catch(() => {});
    // Start the search workers now too, so the first searches do not wait for them (nor a burst for their start-up).
    void store.search('children').catch(() => {});
    if (syncEvery !== null && syncConfig) {
      const archiveDir = syncConfig.archiveDir;
      scheduler = startSyncScheduler({
        store,
        every: syncEvery,
        config: syncConfig,
        log: (line) => ctx.stderr.write(`ilacs sync: ${line}\n`),
        // A newer reader than the one that read stored reports: read them again (ilacs reread).
        afterRun: async () => {
          const { rereadIfDue } = await import('../../ingest/index.ts');
          const s = await rereadIfDue(store, { archiveDir });
          if (s) ctx.stderr.write(`ilacs reread: reader version ${s.readerVersion}: ${s.reread} read again, ${s.changed} changed, ${s.unchanged} unchanged, ${s.missingPdf} without a PDF, ${s.failed} failed\n`);
        },
      });
      ctx.stderr.write(`ilacs: syncing from ${syncConfig.siteUrl} every ${ctx.values['sync-every']}\n`);
    }
    return done;
  },
};
