import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { GraphDef } from '../../api/types.ts';
import { type GraphSpec, groupMetrics, matchWildcards } from './graph-groups.ts';

/** A graph as `[key, title, unit, [metric, label, stacked][]]`, to keep the table short. */
type Row = [string, string, string, Array<[string, string, boolean]>];

function rows(graphs: GraphSpec[]): Row[] {
  return graphs.map((g) => [
    g.key,
    g.title,
    g.unit,
    g.series.map((s): [string, string, boolean] => [s.metric, s.label, s.stacked]),
  ]);
}

const appDef: GraphDef = {
  name: 'custom.app.requests',
  displayName: 'Requests',
  unit: 'integer',
  metrics: [
    { name: 'custom.app.requests.post', displayName: 'POST', isStacked: true },
    { name: 'custom.app.requests.get', displayName: '', isStacked: true },
  ],
};
const dockerDef: GraphDef = {
  name: 'custom.docker.cpu.#',
  displayName: 'Docker CPU',
  unit: 'percentage',
  metrics: [
    { name: 'custom.docker.cpu.#.user', displayName: '%1 user', isStacked: true },
    { name: 'custom.docker.cpu.#.system', displayName: '', isStacked: true },
  ],
};
const diskDef: GraphDef = {
  name: 'custom.disk.*',
  displayName: '',
  unit: 'bytes',
  metrics: [{ name: 'custom.disk.*.used', displayName: '', isStacked: false }],
};
const broad: GraphDef = { name: 'custom.x.*', displayName: 'Any x', unit: 'float', metrics: [] };
const narrow: GraphDef = { name: 'custom.x.special', displayName: 'Special x', unit: 'seconds', metrics: [] };

