// A deliberately slow HTTP client for Ofsted's site: one request at a
// time, a fixed gap between the end of one and the start of the next,
// bounded time per request, and retries with exponential backoff and
// jitter on timeouts, network errors, 5xx and 429 (honouring Retry-After).
// Ofsted rate-limits hard; being blocked would stop every sync.
// Bounded too: a body past its size limit is dropped (pages are read into a
// streaming parser, never held whole), and redirects are followed only to
// the origins the caller allows (the configured site and file service).

export interface HttpOptions {
  userAgent: string;
  /** Minimum gap between the end of one request and the start of the next. */
  spacingMs: number;
  /** Whole-request limit: headers and body. */
  timeoutMs: number;
  /** Retries after the first attempt. */
  retries: number;
  /** First backoff delay; doubles each retry, with jitter. */
  backoffMs: number;
  /** A Retry-After longer than this fails the request rather than wait. */
  maxRetryAfterMs: number;
  /** Largest body accepted, unless a request names its own limit. */
  maxBytes: number;
  /**
   * Origins (scheme://host:port) a redirect may lead to; a redirect
   * anywhere else fails the request. Default: only the request's own origin.
   */
  allowedOrigins?: string[];
  random?: () => number;
  sleep?: (ms: number) => Promise<void>;
  /** Aborts waits and the request in flight (a server shutting down). */
  signal?: AbortSignal;
}

export interface HttpResponse {
  url: string;
  status: number;
  contentType: string;
  body: Buffer;
}

export type HttpFailureKind = 'timeout' | 'network' | 'http_status' | 'too_large' | 'retry_after_too_long' | 'stopped' | 'redirect_refused' | 'too_many_redirects';

/** Failures that retrying cannot mend. */
const FINAL_KINDS: ReadonlySet<HttpFailureKind> = new Set(['too_large', 'stopped', 'redirect_refused', 'too_many_redirects']);

/** Redirects followed for one request, as browsers and fetch allow. */
const MAX_REDIRECTS = 5;

/**
 * Where a body goes as it arrives, instead of being held whole: write() is
 * given each chunk, end() the result once the body is complete. A fresh sink
 * is made for every attempt, so a retry starts clean.
 */
export interface BodySink<T> {
  write(chunk: Uint8Array): void;
  end(): T;
}

export interface RequestOptions {
  /** This request's body limit (default: the client's maxBytes). */
  maxBytes?: number;
}

export interface ParsedResponse<T> {
  url: string;
  status: number;
  contentType: string;
  /** What the sink made of a 200 response's body; null for any other status (its body is dropped). */
  value: T | null;
}

/** A request that failed after every retry. */
export class HttpError extends Error {
  readonly kind: HttpFailureKind;
  readonly url: string;
  readonly status: number | null;
  readonly attempts: number;
  constructor(kind: HttpFailureKind, url: string, message: string, attempts: number, status: number | null = null) {
    super(message);
    this.name = 'HttpError';
    this.kind = kind;
    this.url = url;
    this.status = status;
    this.attempts = attempts;
  }
}

/** How long a timed-out connection may take to close, added to the spacing after one. */
const ABORT_GRACE_MS = 100;

function sleepUnless(signal: AbortSignal | undefined): (ms: number) => Promise<void> {
  return (ms) =>
    new Promise<void>((resolve) => {
      if (signal?.aborted) return resolve();
      const done = () => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      signal?.addEventListener('abort', done, { once: true });
    });
}

/** Retry-After as milliseconds: delta-seconds or an HTTP date. */
export function parseRetryAfter(value: string | null, now = Date.now()): number | null {
  if (!value) return null;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const at = Date.parse(trimmed);
  if (Number.isNaN(at)) return null;
  return Math.max(0, at - now);
}

class AttemptError extends Error {
  readonly kind: HttpFailureKind;
  readonly status: number | null;
  readonly retryAfterMs: number | null;
  constructor(kind: HttpFailureKind, message: string, status: number | null = null, retryAfterMs: number | null = null) {
    super(message);
    this.kind = kind;
    this.status = status;
    this.retryAfterMs = retryAfterMs;
  }
}

