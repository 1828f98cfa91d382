// A ReaderPool reader process: reads one file at a time for the pool, as a
// child process so that everything reading a file allocates (pdf.js's
// buffers outside the JavaScript heap, zlib's) counts against limits the
// pool can enforce, and a file that passes them takes down only this
// process. Files given by path are read here, so their bytes never cross
// the pipe; bytes the caller already holds arrive over it.
import { readFile, stat } from 'node:fs/promises';
import { enableCompileCache, registerHooks } from 'node:module';
import { sha256OfFile } from './digest.ts';
import { CONFIG_ENV, type WorkerConfig, type WorkerReply, type WorkerRequest } from './worker-protocol.ts';

// Every reader process compiles pdf.js (megabytes of JavaScript) before it
// can read a file; V8's on-disk code cache halves that start-up. Enabled
// before the reader is imported, which is why that import is dynamic.
enableCompileCache();
// pdf.js loads @napi-rs/canvas (Skia) in Node to render pages, which the
// reader never does: a 1 GB address-space reservation and startup time for
// nothing. Refused here, pdf.js logs a warning (dropped) and reads text as before.
registerHooks({
  resolve(specifier, context, nextResolve) {
    if (specifier === '@napi-rs/canvas') throw Object.assign(new Error('not loaded in reader processes'), { code: 'MODULE_NOT_FOUND' });
    return nextResolve(specifier, context);
  },
});
const { readReport, readPlainText, tooBig } = await import('./read.ts');

if (!process.send) throw new Error('src/reader/worker.ts runs only as a ReaderPool reader process');
const config = JSON.parse(process.env[CONFIG_ENV] ?? '{}') as WorkerConfig;
const send = (message: unknown): void => {
  // The pool has gone (closed, or killed): nobody is waiting for this answer.
  if (process.connected) process.send!(message);
};

process.on('message', (req: WorkerRequest) => {
  void handle(req).then(send);
});
// The pool ended or died: this process has no one to work for.
process.on('disconnect', () => process.exit(0));
// The reader (pdf.js, the layouts) has loaded: the pool sends files, and
// starts each file's clock, only from here.
send({ ready: true });

async function handle(req: WorkerRequest): Promise<WorkerReply> {
  let bytes: Uint8Array;
  if ('path' in req) {
    try {
      // A huge file is refused from its size, without loading it.
      const big = tooBig((await stat(req.path)).size, config.maxBytes);
      if (big) return { id: req.id, result: { ok: false, error: big, sha256: await sha256OfFile(req.path) } };
      bytes = await readFile(req.path);
    } catch (err) {
      const e = err as NodeJS.ErrnoException;
      return { id: req.id, ioError: e.code ? `${e.code}: ${e.message.replace(/^\w+: /, '')}` : String(e.message ?? e) };
    }
  } else {
    bytes = req.bytes;
  }
  // The bytes are this process's own, so pdf.js may take them without a copy.
  const options = { maxBytes: config.maxBytes, maxTextUnits: config.maxTextUnits, transfer: true };
  const result = req.mode === 'text' ? await readPlainText(bytes, { ...options, maxPages: config.maxTextPages }) : await readReport(bytes, { ...options, maxPages: config.maxPages });
  return { id: req.id, result };
}
