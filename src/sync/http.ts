// A deliberately slow HTTP client for Ofsted's site: one request at a
// time, a fixed gap between the end of one and the start of the next,
// bounded time per request, and retries with exponential backoff and
// jitter on timeouts, network errors, 5xx and 429 (honouring Retry-After).
// Ofsted rate-limits hard; being blocked would stop every sync.

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
  /** Largest body accepted. */
  maxBytes: number;
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

export type HttpFailureKind = 'timeout' | 'network' | 'http_status' | 'too_large' | 'retry_after_too_long' | 'stopped';

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
  get(url: string, accept = '*/*'): Promise<HttpResponse> {
    const next = this.queue.then(() => this.getWithRetries(url, accept));
    // Keep the chain alive whatever this request's outcome.
    this.queue = next.catch(() => {});
    return next;
  }

  private async getWithRetries(url: string, accept: string): Promise<HttpResponse> {
    const { retries, backoffMs, maxRetryAfterMs } = this.options;
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.attempt(url, accept);
      } catch (err) {
        const e = err instanceof AttemptError ? err : new AttemptError('network', (err as Error).message);
        const attempts = attempt + 1;
        if (e.kind === 'too_large' || e.kind === 'stopped') throw new HttpError(e.kind, url, e.message, attempts, e.status);
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

  private async attempt(url: string, accept: string): Promise<HttpResponse> {
    const wait = this.lastEnd + this.options.spacingMs - Date.now();
    if (wait > 0) await this.sleep(wait);
    if (this.options.signal?.aborted) throw new AttemptError('stopped', 'stopped before sending the request');
    const controller = new AbortController();
    let finished = false;
    // A timer that fires late (a busy event loop) after the response was read must not count as a timeout.
    const timer = setTimeout(() => {
      if (!finished) controller.abort();
    }, this.options.timeoutMs);
    this.requestCount++;
    try {
      let res: Response;
      try {
        res = await fetch(url, { headers: { 'user-agent': this.options.userAgent, accept }, redirect: 'follow', signal: this.options.signal ? AbortSignal.any([controller.signal, this.options.signal]) : controller.signal });
      } catch (err) {
        throw this.classify(err, controller, 'no response');
      }
      if (res.status === 429 || res.status >= 500) {
        await res.body?.cancel().catch(() => {});
        throw new AttemptError('http_status', `HTTP ${res.status} from the site`, res.status, parseRetryAfter(res.headers.get('retry-after')));
      }
      const declared = Number(res.headers.get('content-length') ?? NaN);
      if (declared > this.options.maxBytes) {
        await res.body?.cancel().catch(() => {});
        throw new AttemptError('too_large', `the response is ${declared} bytes, more than the ${this.options.maxBytes} allowed`, res.status);
      }
      const body = await this.readBody(res, controller);
      finished = true;
      return { url: res.url || url, status: res.status, contentType: res.headers.get('content-type') ?? '', body };
    } finally {
      clearTimeout(timer);
      // An abandoned request's connection closes a moment after we give up
      // on it; count the spacing from when the server sees it end.
      this.lastEnd = Date.now() + (controller.signal.aborted ? ABORT_GRACE_MS : 0);
    }
  }

  private async readBody(res: Response, controller: AbortController): Promise<Buffer> {
    const chunks: Buffer[] = [];
    let size = 0;
    if (!res.body) return Buffer.alloc(0);
    const reader = res.body.getReader();
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        size += value.byteLength;
        if (size > this.options.maxBytes) {
          controller.abort();
          throw new AttemptError('too_large', `the response is more than the ${this.options.maxBytes} bytes allowed`, res.status);
        }
        chunks.push(Buffer.from(value));
      }
    } catch (err) {
      if (err instanceof AttemptError) throw err;
      throw this.classify(err, controller, 'the response was cut off');
    }
    return Buffer.concat(chunks, size);
  }

  private classify(err: unknown, controller: AbortController, what: string): AttemptError {
    if (this.options.signal?.aborted) return new AttemptError('stopped', `stopped while waiting (${what})`);
    if (controller.signal.aborted) return new AttemptError('timeout', `timed out after ${this.options.timeoutMs} ms (${what})`);
    const e = err as Error & { cause?: { code?: string; message?: string } };
    const detail = e.cause?.code ?? e.cause?.message ?? e.message;
    return new AttemptError('network', `network error: ${what} (${detail})`);
  }
}
