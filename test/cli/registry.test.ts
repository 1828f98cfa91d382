import { test } from 'node:test';
import assert from 'node:assert/strict';
import { commands } from '../../src/cli/commands/index.ts';

test('every registered command loads and matches its registry entry', async () => {
  for (const entry of commands) {
    const cmd = await entry.load();
    assert.equal(cmd.name, entry.name);
    assert.equal(cmd.summary, entry.summary, `summary of ${entry.name} differs between the registry and the command`);
  }
});
