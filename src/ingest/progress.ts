// A one-line progress bar for a terminal (stderr), redrawn at most ten times a second.
import type { IngestProgress } from './ingest.ts';

export function progressBar(stream: NodeJS.WriteStream): { update(p: IngestProgress): void; done(): void } {
  let last = 0;
  let drawn = false;
  const draw = (p: IngestProgress): void => {
    const width = 28;
    const filled = p.total === 0 ? width : Math.round((p.done / p.total) * width);
    const counts = `${p.done}/${p.total}  added ${p.added}  text ${p.textAdded}  re-read ${p.reread}  unchanged ${p.unchanged}  failed ${p.failed}`;
    const room = Math.max(0, (stream.columns ?? 100) - width - counts.length - 6);
    const name = p.file.length > room ? `…${p.file.slice(p.file.length - room + 1)}` : p.file;
    stream.write(`\r\x1b[K[${'='.repeat(filled)}${' '.repeat(width - filled)}] ${counts}  ${room > 1 ? name : ''}`);
    drawn = true;
  };
  return {
    update(p) {
      const now = Date.now();
      if (now - last < 100 && p.done < p.total) return;
      last = now;
      draw(p);
    },
    done() {
      if (drawn) stream.write('\r\x1b[K');
    },
  };
}