const cases: Array<{ what: string; names: string[]; defs?: GraphDef[]; want: Row[] }> = [
  {
    what: "the agent's system metrics go to their fixed graphs, in Mackerel's order",
    names: [
      'filesystem.vda.used',
      'filesystem.vda.size',
      'interface.eth0.txBytes.delta',
      'interface.eth0.rxBytes.delta',
      'disk.vda.writes.delta',
      'disk.vda.reads.delta',
      'memory.swap_free',
      'memory.total',
      'memory.mem_available',
      'memory.used',
      'cpu.idle.percentage',
      'cpu.system.percentage',
      'cpu.user.percentage',
      'loadavg15',
      'loadavg1',
      'loadavg5',
    ],
    want: [
      [
        'loadavg',
        'Load average',
        'float',
        [
          ['loadavg1', 'loadavg1', false],
          ['loadavg5', 'loadavg5', false],
          ['loadavg15', 'loadavg15', false],
        ],
      ],
      [
        'cpu',
        'CPU',
        'percentage',
        [
          ['cpu.user.percentage', 'user', true],
          ['cpu.system.percentage', 'system', true],
          ['cpu.idle.percentage', 'idle', true],
        ],
      ],
      [
        'memory',
        'Memory',
        'bytes',
        [
          ['memory.used', 'used', true],
          ['memory.mem_available', 'mem_available', true],
          ['memory.total', 'total', false],
          ['memory.swap_free', 'swap_free', false],
        ],
      ],
      [
        'disk',
        'Disk IOPS',
        'iops',
        [
          ['disk.vda.reads.delta', 'vda reads', false],
          ['disk.vda.writes.delta', 'vda writes', false],
        ],
      ],
      [
        'interface',
        'Network traffic',
        'bytes/sec',
        [
          ['interface.eth0.rxBytes.delta', 'eth0 rx', false],
          ['interface.eth0.txBytes.delta', 'eth0 tx', false],
        ],
      ],
      [
        'filesystem',
        'Filesystem',
        'bytes',
        [
          ['filesystem.vda.size', 'vda size', false],
          ['filesystem.vda.used', 'vda used', false],
        ],
      ],
    ],
  },
  {
    what: 'custom metrics without a definition share a graph per everything before the last dot',
    names: ['custom.foo.baz', 'custom.qux.a.b', 'custom.foo.bar'],
    want: [
      [
        'custom.foo.*',
        'custom.foo.*',
        'float',
        [
          ['custom.foo.bar', 'bar', false],
          ['custom.foo.baz', 'baz', false],
        ],
      ],
      ['custom.qux.a.*', 'custom.qux.a.*', 'float', [['custom.qux.a.b', 'b', false]]],
    ],
  },
  {
    what: 'a definition names the graph, gives its unit, orders and labels its metrics; an unnamed one joins last',
    names: ['custom.app.requests.put', 'custom.app.requests.get', 'custom.app.requests.post'],
    defs: [appDef],
    want: [
      [
        'custom.app.requests',
        'Requests',
        'integer',
        [
          ['custom.app.requests.post', 'POST', true],
          ['custom.app.requests.get', 'get', true],
          ['custom.app.requests.put', 'put', false],
        ],
      ],
    ],
  },
  {
    what: '"#" puts every match in one graph, its legend grouped by the matched segment; %1 substitutes it',
    names: [
      'custom.docker.cpu.web.user',
      'custom.docker.cpu.web.system',
      'custom.docker.cpu.db.system',
      'custom.docker.cpu.db.user',
    ],
    defs: [dockerDef],
    want: [
      [
        'custom.docker.cpu.#',
        'Docker CPU',
        'percentage',
        [
          ['custom.docker.cpu.db.user', 'db user', true],
          ['custom.docker.cpu.db.system', 'db.system', true],
          ['custom.docker.cpu.web.user', 'web user', true],
          ['custom.docker.cpu.web.system', 'web.system', true],
        ],
      ],
    ],
  },
  {
    what: '"*" matches one segment; without a display name the label is what the wildcards matched',
    names: ['custom.disk.sdb.used', 'custom.disk.sda.used', 'custom.disk.sda.free'],
    defs: [diskDef],
    want: [
      [
        'custom.disk.*',
        'custom.disk.*',
        'bytes',
        [
          ['custom.disk.sda.used', 'sda.used', false],
          ['custom.disk.sdb.used', 'sdb.used', false],
          ['custom.disk.sda.free', 'sda.free', false],
        ],
      ],
    ],
  },
  {
    what: 'the definition with the fewest wildcards wins where two match',
    names: ['custom.x.special.a', 'custom.x.other.b'],
    defs: [broad, narrow],
    want: [
      ['custom.x.*', 'Any x', 'float', [['custom.x.other.b', 'other.b', false]]],
      ['custom.x.special', 'Special x', 'seconds', [['custom.x.special.a', 'a', false]]],
    ],
  },
  {
    what: 'other names group by prefix too, never under a custom definition; system graphs come first; repeats count once',
    names: ['custom.app.requests.get', 'uptime', 'container.cpu.usage', 'loadavg5', 'uptime'],
    defs: [{ ...appDef, name: 'custom.*', metrics: [] }],
    want: [
      ['loadavg', 'Load average', 'float', [['loadavg5', 'loadavg5', false]]],
      ['container.cpu.*', 'container.cpu.*', 'float', [['container.cpu.usage', 'usage', false]]],
      ['custom.app.requests.*', 'custom.app.requests.*', 'float', [['custom.app.requests.get', 'get', false]]],
      ['uptime', 'uptime', 'float', [['uptime', 'uptime', false]]],
    ],
  },
  { what: 'no metrics, no graphs', names: [], want: [] },
];

for (const c of cases) {
  test(`groupMetrics: ${c.what}`, () => {
    assert.deepEqual(rows(groupMetrics(c.names, c.defs ?? [])), c.want);
  });
}

test('matchWildcards matches whole segments and reports the "#" position', () => {
  const cases: Array<[string, string, ReturnType<typeof matchWildcards>]> = [
    ['custom.a.b', 'custom.a.b', { matches: [], hash: -1 }],
    ['custom.a.*', 'custom.a.b', { matches: ['b'], hash: -1 }],
    ['custom.*.#.c', 'custom.x.y.c', { matches: ['x', 'y'], hash: 1 }],
    ['custom.a.*', 'custom.a.b.c', undefined],
    ['custom.a.*', 'custom.a', undefined],
    ['custom.a.b', 'custom.a.c', undefined],
  ];
  for (const [pattern, name, want] of cases)
    assert.deepEqual(matchWildcards(pattern, name), want, `${pattern} ${name}`);
});
