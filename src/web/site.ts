// The server's view of the record: the computed views and the rendered-page
// cache, both tied to the data version. The version is checked at most once
// a second, so a new ingest or sync shows within a second of committing,
// while a busy server does not ask the database on every request.
import { createHash } from 'node:crypto';
import { buildView, type RecordView } from '../analysis/index.ts';
import type { RecordReader } from '../store/index.ts';

export interface CachedBody {
  body: string | Buffer;
  type: string;
  etag: string;
  /** The body gzipped, made on first demand. */
  gzip?: Buffer;
}

export interface SiteOptions {
  /** How long a data version is trusted before asking the database again. */
  versionTtlMs?: number;
  /** Most bytes of rendered pages kept (feeds for many hosts must not grow memory without bound). */
  cacheBytes?: number;
  /** Most bytes of rendered search results kept, apart from the pages, so a stream of distinct searches never pushes the pages out. */
  searchCacheBytes?: number;
}

/** Rendered responses are kept in two budgets: the site's pages, and search results (endless in variety). */
export type CachePartition = 'pages' | 'search';

/** A byte-bounded cache, least recently used out first. */
class Lru {
  readonly max: number;
  private bytes = 0;
  private readonly entries = new Map<string, CachedBody>();
  constructor(max: number) {
    this.max = max;
  }
  get(key: string): CachedBody | undefined {
    const hit = this.entries.get(key);
    if (hit) {
      // Map iteration follows insertion order: re-inserting marks it as the most recently used.
      this.entries.delete(key);
      this.entries.set(key, hit);
    }
    return hit;
  }
  set(key: string, entry: CachedBody): void {
    const size = entry.body.length;
    if (size > this.max) return;
    const old = this.entries.get(key);
    if (old) {
      this.entries.delete(key);
      this.bytes -= old.body.length;
    }
    for (const [k, e] of this.entries) {
      if (this.bytes + size <= this.max) break;
      this.entries.delete(k);
      this.bytes -= e.body.length;
    }
    this.entries.set(key, entry);
    this.bytes += size;
  }
  clear(): void {
    this.entries.clear();
    this.bytes = 0;
  }
  get size(): number {
    return this.entries.size;
  }
}

export function etagOf(body: string | Buffer): string {
  return `"${createHash('sha1').update(body).digest('base64url').slice(0, 27)}"`;
}

export class Site {
  /** The record's typed reads: the web never holds the database handle. */
  readonly record: RecordReader;
  private readonly ttl: number;
  private version = '';
  private checkedAt = 0;
  private view: RecordView | null = null;
  private pending: Promise<RecordView> | null = null;
  private readonly caches: Record<CachePartition, Lru>;
  private readonly making = new Map<string, Promise<CachedBody>>();

  constructor(record: RecordReader, options: SiteOptions = {}) {
    this.record = record;
    this.ttl = options.versionTtlMs ?? 1000;
    this.caches = { pages: new Lru(options.cacheBytes ?? 64 * 1024 * 1024), search: new Lru(options.searchCacheBytes ?? 16 * 1024 * 1024) };
  }

  /** The current record view, reloaded when the data changed. */
  async current(): Promise<RecordView> {
    if (this.view && Date.now() - this.checkedAt < this.ttl) return this.view;
    this.pending ??= this.refresh().finally(() => {
      this.pending = null;
    });
    return this.pending;
  }

  /** The last loaded view, without touching the database (for error pages). */
  peek(): RecordView | null {
    return this.view;
  }

  get dataVersion(): string {
    return this.version;
  }

  private async refresh(): Promise<RecordView> {
    const version = createHash('sha1').update(await this.record.dataVersion()).digest('base64url').slice(0, 16);
    if (!this.view || version !== this.version) {
      const view = buildView(await this.record.loadRecord());
      this.view = view;
      this.version = version;
      this.caches.pages.clear();
      this.caches.search.clear();
    }
    this.checkedAt = Date.now();
    return this.view;
  }

  /** A rendered response for `key` at the current data version, made once. */
  async cached(key: string, make: (view: RecordView) => Promise<{ body: string | Buffer; type: string }> | { body: string | Buffer; type: string }, partition: CachePartition = 'pages'): Promise<CachedBody> {
    const view = await this.current();
    const cache = this.caches[partition];
    const hit = cache.get(key);
    if (hit) return hit;
    const version = this.version;
    // Requests arriving while a page is being made wait for that one rendering.
    const inflightKey = `${version} ${partition} ${key}`;
    const running = this.making.get(inflightKey);
    if (running) return running;
    const job = this.make(view, make).then((entry) => {
      // A reload may have happened while rendering: only keep what matches.
      if (version === this.version) cache.set(key, entry);
      return entry;
    });
    const tracked = job.finally(() => this.making.delete(inflightKey));
    this.making.set(inflightKey, tracked);
    return tracked;
  }

  /** Entries cached in a partition (tests). */
  cachedCount(partition: CachePartition = 'pages'): number {
    return this.caches[partition].size;
  }

  private async make(view: RecordView, make: (view: RecordView) => Promise<{ body: string | Buffer; type: string }> | { body: string | Buffer; type: string }): Promise<CachedBody> {
    const made = await make(view);
    // Kept as bytes: a cached page is then written out without re-encoding each time.
    const body = typeof made.body === 'string' ? Buffer.from(made.body) : made.body;
    return { body, type: made.type, etag: etagOf(body) };
  }
}
