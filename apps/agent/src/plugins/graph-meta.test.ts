import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { MetricPluginConfig } from '@saba/agent-config';
import type { GraphDefInput } from '@saba/client';
import { collectGraphDefs, parseGraphMeta } from './graph-meta.ts';

const testdata = join(import.meta.dirname, '../../testdata/plugins');

const DICE = '{"graphs":{"dice":{"label":"My Dice","unit":"integer","metrics":[{"name":"d6","label":"Die (d6)"}]}}}';
const DICE_DEF: GraphDefInput = {
  name: 'custom.dice',
  displayName: 'My Dice',
  unit: 'integer',
  metrics: [{ name: 'custom.dice.d6', displayName: 'Die (d6)', isStacked: false }],
};

describe('parseGraphMeta', () => {
  const cases: { name: string; out: string; want: GraphDefInput[] | undefined }[] = [
    { name: 'plain header', out: `# mackerel-agent-plugin\n${DICE}\n`, want: [DICE_DEF] },
    { name: 'no space after #', out: `#mackerel-agent-plugin\n${DICE}`, want: [DICE_DEF] },
    { name: 'CRLF header', out: `# mackerel-agent-plugin\r\n${DICE}`, want: [DICE_DEF] },
    {
      name: 'version=1 and other words',
      out: `# mackerel-agent-plugin version=1 foo=bar baz\n${DICE}`,
      want: [DICE_DEF],
    },
    { name: 'version=2 ignored', out: `# mackerel-agent-plugin version=2\n${DICE}`, want: undefined },
    { name: 'empty version ignored', out: `# mackerel-agent-plugin version\n${DICE}`, want: undefined },
    { name: 'word boundary after the name', out: `# mackerel-agent-plugins\n${DICE}`, want: undefined },
    { name: 'header must be the first line', out: `\n# mackerel-agent-plugin\n${DICE}`, want: undefined },
    { name: 'header without newline', out: '# mackerel-agent-plugin', want: undefined },
    { name: 'no header: plain values', out: 'dice.d6 3 1700000000\n', want: undefined },
    { name: 'bad JSON', out: '# mackerel-agent-plugin\n{"graphs": {', want: undefined },
    { name: 'no JSON at all', out: '# mackerel-agent-plugin\n', want: undefined },
    {
      name: 'text after the JSON value ignored',
      out: `# mackerel-agent-plugin\n${DICE}\ntrailing {text}\n`,
      want: [DICE_DEF],
    },
    { name: 'graphs null or absent', out: '# mackerel-agent-plugin\n{"other": 1}', want: [] },
    { name: 'wrong type for label', out: '# mackerel-agent-plugin\n{"graphs":{"a":{"label":1}}}', want: undefined },
    {
      name: 'wrong type for stacked',
      out: '# mackerel-agent-plugin\n{"graphs":{"a":{"metrics":[{"name":"x","stacked":"yes"}]}}}',
      want: undefined,
    },
    {
      name: 'missing unit and labels; stacked; case-insensitive keys',
      out: '# mackerel-agent-plugin\n{"Graphs":{"load":{"Metrics":[{"name":"one","stacked":true},{"name":"two"}]}}}',
      want: [
        {
          name: 'custom.load',
          displayName: '',
          unit: 'float',
          metrics: [
            { name: 'custom.load.one', displayName: '', isStacked: true },
            { name: 'custom.load.two', displayName: '', isStacked: false },
          ],
        },
      ],
    },
    {
      name: 'wildcard keys and several graphs in order',
      out:
        '# mackerel-agent-plugin\n' +
        '{"graphs":{"disk.#":{"label":"Disk","unit":"bytes","metrics":[{"name":"*","label":"%1"}]},' +
        '"mem":{"label":"Mem","unit":"percentage","metrics":[]}}}',
      want: [
        {
          name: 'custom.disk.#',
          displayName: 'Disk',
          unit: 'bytes',
          metrics: [{ name: 'custom.disk.#.*', displayName: '%1', isStacked: false }],
        },
        { name: 'custom.mem', displayName: 'Mem', unit: 'percentage', metrics: [] },
      ],
    },
  ];
  for (const c of cases) it(c.name, () => assert.deepEqual(parseGraphMeta(c.out), c.want));
});

describe('collectGraphDefs', () => {
  it('runs each plugin with MACKEREL_AGENT_PLUGIN_META=1 and keeps what parses', async () => {
    const base = { env: {}, timeoutSeconds: 2, usePluginTimestamp: false };
    const plugins: MetricPluginConfig[] = [
      { ...base, name: 'dice', command: [join(testdata, 'dice-plugin.sh')] },
      { ...base, name: 'plain', command: 'echo "x 1 1"' },
      { ...base, name: 'missing', command: ['/nonexistent/plugin'] },
    ];
    const logs: string[] = [];
    const got = await collectGraphDefs(plugins, (l) => logs.push(l));
    assert.deepEqual(got, [
      {
        name: 'custom.dice',
        displayName: 'My Dice',
        unit: 'integer',
        metrics: [
          { name: 'custom.dice.d6', displayName: 'Die (d6)', isStacked: false },
          { name: 'custom.dice.d20', displayName: 'Die (d20)', isStacked: true },
        ],
      },
    ]);
    assert.equal(logs.length, 2);
    assert.match(logs.join('\n'), /plain: no usable graph definitions/);
    assert.match(logs.join('\n'), /missing: meta run failed/);
  });
});
