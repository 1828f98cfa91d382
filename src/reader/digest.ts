import { createHash } from 'node:crypto';

/** The identity of a file's bytes, as stored with every report. */
export function sha256Of(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}
