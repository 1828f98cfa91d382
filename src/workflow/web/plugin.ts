// The workflow's own Fastify plugin, encapsulated: its JSON API, its pages
// for each role, its body parsers and limits, its private caching rules and
// the scheduler that publishes at a set time. The public site's routes are
// registered outside it and are never given the workflow's record.
import type { FastifyInstance, FastifyPluginAsync } from 'fastify';
import type { WorkflowRecord } from '../../store/index.ts';
import type { Publication } from '../publish.ts';
import type { ReadPdf } from '../roundtrip.ts';
import { closePrinter } from '../chromium.ts';
import { ReaderPool } from '../../reader/pool.ts';
import { WorkflowService, type Clock } from '../service.ts';
import { registerWorkflowApi } from './api.ts';
import { registerWorkflowPages } from './pages.ts';

export interface WorkflowPluginOptions {
  record: WorkflowRecord;
  clock?: Clock;
  /** How often the scheduler looks for publications due (ms); 0 turns it off. Default one minute. */
  publishCheckMs?: number;
  /** Where published reports enter the public record (archive, store, public address); without it they stay in the workflow. */
  publication?: Publication;
  /** Called with each inspection the scheduler published. */
  onPublished?: (id: number) => void;
  /** How the round trip reads typeset PDFs back; default: a reader process (ReaderPool, one process, started on the first read). */
  read?: ReadPdf;
}

export const BODY_LIMIT = 64 * 1024;

export const workflowPlugin: FastifyPluginAsync<WorkflowPluginOptions> = async (app: FastifyInstance, opts) => {
  // The round trip reads in a reader process, so a slow read never stalls
  // the server; Chromium (which typesets) is one browser for the process.
  // Both start on first use and are closed with the server.
  let pool: ReaderPool | null = null;
  const read: ReadPdf = opts.read ?? ((pdf) => (pool ??= new ReaderPool({ workers: 1 })).readBytes(pdf));
  app.addHook('onClose', async () => {
    await pool?.close();
    pool = null;
    await closePrinter();
  });
  const service = new WorkflowService(opts.record, opts.clock, opts.publication ?? null, read);
  app.addHook('onRoute', (route) => {
    route.bodyLimit ??= BODY_LIMIT;
  });
  app.addHook('onRequest', async (_req, reply) => {
    // Private to the people signed in: never cached, never read by other sites.
    reply.header('cache-control', 'no-store').header('cross-origin-resource-policy', 'same-origin');
    reply.removeHeader('access-control-allow-origin');
    reply.removeHeader('access-control-expose-headers');
  });
  // The pages' forms: a repeated field becomes a list.
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: BODY_LIMIT }, (_req, body, done) => {
    const out: Record<string, string | string[]> = {};
    for (const [k, v] of new URLSearchParams(body as string)) {
      const had = out[k];
      out[k] = had === undefined ? v : Array.isArray(had) ? [...had, v] : [had, v];
    }
    done(null, out);
  });
  registerWorkflowApi(app, { service });
  registerWorkflowPages(app, service);
  const every = opts.publishCheckMs ?? 60_000;
  if (every > 0) {
    let timer: NodeJS.Timeout | null = null;
    app.addHook('onReady', async () => {
      timer = setInterval(() => {
        service
          .publishDue()
          .then((ids) => ids.forEach((id) => opts.onPublished?.(id)))
          .catch((err: unknown) => app.log.error({ err }, 'scheduled publication failed'));
      }, every);
      timer.unref();
    });
    app.addHook('onClose', async () => {
      if (timer) clearInterval(timer);
    });
  }
};