export class PoliteClient {
  readonly options: HttpOptions;
  /** HTTP requests actually sent, retries included. */
  requestCount = 0;
  private queue: Promise<unknown> = Promise.resolve();
  private lastEnd = 0;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly random: () => number;

  constructor(options: HttpOptions) {
    this.options = options;
    this.sleep = options.sleep ?? sleepUnless(options.signal);
    this.random = options.random ?? Math.random;
  }

  /** GET with retries; resolves with any final status below 500 other than 429. */
  async get(url: string, accept = '*/*', options: RequestOptions = {}): Promise<HttpResponse> {
    const r = await this.request(url, accept, options.maxBytes ?? this.options.maxBytes, collect, true);
    return { url: r.url, status: r.status, contentType: r.contentType, body: r.value?.end() ?? Buffer.alloc(0) };
  }

  /**
   * GET with retries, the body of a 200 response handed to a sink as it
   * arrives (a page's parser): it is never held whole. Errors the sink's
   * end() throws (a page it cannot read) are the caller's, not retried.
   */
  async getInto<T>(url: string, accept: string, options: RequestOptions & { sink: () => BodySink<T> }): Promise<ParsedResponse<T>> {
    const r = await this.request(url, accept, options.maxBytes ?? this.options.maxBytes, options.sink, false);
    return { ...r, value: r.value === null ? null : r.value.end() };
  }

  private request<T>(url: string, accept: string, maxBytes: number, sink: () => BodySink<T>, allStatuses: boolean): Promise<ParsedResponse<BodySink<T>>> {
    const next = this.queue.then(() => this.getWithRetries(url, accept, maxBytes, sink, allStatuses));
    // Keep the chain alive whatever this request's outcome.
    this.queue = next.catch(() => {});
    return next;
  }

