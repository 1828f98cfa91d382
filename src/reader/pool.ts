// Reads many files at once in worker threads, each file bounded in time
// and memory. A worker that overruns or dies is terminated and replaced;
// its file gets a `damaged` error and the rest of the batch carries on.
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { sha256Of, sha256OfFile } from './digest.ts';
import { DEFAULT_MAX_BYTES, DEFAULT_MAX_HEAP_MB, DEFAULT_MAX_PAGES, DEFAULT_TIMEOUT_MS } from './limits.ts';
import type { ReadResult } from '../domain/report.ts';
import type { WorkerConfig, WorkerReply, WorkerRequest } from './worker.ts';

export interface ReaderPoolOptions {
  /** Worker threads; default one per core. */
  workers?: number;
  /** Per-file time limit in milliseconds; default 30 000. */
  timeoutMs?: number;
  /** Per-worker JavaScript heap limit in MB; default 512. */
  maxHeapMb?: number;
  /** Page cap passed to the reader; default 200. */
  maxPages?: number;
  /** Size cap passed to the reader; default 100 MB. */
  maxBytes?: number;
}

type Source = { path: string } | { bytes: Uint8Array };

interface Task {
  id: number;
  source: Source;
  /** Hashed up front for bytes, which are gone from this thread once transferred. */
  sha256: string;
  resolve: (r: ReadResult) => void;
}

interface Slot {
  worker: Worker;
  task: Task | null;
  timer: NodeJS.Timeout | null;
  /** Set once the slot's worker is being torn down, so its exit is not mistaken for a crash. */
  retired: boolean;
  /** The worker has loaded the reader; a file's time limit starts only then. */
  ready: boolean;
}

const WORKER_URL = new URL('./worker.ts', import.meta.url);
/** Loading pdf.js takes a second or so, much longer on a busy machine; this bounds a worker that never comes up. */
const STARTUP_LIMIT_MS = 120_000;

