// Custom graph definitions (spec mackerel-api.md §4.1, §4.3).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { assertError, assertSuccess, type Json } from '../testing/api-fixtures.ts';
import { type Harness, startHarness } from '../testing/harness.ts';

let h: Harness;
before(async () => {
  h = await startHarness();
});
after(async () => {
  await h.close();
});

async function listDefs(key?: string): Promise<Json[]> {
  const a = await h.call('GET', '/api/v0/graph-defs', key ? { key } : {});
  assert.equal(a.status, 200, a.text);
  return a.json.graphDefs as Json[];
}

async function findDef(name: string): Promise<Json | undefined> {
  return (await listDefs()).find((d) => d.name === name);
}

describe('POST /api/v0/graph-defs/create', () => {
  test('the agent plugin body (isStacked always sent) is stored and listed', async () => {
    const defs = [
      {
        name: 'custom.test',
        displayName: 'Test plugin',
        unit: 'integer',
        metrics: [{ name: 'custom.test.value', displayName: 'Value', isStacked: false }],
      },
    ];
    assertSuccess(await h.call('POST', '/api/v0/graph-defs/create', { body: defs }));
    assert.deepEqual(await findDef('custom.test'), defs[0]);
  });

  test('upserts by name: a second post replaces the definition', async () => {
    const first = {
      name: 'custom.replace',
      displayName: 'First',
      unit: 'float',
      metrics: [
        { name: 'custom.replace.a', displayName: 'A', isStacked: false },
        { name: 'custom.replace.b', displayName: 'B', isStacked: false },
      ],
    };
    const second = {
      name: 'custom.replace',
      displayName: 'Second',
      unit: 'bytes',
      metrics: [{ name: 'custom.replace.c', displayName: 'C', isStacked: true }],
    };
    assertSuccess(await h.call('POST', '/api/v0/graph-defs/create', { body: [first] }));
    assertSuccess(await h.call('POST', '/api/v0/graph-defs/create', { body: [second] }));
    assert.deepEqual(await findDef('custom.replace'), second);
    assert.equal((await listDefs()).filter((d) => d.name === 'custom.replace').length, 1);
  });

  test('wildcards: "*" segments and one "#" per name', async () => {
    const defs = [
      {
        name: 'custom.foo.*',
        displayName: 'Foo %1',
        unit: 'percentage',
        metrics: [{ name: 'custom.foo.*.used', displayName: '%1 used', isStacked: true }],
      },
      {
        name: 'custom.docker.cpu.#',
        displayName: 'Docker CPU',
        unit: 'percentage',
        metrics: [
          { name: 'custom.docker.cpu.#.user', displayName: '%1 user', isStacked: true },
          { name: 'custom.docker.cpu.#.system', displayName: '%1 system', isStacked: true },
        ],
      },
      {
        name: 'custom.bar',
        displayName: 'Bar',
        unit: 'float',
        metrics: [{ name: 'custom.bar.*', displayName: '', isStacked: false }],
      },
    ];
    assertSuccess(await h.call('POST', '/api/v0/graph-defs/create', { body: defs }));
    for (const d of defs) assert.deepEqual(await findDef(d.name), d);
  });

  test('every documented unit is accepted', async () => {
    const units = [
      'float',
      'integer',
      'percentage',
      'seconds',
      'milliseconds',
      'bytes',
      'bytes/sec',
      'bits/sec',
      'iops',
    ];
    const body = units.map((unit, i) => ({
      name: `custom.unit${i}`,
      displayName: unit,
      unit,
      metrics: [{ name: `custom.unit${i}.v`, displayName: 'v', isStacked: false }],
    }));
    assertSuccess(await h.call('POST', '/api/v0/graph-defs/create', { body }));
    for (const [i, unit] of units.entries()) assert.equal((await findDef(`custom.unit${i}`))?.unit, unit);
  });

  test('an empty or missing unit is float (Go clients send "" for a unit left unset)', async () => {
    const body = [
      { name: 'custom.nounit.empty', unit: '', metrics: [metric('custom.nounit.empty.v')] },
      { name: 'custom.nounit.missing', metrics: [metric('custom.nounit.missing.v')] },
    ];
    assertSuccess(await h.call('POST', '/api/v0/graph-defs/create', { body }));
    assert.equal((await findDef('custom.nounit.empty'))?.unit, 'float');
    assert.equal((await findDef('custom.nounit.missing'))?.unit, 'float');
  });

  test('an empty array is accepted', async () => {
    assertSuccess(await h.call('POST', '/api/v0/graph-defs/create', { body: [] }));
  });

  const invalid: ReadonlyArray<readonly [string, unknown]> = [
    ['a name not starting with custom.', [{ name: 'foo.bar', unit: 'float', metrics: [metric('foo.bar.x')] }]],
    ['the bare name "custom"', [{ name: 'custom', unit: 'float', metrics: [metric('custom.x')] }]],
    ['two "#" in the name', [{ name: 'custom.#.#', unit: 'float', metrics: [metric('custom.#.#.x')] }]],
    ['two "#" in a metric name', [{ name: 'custom.a.#', unit: 'float', metrics: [metric('custom.a.#.#')] }]],
    ['consecutive dots', [{ name: 'custom..a', unit: 'float', metrics: [metric('custom..a.x')] }]],
    ['a partial wildcard segment', [{ name: 'custom.a*', unit: 'float', metrics: [metric('custom.a*.x')] }]],
    ['a metric outside the graph', [{ name: 'custom.a', unit: 'float', metrics: [metric('custom.b.x')] }]],
    ['a metric two segments below the graph', [{ name: 'custom.a', unit: 'float', metrics: [metric('custom.a.b.c')] }]],
    ['an unknown unit', [{ name: 'custom.a', unit: 'furlongs', metrics: [metric('custom.a.x')] }]],
    ['metrics missing', [{ name: 'custom.a', unit: 'float' }]],
    [
      'isStacked not a boolean',
      [{ name: 'custom.a', unit: 'float', metrics: [{ name: 'custom.a.x', isStacked: 'yes' }] }],
    ],
    ['name missing', [{ unit: 'float', metrics: [] }]],
    ['a body that is an object', { name: 'custom.a', unit: 'float', metrics: [metric('custom.a.x')] }],
  ];
  for (const [what, body] of invalid) {
    test(`400 for ${what}`, async () => {
      assertError(await h.call('POST', '/api/v0/graph-defs/create', { body }), 400);
    });
  }

  test('one bad definition fails the whole request: nothing stored', async () => {
    const good = {
      name: 'custom.allornothing',
      displayName: '',
      unit: 'float',
      metrics: [metric('custom.allornothing.v')],
    };
    const bad = { name: 'not-custom', unit: 'float', metrics: [] };
    assertError(await h.call('POST', '/api/v0/graph-defs/create', { body: [good, bad] }), 400);
    assert.equal(await findDef('custom.allornothing'), undefined);
  });

  test('graph definitions are per organization', async () => {
    const org = await h.newOrg();
    assert.deepEqual(await listDefs(org.key), []);
  });
});

describe('DELETE /api/v0/graph-defs', () => {
  test('deletes by the name in the JSON body (spec §1.4 #10)', async () => {
    const def = { name: 'custom.doomed.*', displayName: 'd', unit: 'float', metrics: [metric('custom.doomed.*.x')] };
    assertSuccess(await h.call('POST', '/api/v0/graph-defs/create', { body: [def] }));
    assertSuccess(await h.call('DELETE', '/api/v0/graph-defs', { body: { name: 'custom.doomed.*' } }));
    assert.equal(await findDef('custom.doomed.*'), undefined);
  });

  test('400 for a graph definition that does not exist (spec §4.1)', async () => {
    assertError(await h.call('DELETE', '/api/v0/graph-defs', { body: { name: 'custom.never' } }), 400);
  });

  test('400 without a name', async () => {
    assertError(await h.call('DELETE', '/api/v0/graph-defs', { raw: '' }), 400);
    assertError(await h.call('DELETE', '/api/v0/graph-defs', { body: {} }), 400);
  });
});

/** A metric item as the Go client sends it. */
function metric(name: string) {
  return { name, displayName: '', isStacked: false };
}
