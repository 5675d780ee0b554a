import assert from 'node:assert/strict';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { loadConfig } from './load.ts';

async function confFile(text: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'saba-load-unknown-'));
  const path = join(dir, 'mackerel-agent.conf');
  await writeFile(path, text);
  return path;
}

// Unknown keys anywhere are warnings with their dotted path, never errors.
const UNKNOWN: { name: string; toml: string; keys: [string, string | undefined][] }[] = [
  { name: 'top level typo', toml: 'podfile = "/p"', keys: [['podfile', 'pidfile']] },
  { name: 'top level unrelated', toml: 'foobar = 1', keys: [['foobar', undefined]] },
  {
    name: 'unknown table reported once',
    toml: '[connection]\npost_metrics_retry_max = 5\nx = 1',
    keys: [['connection', undefined]],
  },
  {
    name: 'table typo',
    toml: '[filesystems]\nuse_mntpoint = true',
    keys: [['filesystems.use_mntpoint', 'filesystems.use_mountpoint']],
  },
  {
    name: 'host_status typo',
    toml: '[host_status]\non_strat = "working"',
    keys: [['host_status.on_strat', 'host_status.on_start']],
  },
  {
    name: 'plugin kind typo',
    toml: '[plugin.metric.a]\ncommand = "x"\n[plugin.check.b]\ncommand = "y"',
    keys: [
      ['plugin.metric.a', 'plugin.metrics.a'],
      ['plugin.check.b', 'plugin.checks.b'],
    ],
  },
  {
    name: 'plugin kind unrelated',
    toml: '[plugin.foo.bar]\ncommand = "x"',
    keys: [['plugin.foo.bar', 'plugin.metrics.bar']],
  },
  {
    name: 'plugin key typo',
    toml: '[plugin.checks.p]\ncommand = "x"\ncheck_intreval = 5',
    keys: [['plugin.checks.p.check_intreval', 'plugin.checks.p.check_interval']],
  },
  {
    name: 'action key typo',
    toml: '[plugin.checks.p]\ncommand = "x"\naction = { command = "y", use = "u" }',
    keys: [['plugin.checks.p.action.use', 'plugin.checks.p.action.user']],
  },
  {
    name: 'nested table under a plugin',
    toml: '[plugin.metrics.a.b]\ncommand = "x"\n[plugin.metrics.a]\ncommand = "y"',
    keys: [['plugin.metrics.a.b', undefined]],
  },
  { name: 'buffer typo', toml: '[buffer]\nmax_ages = "1h"', keys: [['buffer.max_ages', 'buffer.max_age']] },
];

test('unknown keys are warnings with their dotted path and a suggestion', async () => {
  for (const { name, toml, keys } of UNKNOWN) {
    const path = await confFile(`apikey = "k"\n${toml}\n`);
    const { unknownKeys, warnings } = await loadConfig(path);
    assert.deepEqual(
      unknownKeys.map((u) => [u.key, u.suggestion]),
      keys,
      name,
    );
    for (const u of unknownKeys) assert.equal(u.file, path, name);
    assert.equal(warnings.length, keys.length, name);
    const [firstKey, firstSuggestion] = keys[0] ?? ['', undefined];
    const hint = firstSuggestion === undefined ? '' : ` Did you mean ${firstSuggestion} ?`;
    assert.equal(warnings[0], `${firstKey} is unexpected key.${hint} (${path})`, name);
  }
});

test('keys of another plugin kind are accepted, as the official agent decodes them, with a note', async () => {
  const path = await confFile('apikey = "k"\n[plugin.metrics.p]\ncommand = "x"\ncheck_interval = 5\nmemo = "m"\n');
  const { unknownKeys, warnings, config } = await loadConfig(path);
  assert.deepEqual(unknownKeys, []);
  assert.deepEqual(warnings, [
    `${path}: plugin.metrics.p.check_interval applies only to other plugin kinds; ignored`,
    `${path}: plugin.metrics.p.memo applies only to other plugin kinds; ignored`,
  ]);
  assert.equal(config.metricPlugins.length, 1);
});
