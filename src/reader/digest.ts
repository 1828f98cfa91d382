import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';

/** The identity of a file's bytes, as stored with every report. */
export function sha256Of(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** The same for a file on disk, streamed so a huge file is never held in memory; '' when it cannot be read. */
export async function sha256OfFile(path: string): Promise<string> {
  try {
    const hash = createHash('sha256');
    for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
    return hash.digest('hex');
  } catch {
    return '';
  }
}
