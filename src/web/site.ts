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
  /** Most bytes of rendered responses kept (searches and feeds for many hosts must not grow memory without bound). */
  cacheBytes?: number;
}

export function etagOf(body: string | Buffer): string {
  return `"${createHash('sha1').update(body).digest('base64url').slice(0, 27)}"`;
}

export class Site {
  /** The record's typed reads: the web never holds the database handle. */
  readonly record: RecordReader;
  private readonly ttl: number;
  private readonly maxBytes: number;
  private bytes = 0;
  private version = '';
  private checkedAt = 0;
  private view: RecordView | null = null;
  private pending: Promise<RecordView> | null = null;
  private readonly pages = new Map<string, CachedBody>();
  private readonly making = new Map<string, Promise<CachedBody>>();

  constructor(record: RecordReader, options: SiteOptions = {}) {
    this.record = record;
    this.ttl = options.versionTtlMs ?? 1000;
    this.maxBytes = options.cacheBytes ?? 64 * 1024 * 1024;
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
      this.pages.clear();
      this.bytes = 0;
    }
    this.checkedAt = Date.now();
    return this.view;
  }

  /** A rendered response for `key` at the current data version, made once. */
  async cached(key: string, make: (view: RecordView) => Promise<{ body: string | Buffer; type: string }> | { body: string | Buffer; type: string }): Promise<CachedBody> {
    const view = await this.current();
    const hit = this.pages.get(key);
    if (hit) return hit;
    const version = this.version;
    // Requests arriving while a page is being made wait for that one rendering.
    const inflightKey = `${version} ${key}`;
    const running = this.making.get(inflightKey);
    if (running) return running;
    const job = this.make(key, version, view, make).finally(() => this.making.delete(inflightKey));
    this.making.set(inflightKey, job);
    return job;
  }

  private async make(key: string, version: string, view: RecordView, make: (view: RecordView) => Promise<{ body: string | Buffer; type: string }> | { body: string | Buffer; type: string }): Promise<CachedBody> {
    const made = await make(view);
    // Kept as bytes: a cached page is then written out without re-encoding each time.
    const body = typeof made.body === 'string' ? Buffer.from(made.body) : made.body;
    const entry: CachedBody = { body, type: made.type, etag: etagOf(body) };
    // A reload may have happened while rendering: only keep what matches.
    if (version === this.version) {
      // Oldest first out: Map iteration follows insertion order.
      for (const [k, old] of this.pages) {
        if (this.bytes + body.length <= this.maxBytes) break;
        this.pages.delete(k);
        this.bytes -= old.body.length;
      }
      if (body.length <= this.maxBytes) {
        this.pages.set(key, entry);
        this.bytes += body.length;
      }
    }
    return entry;
  }
}
