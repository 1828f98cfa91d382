// `ilacs sync`: bring the record up to date from Ofsted's report site.
import type { Command } from '../command.ts';
import { databaseOption, databaseUrl } from './database-option.ts';
import { dataDir } from '../../config.ts';
import { openStore } from '../../store/index.ts';
import { rereadIfDue } from '../../ingest/index.ts';
import { rereadJson } from './reread.ts';
import { DEFAULT_FILES_URL, DEFAULT_SITE_URL, formatSyncStatus, lastSyncStatus, resolveSyncConfig, SyncBusyError, syncOnce, type SyncResult } from '../../sync/index.ts';

/** At most this many names per list in the text summary; --json has them all. */
const LIST_LIMIT = 10;

function capped(items: string[]): string[] {
  return items.length > LIST_LIMIT ? [...items.slice(0, LIST_LIMIT), `  … and ${items.length - LIST_LIMIT} more (--json lists them all)`] : items;
}

function summary(r: SyncResult): string {
  const lines: string[] = [];
  if (r.error) lines.push(`Error: ${r.error}`);
  if (r.dryRun) {
    lines.push(`Dry run: ${r.providers} providers listed, ${r.pagesFetched} pages read; ${r.planned.length} file(s) would be fetched, ${r.filesUnchanged} already stored. Nothing was stored.`);
    for (const p of r.planned) lines.push(`  ${p.url}  ${p.type}, ${p.published ?? 'undated'} (provider ${p.urns.join(', ')})${p.reason === 'failed before' ? ' [failed before]' : ''}`);
  } else {
    lines.push(`Sync run ${r.runId} ${r.outcome}: ${r.providers} providers, ${r.pagesFetched} pages, ${r.requests} requests; files ${r.filesNew} new, ${r.filesUnchanged} unchanged, ${r.filesFailed} failed${r.withdrawn ? `; ${r.withdrawn} publication(s) withdrawn from the listing (kept, marked)` : ''}.`);
  }
  lines.push(...capped(r.failures.map((f) => `  failed: ${f.url}: ${f.code}: ${f.message}`)));
  lines.push(...capped(r.authorities.unlisted.map((a) => `  In Ofsted's listing but not in the reference data: ${a.name} (URN ${a.urn})`)));
  lines.push(...capped(r.authorities.missing.map((a) => `  Reference authority missing from Ofsted's listing: ${a.name} (URN ${a.urn})`)));
  return lines.join('\n') + '\n';
}

function toJson(r: SyncResult) {
  return {
    runId: r.runId,
    dryRun: r.dryRun,
    outcome: r.dryRun ? (r.error ? 'failed' : 'dry_run') : r.outcome,
    providers: r.providers,
    pagesFetched: r.pagesFetched,
    requests: r.requests,
    new: r.filesNew,
    unchanged: r.filesUnchanged,
    failed: r.failures,
    withdrawn: r.withdrawn,
    authorities: r.authorities,
    layoutChanged: r.layoutChanged,
    error: r.error,
    ...(r.dryRun ? { wouldFetch: r.planned } : {}),
  };
}

