// A local stand-in for Ofsted's report site and file service, for sync
// tests without the internet. It serves the paged provider listing,
// provider pages and PDFs, injects faults on request, and logs every
// request's start and end so tests can check the politeness rules.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakePublication {
  fileId: string;
  /** e.g. "Children's services inspection", "Children's services focused visit". */
  type: string;
  /** As the site prints it: "03 December 2024". */
  date: string;
  bytes: Buffer;
}

export interface FakeProvider {
  urn: string;
  name: string;
  publications: FakePublication[];
  /** "changed": the page no longer marks its publication links. */
  markup?: 'normal' | 'changed';
}

export type Fault =
  | { kind: 'status'; status: number; retryAfter?: string }
  /** Headers sent, then nothing until the client gives up. */
  | { kind: 'stall' }
  /** Never answers at all. */
  | { kind: 'hang' }
  /** A PDF cut short, sent as if complete (matching Content-Length). */
  | { kind: 'truncate' }
  /** Content-Length promises the whole file, the connection closes halfway. */
  | { kind: 'cut' }
  /** An HTML error page with status 200 where the PDF should be. */
  | { kind: 'html' }
  /**
   * A page of `bytes` bytes (valid HTML: the real page, padded with
   * paragraphs), streamed in 64 kB chunks; with `declared`, Content-Length
   * says its size up front, else it is sent chunked.
   */
  | { kind: 'huge'; bytes: number; declared?: boolean }
  /** A redirect (302 unless `status` says otherwise) to `location`. */
  | { kind: 'redirect'; location: string; status?: number };

export interface LoggedRequest {
  path: string;
  userAgent: string;
  /** performance.now() when the request arrived and when its response ended or its socket closed. */
  start: number;
  end: number;
  status: number | null;
  fault: Fault['kind'] | null;
}

interface FaultRule {
  fault: Fault;
  /** How many more requests it applies to; Infinity for always. */
  times: number;
}

const FILE_PREFIX = '/files/v1/file/';

export class FakeOfstedSite {
  providers: FakeProvider[] = [];
  /** The most rows a listing page returns whatever is asked (Ofsted's is 100). */
  maxRows = 100;
  /** Faults by request path (without query, but listing pages are "/search?start=N"). */
  private faults = new Map<string, FaultRule[]>();
  readonly log: LoggedRequest[] = [];
  private server: Server | null = null;
  private port = 0;
  private sockets = new Set<import('node:net').Socket>();

