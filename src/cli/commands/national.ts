// ilacs national: the national picture as at a date, counted as Ofsted's
// official statistics count it (see src/analysis/national.ts).
import { buildView, defaultPublishedBy, isIsoDate, nationalDetail, sharesOf, NATIONAL_GRADES, CHANGE_KINDS } from '../../analysis/index.ts';
import { areaLabel, gradeLabel } from '../../domain/frameworks.ts';
import { openStore } from '../../store/index.ts';
import { UsageError, type Command } from '../command.ts';
import { databaseOption, databaseUrl, noteSnapshot } from './database-option.ts';

function dateOption(value: unknown, name: string): string | undefined {
  if (value === undefined) return undefined;
  const s = String(value).trim();
  if (!isIsoDate(s)) throw new UsageError(`--${name} must be a date written YYYY-MM-DD, such as 2025-03-31, not "${s}"`);
  return s;
}

const CHANGE_LABELS: Record<(typeof CHANGE_KINDS)[number], string> = {
  improved: 'Improved',
  held_good_or_better: 'Held good or better',
  held_below_good: 'Held below good',
  declined: 'Declined',
};

export const nationalCommand: Command = {
  name: 'national',
  summary: 'The national picture as at a date: councils at each grade, by region, and how they moved',
  usage: '--as-at YYYY-MM-DD [--published-by YYYY-MM-DD] [--database URL] [--json]',
  description:
    'Counts as Ofsted’s official statistics do: each council’s most recent full inspection (SIF and ILACS) completed by the date and published by the cut-off (default: one month after the date), over the councils that existed on that date (predecessors before a reorganisation, successors after). Older judgements count as today’s areas as the frameworks table maps them. "changes" compares each council’s latest inspection with its previous full one, on the latest one’s headline judgement.',
  options: {
    'as-at': { type: 'string', value: 'YYYY-MM-DD', description: 'The date the picture is taken at (default: today)' },
    'published-by': { type: 'string', value: 'YYYY-MM-DD', description: 'Count reports published by this date (default: one month after --as-at)' },
    database: databaseOption,
    json: { type: 'boolean', description: 'Print the figures as JSON' },
  },
  async run(ctx) {
    const asAt = dateOption(ctx.values['as-at'], 'as-at') ?? new Date().toISOString().slice(0, 10);
    const publishedBy = dateOption(ctx.values['published-by'], 'published-by') ?? defaultPublishedBy(asAt);
    if (publishedBy < asAt) throw new UsageError(`--published-by (${publishedBy}) is before --as-at (${asAt}): a report cannot be published before its inspection is counted; give a cut-off on or after the date`);
    const store = await openStore(databaseUrl(ctx.values), { access: 'read', searchPool: false });
    noteSnapshot(store, ctx.stderr);
    try {
      const view = buildView(await store.loadRecord());
      const { picture, notCounted } = nationalDetail(view, asAt, publishedBy);
      if (ctx.values.json) {
        ctx.stdout.write(JSON.stringify(picture) + '\n');
        return 0;
      }
      const lines = [`The national picture as at ${asAt} (reports published by ${publishedBy}): ${picture.authorities} councils counted.`];
      if (notCounted.length) lines.push(`Not counted (existed then, no full inspection in the record published by the cut-off): ${notCounted.map((a) => a.name).join(', ')}.`);
      lines.push('');
      const head = ['Judgement'.padEnd(24), ...NATIONAL_GRADES.map((g) => gradeLabel(g).replace(' to be good', '').padStart(22)), 'Good or better'.padStart(16)].join('');
      lines.push(head);
      for (const [area, counts] of Object.entries(picture.judgements)) {
        const s = sharesOf(counts);
        lines.push([areaLabel(area as never).padEnd(24), ...NATIONAL_GRADES.map((g) => `${counts[g]} (${s.percent[g].toFixed(1)}%)`.padStart(22)), `${s.goodOrBetter.toFixed(1)}%`.padStart(16)].join(''));
      }
      lines.push('', 'By region (overall effectiveness):');
      for (const [name, r] of Object.entries(picture.regions)) {
        const o = r.judgements.overall;
        const s = o ? sharesOf(o) : null;
        lines.push(`  ${name.padEnd(26)} ${String(r.authorities).padStart(3)} councils   good or better ${s ? `${s.goodOrBetter.toFixed(1)}%` : '–'}   inadequate ${s ? `${s.percent.inadequate.toFixed(1)}%` : '–'}`);
      }
      lines.push('', `Since their previous full inspection: ${CHANGE_KINDS.map((k) => `${CHANGE_LABELS[k].toLowerCase()} ${picture.changes[k]}`).join(', ')}.`);
      ctx.stdout.write(lines.join('\n') + '\n');
      return 0;
    } finally {
      await store.close();
    }
  },
};
