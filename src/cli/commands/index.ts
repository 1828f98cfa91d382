// The registry of CLI commands. Add a command by adding its module here.
import type { Command } from '../command.ts';
import { extractCommand } from './extract.ts';
import { ingestCommand } from './ingest.ts';
import { snapshotCommand } from './snapshot.ts';
import { serveCommand } from './serve.ts';
import { statsCommand } from './stats.ts';
import { syncCommand } from './sync.ts';

export const commands: Command[] = [extractCommand, ingestCommand, statsCommand, snapshotCommand, syncCommand, serveCommand];
