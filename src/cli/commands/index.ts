// The registry of CLI commands. Each command's module is loaded only when
// that command runs, so `ilacs extract` does not pay for the web server's
// imports (and vice versa). Add a command by adding an entry here.
import type { Command } from '../command.ts';

export interface CommandEntry {
  name: string;
  summary: string;
  load(): Promise<Command>;
}

export const commands: CommandEntry[] = [
  { name: 'extract', summary: 'Read inspection report PDFs and print what each holds', load: async () => (await import('./extract.ts')).extractCommand },
  { name: 'ingest', summary: 'Read report PDFs into the database (files already stored are skipped)', load: async () => (await import('./ingest.ts')).ingestCommand },
  { name: 'reread', summary: 'Read again every stored report an older reader read, and list what changed', load: async () => (await import('./reread.ts')).rereadCommand },
  { name: 'stats', summary: 'Show what the database holds: authorities, reports by framework, judgements, items, full text', load: async () => (await import('./stats.ts')).statsCommand },
  { name: 'national', summary: 'The national picture as at a date: councils at each grade, by region, and how they moved', load: async () => (await import('./national.ts')).nationalCommand },
  { name: 'snapshot', summary: 'Export the record’s facts to a snapshot file, or import one', load: async () => (await import('./snapshot.ts')).snapshotCommand },
  { name: 'sync', summary: "Fetch new reports and other publications from Ofsted's report site", load: async () => (await import('./sync.ts')).syncCommand },
  { name: 'summary', summary: 'Print a report’s plain-English summary, built from the record', load: async () => (await import('./summary.ts')).summaryCommand },
  { name: 'forecast', summary: 'Forecast each council’s next full inspection, from what was published by a date', load: async () => (await import('./forecast.ts')).forecastCommand },
  { name: 'users', summary: 'Manage the inspection workflow’s accounts: add, list, disable, enable', load: async () => (await import('./users.ts')).usersCommand },
  { name: 'serve', summary: 'Run the web service: pages, JSON API, downloads and feeds', load: async () => (await import('./serve.ts')).serveCommand },
];
