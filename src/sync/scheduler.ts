// Runs sync on a schedule inside a server process. Several processes may
// share one PostgreSQL database: the due time is read from the recorded
// runs and the run itself takes the database lease, so exactly one process
// syncs each period whichever wakes first.
import type { SyncConfig } from './config.ts';
import { defaultSyncDeps } from './deps.ts';
import { runSync, SyncBusyError, SyncSkipped, type SyncDeps, type SyncResult, type SyncStore } from './run.ts';

export interface SchedulerOptions {
  store: SyncStore;
  /** Period between syncs in ms. */
  every: number;
  config: SyncConfig;
  /** Default: the real reader (a worker started for each run and closed after it) and store. */
  deps?: SyncDeps;
  /** After a failed run, try again this soon (default: a tenth of the period, at least a minute, at most an hour). */
  retryAfterFailureMs?: number;
  /** Longest sleep before looking at the database again (default 10 minutes). */
  pollMs?: number;
  log?: (line: string) => void;
  onRun?: (result: SyncResult) => void;
  /** Upkeep after each run (serve reads again the reports an older reader read: ilacs reread). */
  afterRun?: () => Promise<void>;
}

export interface SyncScheduler {
  /** Stops the schedule; a run in progress stops at its next request and is recorded as interrupted. */
  stop(): Promise<void>;
}

export function startSyncScheduler(options: SchedulerOptions): SyncScheduler {
  const { every } = options;
  const log = options.log ?? (() => {});
  const rec = options.store.syncRecord;
  const retryMs = options.retryAfterFailureMs ?? Math.min(3_600_000, Math.max(60_000, every / 10));
  const pollMs = options.pollMs ?? 600_000;
  const abort = new AbortController();
  let timer: NodeJS.Timeout | null = null;
  let wake: (() => void) | null = null;

  /** When the next run is due, from what every process has recorded. */
  async function dueAt(): Promise<number> {
    const lastGood = await rec.lastRunWithOutcome(['succeeded', 'partial']);
    const lastAny = await rec.lastRunWithOutcome(['succeeded', 'partial', 'failed', 'interrupted']);
    let due = lastGood ? Date.parse(lastGood.startedAt) + every : 0;
    if (lastAny && lastAny.id !== lastGood?.id) due = Math.min(Math.max(due, Date.parse(lastAny.startedAt) + retryMs), Date.parse(lastAny.startedAt) + every);
    return due;
  }

  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      wake = resolve;
      timer = setTimeout(resolve, Math.max(0, Math.min(ms, pollMs, 2 ** 31 - 1)));
      timer.unref();
    });

  const loop = (async () => {
    while (!abort.signal.aborted) {
      let due: number;
      try {
        due = await dueAt();
      } catch (err) {
        log(`sync scheduler: cannot read the sync history (${(err as Error).message}); trying again later`);
        await sleep(Math.min(pollMs, retryMs));
        continue;
      }
      const wait = due - Date.now();
      if (wait > 0) {
        await sleep(wait);
        continue;
      }
      const own = options.deps ? null : defaultSyncDeps();
      try {
        const result = await runSync({
          store: options.store,
          config: options.config,
          deps: options.deps ?? own!.deps,
          trigger: 'schedule',
          log,
          signal: abort.signal,
          shouldRun: async () => (await dueAt()) <= Date.now(),
        });
        log(`sync scheduler: run ${result.runId} ${result.outcome}${result.error ? `: ${result.error}` : ''}`);
        options.onRun?.(result);
        if (options.afterRun) await options.afterRun().catch((err: unknown) => log(`sync scheduler: after the run: ${(err as Error).message}`));
      } catch (err) {
        if (err instanceof SyncSkipped) continue;
        if (err instanceof SyncBusyError) {
          // Another process is syncing; look again once it has had time to finish.
          await sleep(Math.min(pollMs, retryMs));
          continue;
        }
        log(`sync scheduler: ${(err as Error).message}`);
        await sleep(Math.min(pollMs, retryMs));
      } finally {
        await own?.close();
      }
    }
  })();

  return {
    async stop() {
      abort.abort();
      if (timer) clearTimeout(timer);
      wake?.();
      await loop;
    },
  };
}
