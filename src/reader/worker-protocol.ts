// What the ReaderPool and its reader processes (worker.ts) say to each
// other. Kept apart from worker.ts, which runs as soon as it is imported.
import type { ReadResult } from '../domain/report.ts';
import type { TextResult } from './read.ts';

export type WorkerRequest = { id: number; mode: 'report' | 'text'; path: string } | { id: number; mode: 'report' | 'text'; bytes: Uint8Array };
export type WorkerReply = { id: number; result: ReadResult | TextResult } | { id: number; ioError: string };

export interface WorkerConfig {
  maxPages: number;
  /** Page cap for documents read as plain text (letters, other publications). */
  maxTextPages: number;
  maxBytes: number;
  maxTextUnits: number;
}

/** The pool passes the config in the environment: a child process has no workerData. */
export const CONFIG_ENV = 'ILACS_READER_CONFIG';
