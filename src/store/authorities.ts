// The authorities table is reference data: refreshed from src/domain on
// start-up whenever the domain's data differs from what the database last
// saw, so a corrected name or neighbour list reaches the database without a
// migration. Reports keep pointing at the same URNs.
import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Authority } from '../domain/authorities.ts';
import type { Database } from './schema.ts';

export type AuthoritySeed = Pick<
  Authority,
  | 'urn'
  | 'slug'
  | 'name'
  | 'officialName'
  | 'laCode'
  | 'gss'
  | 'formerGss'
  | 'region'
  | 'regionCode'
  | 'type'
  | 'current'
  | 'start'
  | 'end'
  | 'names'
  | 'trusts'
  | 'statisticalNeighbours'
  | 'population0to25'
  | 'predecessors'
>;

const META_KEY = 'authorities_sha256';

export async function seedAuthorities(db: Kysely<Database>, seeds: readonly AuthoritySeed[], options: { force?: boolean } = {}): Promise<boolean> {
  if (seeds.length === 0) return false;
  const digest = createHash('sha256').update(JSON.stringify(seeds)).digest('hex');
  const seen = await db.selectFrom('meta').select('value').where('key', '=', META_KEY).executeTakeFirst();
  if (!options.force && seen?.value === digest) return false;

  const known = new Set(seeds.map((s) => s.slug));
  await db.transaction().execute(async (trx) => {
    const rows = seeds.map((s) => ({
      slug: s.slug,
      urn: s.urn,
      la_code: s.laCode,
      name: s.name,
      official_name: s.officialName,
      region: s.region,
      region_code: s.regionCode,
      type: s.type,
      gss: s.gss,
      former_gss: JSON.stringify(s.formerGss),
      alt_names: JSON.stringify(s.names),
      trusts: JSON.stringify(s.trusts),
      is_current: s.current ? 1 : 0,
      start_date: s.start,
      end_date: s.end,
      population_0_25: s.population0to25,
    }));
    for (let i = 0; i < rows.length; i += 100) {
      await trx
        .insertInto('authorities')
        .values(rows.slice(i, i + 100))
        .onConflict((oc) =>
          oc.column('slug').doUpdateSet((eb) => ({
            urn: eb.ref('excluded.urn'),
            la_code: eb.ref('excluded.la_code'),
            name: eb.ref('excluded.name'),
            official_name: eb.ref('excluded.official_name'),
            region: eb.ref('excluded.region'),
            region_code: eb.ref('excluded.region_code'),
            type: eb.ref('excluded.type'),
            gss: eb.ref('excluded.gss'),
            former_gss: eb.ref('excluded.former_gss'),
            alt_names: eb.ref('excluded.alt_names'),
            trusts: eb.ref('excluded.trusts'),
            is_current: eb.ref('excluded.is_current'),
            start_date: eb.ref('excluded.start_date'),
            end_date: eb.ref('excluded.end_date'),
            population_0_25: eb.ref('excluded.population_0_25'),
          })),
        )
        .execute();
    }
    await trx.deleteFrom('authority_neighbours').execute();
    const neighbours = seeds.flatMap((s) =>
      s.statisticalNeighbours
        .map((n) => n.slug)
        .filter((n): n is string => n !== null && known.has(n))
        .map((n, position) => ({ slug: s.slug, position, neighbour_slug: n })),
    );
    for (let i = 0; i < neighbours.length; i += 300) await trx.insertInto('authority_neighbours').values(neighbours.slice(i, i + 300)).execute();
    await trx.deleteFrom('authority_links').execute();
    const links = seeds.flatMap((s) => s.predecessors.filter((p) => known.has(p.slug)).map((p) => ({ predecessor_slug: p.slug, successor_slug: s.slug, effective: p.date })));
    const unique = [...new Map(links.map((l) => [`${l.predecessor_slug}>${l.successor_slug}`, l])).values()];
    if (unique.length > 0) await trx.insertInto('authority_links').values(unique).execute();
    await trx
      .insertInto('meta')
      .values({ key: META_KEY, value: digest })
      .onConflict((oc) => oc.column('key').doUpdateSet({ value: digest }))
      .execute();
  });
  return true;
}