function seconds(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${(ms / 1000).toFixed(1)} s`;
}

export class ReaderPool {
  readonly size: number;
  readonly timeoutMs: number;
  readonly maxHeapMb: number;
  readonly maxPages: number;
  readonly maxBytes: number;
  #slots: Slot[] = [];
  #queue: Task[] = [];
  #nextId = 1;
  #closed = false;
  /** How many workers were replaced after a timeout or crash (for tests and diagnostics). */
  replacements = 0;

  constructor(options: ReaderPoolOptions = {}) {
    this.size = Math.max(1, Math.floor(options.workers ?? availableParallelism()));
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.maxHeapMb = options.maxHeapMb ?? DEFAULT_MAX_HEAP_MB;
    this.maxPages = options.maxPages ?? DEFAULT_MAX_PAGES;
    this.maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  }

  /** Reads a file by path; the worker reads the file itself. */
  readFile(path: string): Promise<ReadResult> {
    return this.#submit({ path });
  }

  /**
   * Reads bytes the caller holds. They are copied to the worker, unless
   * `transfer` is set: then the caller's buffer is handed over (detached).
   * A caller that has hashed the bytes already passes `sha256`, saving this
   * thread a second pass over them.
   */
  readBytes(bytes: Uint8Array, options: { transfer?: boolean; sha256?: string } = {}): Promise<ReadResult> {
    // Only a view over a whole buffer can be handed over; a slice of a
    // larger (perhaps pooled) buffer is copied.
    const whole = bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength && bytes.buffer instanceof ArrayBuffer;
    return this.#submit({ bytes: options.transfer && whole ? bytes : new Uint8Array(bytes) }, options.sha256);
  }

  /** Ends the workers. Files still queued get an error saying the pool closed. */
  async close(): Promise<void> {
    this.#closed = true;
    for (const task of this.#queue.splice(0)) {
      task.resolve(this.#failure(task, 'damaged', 'the reader was shut down before this file was read'));
    }
    const slots = this.#slots.splice(0);
    await Promise.all(
      slots.map((slot) => {
        slot.retired = true;
        if (slot.timer) clearTimeout(slot.timer);
        if (slot.task) slot.task.resolve(this.#failure(slot.task, 'damaged', 'the reader was shut down before this file was read'));
        slot.task = null;
        return slot.worker.terminate();
      }),
    );
  }

  #submit(source: Source, sha256?: string): Promise<ReadResult> {
    return new Promise((resolve) => {
      const task: Task = { id: this.#nextId++, source, sha256: sha256 ?? ('bytes' in source ? sha256Of(source.bytes) : ''), resolve };
      if (this.#closed) {
        resolve(this.#failure(task, 'damaged', 'the reader has been shut down'));
        return;
      }
      this.#queue.push(task);
      this.#pump();
    });
  }

  #pump(): void {
    while (this.#queue.length > 0) {
      let slot = this.#slots.find((s) => s.task === null && !s.retired);
      if (!slot && this.#slots.length < this.size) slot = this.#spawn();
      if (!slot) return;
      this.#dispatch(slot, this.#queue.shift()!);
    }
  }

  #spawn(): Slot {
    const config: WorkerConfig = { maxPages: this.maxPages, maxBytes: this.maxBytes };
    const worker = new Worker(WORKER_URL, {
      workerData: config,
      resourceLimits: { maxOldGenerationSizeMb: this.maxHeapMb },
      // pdf.js may print warnings; they must never reach stdout, where
      // results go as JSON Lines. Captured here and dropped.
      stdout: true,
      stderr: true,
    });
    worker.stdout.resume();
    worker.stderr.resume();
    const slot: Slot = { worker, task: null, timer: null, retired: false, ready: false };
    worker.on('message', (reply: WorkerReply | { ready: true }) => {
      if ('ready' in reply) this.#onReady(slot);
      else this.#onReply(slot, reply);
    });
    let crash: Error | null = null;
    worker.on('error', (err: unknown) => {
      crash = err instanceof Error ? err : new Error(String(err));
    });
    worker.on('exit', () => this.#onExit(slot, crash));
    worker.unref();
    this.#slots.push(slot);
    return slot;
  }

  #startClock(slot: Slot): void {
    if (slot.timer) clearTimeout(slot.timer);
    if (slot.ready) {
      slot.timer = setTimeout(() => {
        this.#replace(slot, 'damaged', `reading took longer than ${seconds(this.timeoutMs)}; the file may be malformed`);
      }, this.timeoutMs);
    } else {
      slot.timer = setTimeout(() => {
        this.#replace(slot, 'damaged', `the reader did not start within ${seconds(STARTUP_LIMIT_MS)}, so this file was not read; try again when the machine is less busy`);
      }, STARTUP_LIMIT_MS);
    }
  }

  #onReady(slot: Slot): void {
    slot.ready = true;
    if (slot.task && !slot.retired) this.#startClock(slot);
  }

  #dispatch(slot: Slot, task: Task): void {
    slot.task = task;
    slot.worker.ref();
    // Messages wait in the worker's queue until it has loaded the reader.
    this.#startClock(slot);
    const req: WorkerRequest = 'path' in task.source ? { id: task.id, path: task.source.path } : { id: task.id, bytes: task.source.bytes };
    const transfer = 'bytes' in task.source ? [task.source.bytes.buffer as ArrayBuffer] : [];
    try {
      slot.worker.postMessage(req, transfer);
    } catch (err) {
      // e.g. a buffer that cannot be transferred: this file fails, the worker is fine.
      if (slot.timer) clearTimeout(slot.timer);
      slot.timer = null;
      slot.task = null;
      slot.worker.unref();
      task.resolve(this.#failure(task, 'damaged', `the file could not be passed to the reader (${(err as Error).message})`));
      queueMicrotask(() => this.#pump());
    }
  }

  #onReply(slot: Slot, reply: WorkerReply): void {
    const task = slot.task;
    if (!task || task.id !== reply.id || slot.retired) return;
    if (slot.timer) clearTimeout(slot.timer);
    slot.timer = null;
    slot.task = null;
    slot.worker.unref();
    if ('ioError' in reply) task.resolve({ ok: false, error: { code: 'damaged', message: `the file could not be read from disk (${reply.ioError})` }, sha256: '' });
    else task.resolve(reply.result);
    this.#pump();
  }

  #onExit(slot: Slot, crash: Error | null): void {
    if (slot.retired) return;
    const oom = (crash as NodeJS.ErrnoException | null)?.code === 'ERR_WORKER_OUT_OF_MEMORY';
    const why = oom
      ? `reading needed more than ${this.maxHeapMb} MB of memory; the file may be malformed`
      : `the reader stopped unexpectedly on this file (${crash?.message ?? 'worker exited'}); the file may be malformed`;
    this.#replace(slot, 'damaged', why);
  }

  /** Fails the slot's file, terminates its worker and lets a fresh one take its place. */
  #replace(slot: Slot, code: 'damaged', message: string): void {
    if (slot.retired) return;
    slot.retired = true;
    if (slot.timer) clearTimeout(slot.timer);
    slot.timer = null;
    const task = slot.task;
    slot.task = null;
    const i = this.#slots.indexOf(slot);
    if (i >= 0) this.#slots.splice(i, 1);
    void slot.worker.terminate().catch(() => {});
    this.replacements++;
    if (task) {
      void this.#failureHashed(task, code, message).then((r) => task.resolve(r));
    }
    if (!this.#closed) this.#pump();
  }

  #failure(task: Task, code: 'damaged', message: string): ReadResult {
    return { ok: false, error: { code, message }, sha256: task.sha256 };
  }

  async #failureHashed(task: Task, code: 'damaged', message: string): Promise<ReadResult> {
    const sha256 = 'path' in task.source ? await sha256OfFile(task.source.path) : task.sha256;
    return { ok: false, error: { code, message }, sha256 };
  }
}