  get siteUrl(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** A different base from the site's, so tests prove --files-url is used. */
  get filesUrl(): string {
    return `http://127.0.0.1:${this.port}/files`;
  }

  async start(): Promise<void> {
    this.server = createServer((req, res) => this.handle(req, res));
    this.server.on('connection', (s) => {
      this.sockets.add(s);
      s.on('close', () => this.sockets.delete(s));
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
  }

  async stop(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
  }

  /** Applies `fault` to the next `times` requests for the path. */
  inject(path: string, fault: Fault, times = 1): void {
    const list = this.faults.get(path) ?? [];
    list.push({ fault, times });
    this.faults.set(path, list);
  }

  clearFaults(): void {
    this.faults.clear();
  }

  filePath(fileId: string): string {
    return `${FILE_PREFIX}${fileId}`;
  }

  providerPath(urn: string): string {
    return `/provider/44/${urn}`;
  }

  listingPath(start: number): string {
    return `/search?start=${start}`;
  }

  fileRequests(): string[] {
    return this.log.filter((r) => r.path.startsWith(FILE_PREFIX)).map((r) => r.path.slice(FILE_PREFIX.length));
  }

  private takeFault(path: string): Fault | null {
    const list = this.faults.get(path);
    const rule = list?.[0];
    if (!list || !rule) return null;
    rule.times--;
    if (rule.times <= 0) list.shift();
    return rule.fault;
  }

  /** Bytes of body this server has written in answers to 'huge' faults (to show a refused page was not read to its end). */
  hugeBytesSent = 0;

  private sendHuge(res: ServerResponse, page: string, bytes: number, declared: boolean): void {
    const head = Buffer.from(page.replace(/<\/body>[\s\S]*$/, ''), 'utf8');
    const tail = Buffer.from('</body></html>', 'utf8');
    const total = Math.max(bytes, head.length + tail.length);
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', ...(declared ? { 'content-length': total } : {}) });
    // Padding as a page would grow: paragraph after paragraph of text.
    const pad = Buffer.from(`<p>${'x'.repeat(64 * 1024 - 8)}</p>\n`, 'utf8');
    let left = total - head.length - tail.length;
    res.write(head);
    const pump = (): void => {
      while (left > 0) {
        const n = Math.min(left, pad.length);
        left -= n;
        this.hugeBytesSent += n;
        if (!res.write(n === pad.length ? pad : pad.subarray(0, n))) {
          res.once('drain', pump);
          return;
        }
      }
      res.end(tail);
    };
    res.on('close', () => {
      left = 0;
    });
    pump();
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    const url = new URL(req.url ?? '/', this.siteUrl);
    const key = url.pathname === '/search' ? this.listingPath(Number(url.searchParams.get('start') ?? '0')) : url.pathname;
    const entry: LoggedRequest = { path: key, userAgent: req.headers['user-agent'] ?? '', start: performance.now(), end: Number.NaN, status: null, fault: null };
    this.log.push(entry);
    const done = () => {
      if (Number.isNaN(entry.end)) entry.end = performance.now();
    };
    res.on('finish', done);
    res.on('close', done);

    const fault = this.takeFault(key);
    entry.fault = fault?.kind ?? null;
    if (fault?.kind === 'hang') return;
    if (fault?.kind === 'stall') {
      res.writeHead(200, { 'content-type': 'application/pdf' });
      res.flushHeaders();
      entry.status = 200;
      return;
    }
    if (fault?.kind === 'redirect') {
      entry.status = fault.status ?? 302;
      res.writeHead(entry.status, { location: fault.location, 'content-type': 'text/html' });
      res.end('<html><body>Moved</body></html>');
      return;
    }
    if (fault?.kind === 'status') {
      entry.status = fault.status;
      res.writeHead(fault.status, { 'content-type': 'text/html', ...(fault.retryAfter !== undefined ? { 'retry-after': fault.retryAfter } : {}) });
      res.end(`<html><body><h1>Error ${fault.status}</h1></body></html>`);
      return;
    }

    let body: Buffer | string | null = null;
    let type = 'text/html; charset=utf-8';
    if (url.pathname === '/search') {
      body = this.listingHtml(Number(url.searchParams.get('start') ?? '0'), Math.min(this.maxRows, Number(url.searchParams.get('rows') ?? '100')));
    } else if (url.pathname.startsWith('/provider/44/')) {
      const p = this.providers.find((x) => x.urn === url.pathname.slice('/provider/44/'.length));
      if (p) body = this.providerHtml(p);
    } else if (url.pathname.startsWith(FILE_PREFIX)) {
      const id = url.pathname.slice(FILE_PREFIX.length);
      const pub = this.providers.flatMap((p) => p.publications).find((x) => x.fileId === id);
      if (pub) {
        body = pub.bytes;
        type = 'application/pdf';
      }
    }
    if (body === null) {
      entry.status = 404;
      res.writeHead(404, { 'content-type': 'text/html' });
      res.end('<html><body><h1>Page not found</h1></body></html>');
      return;
    }
    if (fault?.kind === 'huge') {
      entry.status = 200;
      this.sendHuge(res, typeof body === 'string' ? body : '<html><body></body></html>', fault.bytes, fault.declared ?? false);
      return;
    }
    if (fault?.kind === 'html') {
      body = '<!DOCTYPE html><html><head><title>Sorry, there is a problem</title></head><body><h1>Sorry, there is a problem with the service</h1></body></html>';
      type = 'text/html; charset=utf-8';
    }
    const bytes = Buffer.isBuffer(body) ? body : Buffer.from(body, 'utf8');
    if (fault?.kind === 'truncate') {
      const cut = bytes.subarray(0, Math.floor(bytes.length * 0.6));
      entry.status = 200;
      res.writeHead(200, { 'content-type': type, 'content-length': cut.length });
      res.end(cut);
      return;
    }
    if (fault?.kind === 'cut') {
      entry.status = 200;
      res.writeHead(200, { 'content-type': type, 'content-length': bytes.length });
      res.write(bytes.subarray(0, Math.floor(bytes.length / 2)), () => res.destroy());
      return;
    }
    entry.status = 200;
    res.writeHead(200, { 'content-type': type, 'content-length': bytes.length });
    res.end(bytes);
  }

  private listingHtml(start: number, rows: number): string {
    const slice = this.providers.slice(start, start + rows);
    const items = slice
      .map((p) => `<li class="search-result"><h3 class="search-result__title"><a href="/provider/44/${p.urn}">${esc(p.name)}</a></h3><p>Local authority children's services</p></li>`)
      .join('\n');
    return `<!DOCTYPE html><html><body><main><p class="search-results__count">${this.providers.length} results</p><ul class="results-list">${items}</ul>
<nav class="pagination"><a href="/search?start=${start + rows}&amp;rows=${rows}">Next</a></nav></main></body></html>`;
  }

  private providerHtml(p: FakeProvider): string {
    const changed = p.markup === 'changed';
    const items = p.publications
      .map((pub) =>
        changed
          ? `<li class="report-item"><a class="report-download" href="https://files.ofsted.gov.uk/v1/file/${pub.fileId}">${esc(pub.type)} <small>PDF - ${pub.date}</small></a></li>`
          : `<li class="publication"><a class="publication-link" href="https://files.ofsted.gov.uk/v1/file/${pub.fileId}">${esc(pub.type)}<span class="nonvisual">${esc(pub.type)}, PDF - ${pub.date}</span></a><time>${pub.date}</time></li>`,
      )
      .join('\n');
    return `<!DOCTYPE html><html><body><main><h1>${esc(p.name)}</h1><p>URN: ${p.urn}</p><h2>Reports</h2><ul class="publications">${items}</ul></main></body></html>`;
  }
}

function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}
