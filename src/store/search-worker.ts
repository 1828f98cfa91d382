// A search worker: its own read-only connection to the SQLite file, running
// the same search() as the main thread, so a burst of searches runs here
// and not on the server's event loop. See search-pool.ts.
import { parentPort, workerData } from 'node:worker_threads';
import BetterSqlite from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import type { Database } from './schema.ts';
import { search, type Paging, type SearchFilters } from './search.ts';

export interface SearchWorkerData {
  file: string;
}

export interface SearchRequest {
  id: number;
  query: string;
  filters: SearchFilters;
  paging: Paging;
}

export type SearchReply = { id: number; page: Awaited<ReturnType<typeof search>> } | { id: number; error: string };

const { file } = workerData as SearchWorkerData;
const sqlite = new BetterSqlite(file, { readonly: true, fileMustExist: true });
sqlite.pragma('busy_timeout = 10000');
const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });

parentPort!.on('message', (req: SearchRequest) => {
  search(db, 'sqlite', req.query, req.filters, req.paging).then(
    (page) => parentPort!.postMessage({ id: req.id, page } satisfies SearchReply),
    (err: unknown) => parentPort!.postMessage({ id: req.id, error: (err as Error).message ?? String(err) } satisfies SearchReply),
  );
});
parentPort!.postMessage({ ready: true });