  private async getWithRetries<T>(url: string, accept: string, maxBytes: number, sink: () => BodySink<T>, allStatuses: boolean): Promise<ParsedResponse<BodySink<T>>> {
    const { retries, backoffMs, maxRetryAfterMs } = this.options;
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.attempt(url, accept, maxBytes, sink, allStatuses);
      } catch (err) {
        const e = err instanceof AttemptError ? err : new AttemptError('network', (err as Error).message);
        const attempts = attempt + 1;
        if (FINAL_KINDS.has(e.kind)) throw new HttpError(e.kind, url, e.message, attempts, e.status);
        if (e.retryAfterMs !== null && e.retryAfterMs > maxRetryAfterMs) {
          throw new HttpError('retry_after_too_long', url, `${e.message}; the site asked to wait ${Math.ceil(e.retryAfterMs / 1000)} s, longer than the ${Math.ceil(maxRetryAfterMs / 1000)} s allowed`, attempts, e.status);
        }
        if (attempt >= retries) {
          throw new HttpError(e.kind, url, `${e.message} (gave up after ${attempts} attempt${attempts === 1 ? '' : 's'})`, attempts, e.status);
        }
        // Exponential backoff with "equal jitter": half fixed, half random,
        // so retries from several clients spread out but never shrink to 0.
        const exp = backoffMs * 2 ** attempt;
        const backoff = exp / 2 + this.random() * (exp / 2);
        await this.sleep(Math.max(backoff, e.retryAfterMs ?? 0));
        if (this.options.signal?.aborted) throw new HttpError('stopped', url, 'stopped before retrying', attempts, e.status);
      }
    }
  }

  private async attempt<T>(url: string, accept: string, maxBytes: number, sink: () => BodySink<T>, allStatuses: boolean): Promise<ParsedResponse<BodySink<T>>> {
    const wait = this.lastEnd + this.options.spacingMs - Date.now();
    if (wait > 0) await this.sleep(wait);
    if (this.options.signal?.aborted) throw new AttemptError('stopped', 'stopped before sending the request');
    const controller = new AbortController();
    let finished = false;
    // A timer that fires late (a busy event loop) after the response was read must not count as a timeout.
    const timer = setTimeout(() => {
      if (!finished) controller.abort();
    }, this.options.timeoutMs);
    const signal = this.options.signal ? AbortSignal.any([controller.signal, this.options.signal]) : controller.signal;
    const allowed = new Set(this.options.allowedOrigins ?? [new URL(url).origin]);
    try {
      let current = url;
      let res: Response;
      for (let hop = 0; ; hop++) {
        this.requestCount++;
        try {
          // Redirects are followed here, not by fetch, so each hop's target is checked first.
          res = await fetch(current, { headers: { 'user-agent': this.options.userAgent, accept }, redirect: 'manual', signal });
        } catch (err) {
          throw this.classify(err, controller, 'no response');
        }
        const location = res.status >= 300 && res.status < 400 ? res.headers.get('location') : null;
        if (location === null) break;
        await res.body?.cancel().catch(() => {});
        let target: URL;
        try {
          target = new URL(location, current);
        } catch {
          throw new AttemptError('redirect_refused', `the site redirected ${current} to an unreadable address (${location.slice(0, 200)}); not followed`, res.status);
        }
        if (!allowed.has(target.origin)) {
          throw new AttemptError('redirect_refused', `the site redirected ${current} to ${target.origin}, which is neither the configured site nor the file service; not followed`, res.status);
        }
        if (hop >= MAX_REDIRECTS) throw new AttemptError('too_many_redirects', `more than ${MAX_REDIRECTS} redirects from ${url}; not followed further`, res.status);
        current = target.toString();
      }
      if (res.status === 429 || res.status >= 500) {
        await res.body?.cancel().catch(() => {});
        throw new AttemptError('http_status', `HTTP ${res.status} from the site`, res.status, parseRetryAfter(res.headers.get('retry-after')));
      }
      const declared = Number(res.headers.get('content-length') ?? NaN);
      if (declared > maxBytes) {
        await res.body?.cancel().catch(() => {});
        throw new AttemptError('too_large', `the response is ${declared} bytes, more than the ${maxBytes} allowed`, res.status);
      }
      const contentType = res.headers.get('content-type') ?? '';
      if (res.status !== 200 && !allStatuses) {
        await res.body?.cancel().catch(() => {});
        finished = true;
        return { url: res.url || current, status: res.status, contentType, value: null };
      }
      const value = sink();
      await this.readBody(res, controller, maxBytes, value);
      finished = true;
      return { url: res.url || current, status: res.status, contentType, value };
    } finally {
      clearTimeout(timer);
      // An abandoned request's connection closes a moment after we give up
      // on it; count the spacing from when the server sees it end.
      this.lastEnd = Date.now() + (controller.signal.aborted ? ABORT_GRACE_MS : 0);
    }
  }

  private async readBody(res: Response, controller: AbortController, maxBytes: number, sink: BodySink<unknown>): Promise<void> {
    let size = 0;
    if (!res.body) return;
    const reader = res.body.getReader();
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        size += value.byteLength;
        if (size > maxBytes) {
          controller.abort();
          throw new AttemptError('too_large', `the response is more than the ${maxBytes} bytes allowed`, res.status);
        }
        sink.write(value);
      }
    } catch (err) {
      if (err instanceof AttemptError) throw err;
      throw this.classify(err, controller, 'the response was cut off');
    }
  }

  private classify(err: unknown, controller: AbortController, what: string): AttemptError {
    if (this.options.signal?.aborted) return new AttemptError('stopped', `stopped while waiting (${what})`);
    if (controller.signal.aborted) return new AttemptError('timeout', `timed out after ${this.options.timeoutMs} ms (${what})`);
    const e = err as Error & { cause?: { code?: string; message?: string } };
    const detail = e.cause?.code ?? e.cause?.message ?? e.message;
    return new AttemptError('network', `network error: ${what} (${detail})`);
  }
}

/** The default sink: the whole body, as one Buffer (for files, which are archived whole). */
function collect(): BodySink<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  return {
    write(chunk) {
      chunks.push(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength));
      size += chunk.byteLength;
    },
    end: () => Buffer.concat(chunks, size),
  };
}
