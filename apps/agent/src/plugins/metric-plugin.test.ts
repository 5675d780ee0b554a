import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { MetricPluginConfig } from '@saba/agent-config';
import { collectPlugin, type PluginValue, parseMetricOutput } from './metric-plugin.ts';

const testdata = join(import.meta.dirname, '../../testdata/plugins');
const NOW = 1_700_000_000;

function plugin(extra: Partial<MetricPluginConfig> = {}): MetricPluginConfig {
  return { name: 'test', command: 'true', env: {}, timeoutSeconds: 5, usePluginTimestamp: false, ...extra };
}

describe('parseMetricOutput', () => {
  const cases: { name: string; out: string; plugin?: Partial<MetricPluginConfig>; want: PluginValue[] }[] = [
    { name: 'tab separated', out: 'a.b\t1\t1700000000\n', want: [{ name: 'custom.a.b', value: 1 }] },
    { name: 'runs of spaces and tabs', out: 'a.b   2 \t 1700000000', want: [{ name: 'custom.a.b', value: 2 }] },
    { name: 'leading whitespace and CRLF', out: '  a 3 1\r\n', want: [{ name: 'custom.a', value: 3 }] },
    { name: 'fewer than 3 fields ignored', out: 'a 1\nb\n\n  \n', want: [] },
    { name: 'extra fields accepted', out: 'a 1 1 extra words', want: [{ name: 'custom.a', value: 1 }] },
    { name: 'comment line ignored', out: '# a comment line\nx 1 1', want: [{ name: 'custom.x', value: 1 }] },
    {
      name: 'float forms',
      out: 'a 1.5e3 1\nb -0.25 1\nc .5 1\nd 5. 1\ne +7 1\nf 1E-2 1',
      want: [
        { name: 'custom.a', value: 1500 },
        { name: 'custom.b', value: -0.25 },
        { name: 'custom.c', value: 0.5 },
        { name: 'custom.d', value: 5 },
        { name: 'custom.e', value: 7 },
        { name: 'custom.f', value: 0.01 },
      ],
    },
    {
      name: 'bad values skipped',
      out: 'a x 1\nb 1,5 1\nc 0x10 1\nd 1e 1\ne - 1\nok 1 1',
      want: [{ name: 'custom.ok', value: 1 }],
    },
    { name: 'NaN and infinities dropped', out: 'a NaN 1\nb +Inf 1\nc -Infinity 1\nd 1e400 1', want: [] },
    { name: 'name charset', out: 'a/b 1 1\nä 1 1\nok-_.Z9 2 1', want: [{ name: 'custom.ok-_.Z9', value: 2 }] },
    {
      name: 'repeated name keeps the last value',
      out: 'a 1 1\nb 2 1\na 3 1',
      want: [
        { name: 'custom.b', value: 2 },
        { name: 'custom.a', value: 3 },
      ],
    },
    {
      name: 'include pattern on the un-prefixed name',
      out: 'dice.d6 1 1\ndice.d20 2 1',
      plugin: { includePattern: /^dice\.d6/ },
      want: [{ name: 'custom.dice.d6', value: 1 }],
    },
    {
      name: 'exclude pattern',
      out: 'dice.d6 1 1\ndice.d20 2 1',
      plugin: { excludePattern: /^dice\.d20/ },
      want: [{ name: 'custom.dice.d6', value: 1 }],
    },
    {
      name: 'matching both means excluded',
      out: 'dice.d6 1 1\ndice.d20 2 1',
      plugin: { includePattern: /d20/, excludePattern: /d20/ },
      want: [],
    },
    {
      name: 'a /g pattern matches every line (no lastIndex carry-over)',
      out: 'dice.d6 1 1\ndice.d20 2 1',
      plugin: { includePattern: /dice/g },
      want: [
        { name: 'custom.dice.d6', value: 1 },
        { name: 'custom.dice.d20', value: 2 },
      ],
    },
    { name: 'plugin timestamp ignored by default', out: 'a 1 12345', want: [{ name: 'custom.a', value: 1 }] },
    {
      name: 'plugin timestamps within ±15 min kept',
      out: `a 1 ${NOW - 900}\nb 2 ${NOW + 900}\nc 3 ${NOW}`,
      plugin: { usePluginTimestamp: true },
      want: [
        { name: 'custom.a', value: 1, time: NOW - 900 },
        { name: 'custom.b', value: 2, time: NOW + 900 },
        { name: 'custom.c', value: 3, time: NOW },
      ],
    },
    {
      name: 'plugin timestamps beyond ±15 min or not integers dropped',
      out: `a 1 ${NOW - 901}\nb 2 ${NOW + 901}\nc 3 abc\nd 4 ${NOW}.5`,
      plugin: { usePluginTimestamp: true },
      want: [],
    },
    {
      name: 'same name at two plugin timestamps kept apart',
      out: `a 1 ${NOW - 60}\na 2 ${NOW}`,
      plugin: { usePluginTimestamp: true },
      want: [
        { name: 'custom.a', value: 1, time: NOW - 60 },
        { name: 'custom.a', value: 2, time: NOW },
      ],
    },
  ];
  for (const c of cases) {
    it(c.name, () => assert.deepEqual(parseMetricOutput(c.out, plugin(c.plugin), NOW), c.want));
  }
});

describe('collectPlugin', () => {
  it('runs the plugin with MACKEREL_AGENT_PLUGIN_META empty, ignores the exit code, logs stderr', async () => {
    const logs: string[] = [];
    const now = Math.floor(Date.now() / 1000);
    const got = await collectPlugin(plugin({ command: [join(testdata, 'dice-plugin.sh')] }), now, (l) => logs.push(l));
    assert.deepEqual(got, [
      { name: 'custom.dice.d6', value: 3 },
      { name: 'custom.dice.d20', value: 17 },
      { name: 'custom.meta.empty', value: 1 },
    ]);
    assert.equal(logs.length, 1);
    assert.match(logs[0] ?? '', /rolled two dice/);
  });

  it('uses plugin timestamps when configured', async () => {
    const now = Math.floor(Date.now() / 1000);
    const got = await collectPlugin(
      plugin({ command: [join(testdata, 'dice-plugin.sh')], usePluginTimestamp: true, includePattern: /d6/ }),
      now,
      () => {},
    );
    assert.equal(got.length, 1);
    assert.ok(Math.abs((got[0]?.time ?? 0) - now) <= 2);
  });

  it('a timed-out plugin yields nothing and is logged', async () => {
    const logs: string[] = [];
    const got = await collectPlugin(plugin({ command: 'echo a 1 1; sleep 30', timeoutSeconds: 1 }), NOW, (l) =>
      logs.push(l),
    );
    assert.deepEqual(got, []);
    assert.match(logs.join('\n'), /command timed out/);
  });
});
