import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { ConfigError, parseDuration, resolveSyncConfig } from '../../src/sync/config.ts';

test('durations', () => {
  assert.equal(parseDuration('24h', 'x'), 86_400_000);
  assert.equal(parseDuration('1.5s', 'x'), 1500);
  assert.equal(parseDuration('20ms', 'x'), 20);
  assert.equal(parseDuration('2', 'x'), 2000);
  assert.equal(parseDuration('1d', 'x'), 86_400_000);
  assert.throws(() => parseDuration('daily', 'the period'), /the period "daily" is not a duration/);
});

test('Ofsted\'s real site needs a contact address and at least a second between requests', () => {
  assert.throws(() => resolveSyncConfig({}, {}), (e: unknown) => e instanceof ConfigError && /without a contact address/.test(e.message));
  const c = resolveSyncConfig({ contact: 'data@example.org' }, {});
  assert.equal(c.siteUrl, 'https://reports.ofsted.gov.uk');
  assert.equal(c.filesUrl, 'https://files.ofsted.gov.uk');
  assert.equal(c.spacingMs, 1000);
  assert.match(c.userAgent, /^ilacs\/\S+ \(.*contact: data@example\.org\)$/);
  assert.throws(() => resolveSyncConfig({ contact: 'data@example.org', spacing: '200ms' }, {}), /too fast for Ofsted's site/);
  assert.throws(() => resolveSyncConfig({ contact: 'not an address' }, {}), /must be an e-mail address or an http\(s\) URL/);
});

test('options win over environment variables, which win over defaults', () => {
  const env = { ILACS_SYNC_SITE_URL: 'http://127.0.0.1:8080/', ILACS_SYNC_FILES_URL: 'http://127.0.0.1:8081', ILACS_SYNC_SPACING: '50ms', ILACS_ARCHIVE_DIR: '/tmp/a', ILACS_SYNC_RETRIES: '2' };
  const c = resolveSyncConfig({ filesUrl: 'http://127.0.0.1:9000/files' }, env);
  assert.equal(c.siteUrl, 'http://127.0.0.1:8080');
  assert.equal(c.filesUrl, 'http://127.0.0.1:9000/files');
  assert.equal(c.spacingMs, 50);
  assert.equal(c.retries, 2);
  assert.equal(c.archiveDir, path.resolve('/tmp/a'));
  assert.equal(c.contact, null, 'a local test site needs no contact');
  assert.throws(() => resolveSyncConfig({ siteUrl: 'reports.ofsted.gov.uk' }, {}), /is not an address/);
  assert.throws(() => resolveSyncConfig({ siteUrl: 'http://127.0.0.1', filesUrl: 'http://127.0.0.1', retries: 'many' }, {}), /retry count "many"/);
});
