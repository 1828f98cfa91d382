import { test } from 'node:test';
import assert from 'node:assert/strict';

test('the JSON twins’ schemas match what the routes send', async () => {
  // A light structural check: every property a schema names is present in a real response.
  const { openTestStore } = await import('./fixtures.ts');
  const { buildServer } = await import('../../src/web/index.ts');
  const t = await openTestStore();
  const app = await buildServer({ store: t.store });
  try {
    const doc = JSON.parse((await app.inject('/api/openapi.json')).body);
    const check = (schema: { properties?: Record<string, unknown> }, value: Record<string, unknown>, where: string) => {
      for (const key of Object.keys(schema.properties ?? {})) assert.ok(key in value, `${where}: ${key} is documented but not sent`);
    };
    const cases: [string, string][] = [
      ['/local-authorities.json', '/local-authorities.json'],
      ['/local-authorities/{slug}.json', '/local-authorities/southend-on-sea.json'],
      ['/reports/{id}.json', `/reports/${t.reportIds[0]}.json`],
      ['/search.json', '/search.json?q=homeless'],
    ];
    for (const [path, url] of cases) {
      const schema = doc.paths[path].get.responses['200'].content['application/json'].schema;
      const body = JSON.parse((await app.inject(url)).body);
      check(schema, body, url);
      if (path === '/reports/{id}.json') check(schema.properties.report, body.report, `${url} report`);
    }
    const report = doc.paths['/reports/{id}.json'].get.responses['200'].content['application/json'].schema;
    assert.ok(report.properties.report.properties.flags.items.properties.code.enum.includes('missing_judgement'), 'flags are documented with their codes');
    assert.equal(report.properties.report.properties.partlyRead.type, 'boolean');
    assert.ok(report.properties.corrections, 'corrections are documented');
  } finally {
    await app.close();
    await t.cleanup();
  }
});
