// Searches off the event loop. On SQLite a search is synchronous native
// work (FTS5 matching, ranking, snippets): run on the web server's thread, a
// burst of them stalls every other request. Here they run in a few worker
// threads, each with its own read-only connection, one search at a time
// each, with a time budget: a worker that overruns is terminated and
// replaced, and its search fails with SearchBusyError. On PostgreSQL the
// database does the work; the pool bounds how many searches hold
// connections at once and gives each a statement timeout.
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { sql, type Kysely } from 'kysely';
import type { Database } from './schema.ts';
import { search, type Paging, type SearchFilters, type SearchPage } from './search.ts';
import type { SearchReply, SearchRequest, SearchWorkerData } from './search-worker.ts';

/** A search that could not be run now (time budget spent, too many waiting): the caller may try again shortly. */
export class SearchBusyError extends Error {
  readonly userMessage: string;
  readonly retryAfterSeconds: number;
  constructor(message: string, retryAfterSeconds = 5) {
    super(message);
    this.userMessage = message;
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

export interface SearchPoolOptions {
  /** Worker threads (SQLite) or concurrent searches (PostgreSQL); default: one less than the cores, at least 1, at most 4. */
  workers?: number;
  /** Longest a search may take, in milliseconds; default 10 000. */
  timeoutMs?: number;
  /** Most searches waiting for a worker; beyond that a search fails at once as busy. Default 1,000. */
  maxQueue?: number;
}

interface Task {
  request: SearchRequest;
  resolve: (page: SearchPage) => void;
  reject: (err: Error) => void;
}

interface Slot {
  worker: Worker;
  task: Task | null;
  timer: NodeJS.Timeout | null;
  retired: boolean;
}

const WORKER_URL = new URL('./search-worker.ts', import.meta.url);

function defaultWorkers(): number {
  return Math.max(1, Math.min(4, availableParallelism() - 1));
}

const tooLong = (ms: number): SearchBusyError => new SearchBusyError(`The search took longer than ${ms / 1000} s and was stopped. Try fewer or more specific words, or a filter.`);
const tooMany = (): SearchBusyError => new SearchBusyError('The service is answering many searches just now. Try again in a few seconds.');

export class SqliteSearchPool {
  readonly size: number;
  readonly timeoutMs: number;
  readonly maxQueue: number;
  readonly #file: string;
  #slots: Slot[] = [];
  #queue: Task[] = [];
  #nextId = 1;
  #closed = false;

  constructor(file: string, options: SearchPoolOptions = {}) {
    this.#file = file;
    this.size = Math.max(1, Math.floor(options.workers ?? defaultWorkers()));
    this.timeoutMs = options.timeoutMs ?? 10_000;
    this.maxQueue = options.maxQueue ?? 1000;
  }

  search(query: string, filters: SearchFilters = {}, paging: Paging = {}): Promise<SearchPage> {
    return new Promise((resolve, reject) => {
      if (this.#closed) return reject(new Error('the search pool is closed'));
      if (this.#queue.length >= this.maxQueue) return reject(tooMany());
      this.#queue.push({ request: { id: this.#nextId++, query, filters, paging }, resolve, reject });
      this.#pump();
    });
  }

  async close(): Promise<void> {
    this.#closed = true;
    for (const task of this.#queue.splice(0)) task.reject(new Error('the search pool closed'));
    await Promise.all(
      this.#slots.splice(0).map((slot) => {
        slot.retired = true;
        if (slot.timer) clearTimeout(slot.timer);
        slot.task?.reject(new Error('the search pool closed'));
        return slot.worker.terminate();
      }),
    );
  }

  #pump(): void {
    while (this.#queue.length > 0) {
      let slot = this.#slots.find((s) => !s.task && !s.retired);
      if (!slot && this.#slots.length < this.size) slot = this.#spawn();
      if (!slot) return;
      const task = this.#queue.shift()!;
      slot.task = task;
      slot.worker.ref();
      // The budget covers the worker's start-up too: a worker that cannot open the database soon is no use.
      slot.timer = setTimeout(() => this.#replace(slot!, tooLong(this.timeoutMs)), this.timeoutMs);
      slot.worker.postMessage(task.request);
    }
  }

  #spawn(): Slot {
    const data: SearchWorkerData = { file: this.#file };
    const worker = new Worker(WORKER_URL, { workerData: data, resourceLimits: { maxOldGenerationSizeMb: 256 } });
    const slot: Slot = { worker, task: null, timer: null, retired: false };
    worker.on('message', (reply: SearchReply | { ready: true }) => {
      if ('ready' in reply) return;
      const task = slot.task;
      if (!task || task.request.id !== reply.id || slot.retired) return;
      if (slot.timer) clearTimeout(slot.timer);
      slot.timer = null;
      slot.task = null;
      slot.worker.unref();
      if ('error' in reply) task.reject(new Error(reply.error));
      else task.resolve(reply.page);
      this.#pump();
    });
    worker.on('error', (err) => this.#replace(slot, err instanceof Error ? err : new Error(String(err))));
    worker.on('exit', () => {
      if (!slot.retired) this.#replace(slot, new Error('a search worker stopped unexpectedly'));
    });
    worker.unref();
    this.#slots.push(slot);
    return slot;
  }

  /** Ends a slot's worker (overrun or crashed), fails its search, and lets a new worker take the queue. */
  #replace(slot: Slot, err: Error): void {
    if (slot.retired) return;
    slot.retired = true;
    if (slot.timer) clearTimeout(slot.timer);
    this.#slots = this.#slots.filter((s) => s !== slot);
    slot.task?.reject(err);
    slot.task = null;
    void slot.worker.terminate();
    if (!this.#closed) this.#pump();
  }
}

/**
 * PostgreSQL: at most `workers` searches hold a connection at once (the rest
 * wait in line, so pages keep connections to work with), each under a
 * statement timeout.
 */
export class PostgresSearchPool {
  readonly size: number;
  readonly timeoutMs: number;
  readonly maxQueue: number;
  readonly #db: Kysely<Database>;
  #running = 0;
  #waiting: (() => void)[] = [];

  constructor(db: Kysely<Database>, options: SearchPoolOptions = {}) {
    this.#db = db;
    this.size = Math.max(1, Math.floor(options.workers ?? Math.max(2, defaultWorkers())));
    this.timeoutMs = options.timeoutMs ?? 10_000;
    this.maxQueue = options.maxQueue ?? 1000;
  }

  async search(query: string, filters: SearchFilters = {}, paging: Paging = {}): Promise<SearchPage> {
    if (this.#running >= this.size) {
      if (this.#waiting.length >= this.maxQueue) throw tooMany();
      await new Promise<void>((resolve) => this.#waiting.push(resolve));
    } else {
      this.#running++;
    }
    try {
      return await this.#db.transaction().execute(async (trx) => {
        await sql.raw(`set local statement_timeout = ${Math.floor(this.timeoutMs)}`).execute(trx);
        return search(trx, 'postgres', query, filters, paging);
      });
    } catch (err) {
      // 57014: query_canceled, as a statement timeout reports it.
      if ((err as { code?: string }).code === '57014') throw tooLong(this.timeoutMs);
      throw err;
    } finally {
      // Hand the slot straight to the next in line, or give it back.
      const next = this.#waiting.shift();
      if (next) next();
      else this.#running--;
    }
  }
}