export const syncCommand: Command = {
  name: 'sync',
  summary: 'Fetch new reports and other publications from Ofsted\'s report site',
  usage: '[--database URL] [--json] [--dry-run | --status] [--contact EMAIL]',
  description: [
    'Walks Ofsted\'s listing of local authority children\'s services, each authority\'s page and',
    'every publication on it, and fetches only files it has not stored: inspection reports go',
    'through the reader into the record; other publications (focused and monitoring visits, JTAI,',
    'area SEND, ...) are kept as searchable documents. Every PDF is archived by its SHA-256.',
    'One request at a time, at least --spacing apart. Exit status: 0 when every page and file',
    'was handled, 1 when anything failed (details printed and recorded), 2 on a usage error.',
    '',
    'Environment: DATABASE_URL, ILACS_SYNC_CONTACT, ILACS_SYNC_SITE_URL, ILACS_SYNC_FILES_URL,',
    'ILACS_ARCHIVE_DIR, ILACS_SYNC_SPACING, ILACS_SYNC_TIMEOUT, ILACS_SYNC_RETRIES.',
  ].join('\n'),
  options: {
    database: databaseOption,
    json: { type: 'boolean', description: 'Print the outcome as one JSON object' },
    'dry-run': { type: 'boolean', description: 'Read the listing and pages, list the files a run would fetch; store nothing' },
    status: { type: 'boolean', description: 'Show the last successful sync and any failure since; fetch nothing' },
    contact: { type: 'string', value: 'EMAIL', description: 'Your e-mail or URL, sent in the User-Agent (required for Ofsted\'s site)' },
    'site-url': { type: 'string', value: 'URL', description: `Report site base address (default ${DEFAULT_SITE_URL})` },
    'files-url': { type: 'string', value: 'URL', description: `File service base address (default ${DEFAULT_FILES_URL})` },
    archive: { type: 'string', value: 'DIR', description: 'Folder of downloaded PDFs, by content hash (default data/archive)' },
    spacing: { type: 'string', value: 'DURATION', description: 'Gap between requests, e.g. 1s, 1500ms (default 1s; at least 1s for Ofsted)' },
    timeout: { type: 'string', value: 'DURATION', description: 'Time limit per request (default 60s)' },
    retries: { type: 'string', value: 'N', description: 'Retries on timeouts, 5xx and 429 (default 4)' },
  },
  async run(ctx) {
    const v = ctx.values;
    const json = v.json === true;
    if (v.status === true && v['dry-run'] === true) {
      ctx.stderr.write('ilacs sync: --status and --dry-run do not go together: --status reads the run history, --dry-run walks the site.\n');
      return 2;
    }
    if (ctx.positionals.length > 0) {
      ctx.stderr.write(`ilacs sync: unexpected argument "${ctx.positionals[0]}"; sync takes options only (see ilacs sync --help).\n`);
      return 2;
    }
    const str = (k: string) => (typeof v[k] === 'string' ? (v[k] as string) : undefined);
    // Configuration is checked before the database is opened, so a mistake costs nothing.
    const config = v.status === true ? null : resolveSyncConfig({ siteUrl: str('site-url'), filesUrl: str('files-url'), archiveDir: str('archive'), contact: str('contact'), spacing: str('spacing'), timeout: str('timeout'), retries: str('retries') }, process.env, dataDir());
    const store = await openStore(databaseUrl(v), { access: v.status === true ? 'read' : 'write' });
    if (store.snapshotImport && !json) ctx.stderr.write(`Loaded the shipped snapshot into ${store.config.display}.\n`);
    try {
      if (!config) {
        const status = await lastSyncStatus(store);
        ctx.stdout.write(json ? JSON.stringify(status) + '\n' : formatSyncStatus(status));
        return status.problemsSince.some((r) => r.outcome === 'failed') || status.failingFiles.length > 0 ? 1 : 0;
      }
      let result: SyncResult;
      try {
        result = await syncOnce({ store, config, dryRun: v['dry-run'] === true, trigger: 'cli', log: json ? undefined : (line) => ctx.stderr.write(`${line}\n`) });
      } catch (err) {
        if (err instanceof SyncBusyError) {
          if (json) ctx.stdout.write(JSON.stringify({ outcome: 'busy', error: err.message }) + '\n');
          else ctx.stderr.write(`ilacs sync: ${err.message}\n`);
          return 1;
        }
        throw err;
      }
      // A newer reader than the one that read stored reports: read them again (ilacs reread), from the archive too.
      const rereadAfter = result.dryRun ? null : await rereadIfDue(store, { archiveDir: config.archiveDir });
      if (rereadAfter && !json) ctx.stderr.write(`Reader version ${rereadAfter.readerVersion} is newer than the one that read some stored reports; read again: ${rereadAfter.reread}, changed ${rereadAfter.changed}, without a PDF ${rereadAfter.missingPdf}, failed ${rereadAfter.failed} (ilacs reread lists the changes)\n`);
      ctx.stdout.write(json ? JSON.stringify({ ...toJson(result), ...(rereadAfter ? { rereadAfter: rereadJson(rereadAfter) } : {}) }) + '\n' : summary(result));
      return result.error || result.failures.length > 0 ? 1 : 0;
    } finally {
      await store.close();
    }
  },
};
