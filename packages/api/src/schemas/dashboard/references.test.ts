import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { BadDataError } from '@saba/model';
import { checkReferences, type DashboardRefs, referencedHostIds, resolveReferences } from './references.ts';
import { parseWidgets, type Widget } from './widgets.ts';

/** What exists: host h1, service svc with role web. Plain data, not a stand-in for the catalog. */
const REFS: DashboardRefs = {
  hasHost: (id) => id === 'h1',
  hasService: (name) => name === 'svc',
  hasRole: (service, role) => service === 'svc' && role === 'web',
};

/** Widgets stacked in rows so they never overlap. */
function widgets(...specs: Record<string, unknown>[]): Widget[] {
  return parseWidgets(
    specs.map((s, i) => ({ title: `w${i}`, layout: { x: 0, y: i * 10, width: 6, height: 6 }, ...s })),
  );
}

const graph = (g: Record<string, unknown>) => ({ type: 'graph', graph: g });
const value = (m: Record<string, unknown>) => ({ type: 'value', metric: m });

describe('checkReferences (writes)', () => {
  test('accepts widgets naming what exists, and expressions and queries whatever they name', () => {
    checkReferences(
      widgets(
        graph({ type: 'host', hostId: 'h1', name: 'cpu' }),
        graph({ type: 'role', roleFullname: 'svc:web', name: 'cpu' }),
        graph({ type: 'service', serviceName: 'svc', name: 'rps' }),
        graph({ type: 'expression', expression: 'host(gone, cpu)' }),
        graph({ type: 'query', query: 'up{service="gone"}' }),
        value({ type: 'host', hostId: 'h1', name: 'loadavg5' }),
        value({ type: 'service', serviceName: 'svc', name: 'rps' }),
        { type: 'alertStatus', roleFullname: 'svc:web' },
        { type: 'markdown', markdown: 'host h2' },
      ),
      REFS,
    );
  });

  const bad: [string, Record<string, unknown>, RegExp][] = [
    [
      'a host graph of a missing host',
      graph({ type: 'host', hostId: 'h2', name: 'cpu' }),
      /"graph.hostId" names no host "h2"/,
    ],
    [
      'a role graph of a missing role',
      graph({ type: 'role', roleFullname: 'svc:db', name: 'cpu' }),
      /"graph.roleFullname" names no role "svc:db"/,
    ],
    [
      'a role graph of a missing service',
      graph({ type: 'role', roleFullname: 'other:web', name: 'cpu' }),
      /names no role "other:web"/,
    ],
    [
      'a service graph of a missing service',
      graph({ type: 'service', serviceName: 'other', name: 'rps' }),
      /"graph.serviceName" names no service "other"/,
    ],
    [
      'a host metric of a missing host',
      value({ type: 'host', hostId: 'h9', name: 'x' }),
      /"metric.hostId" names no host "h9"/,
    ],
    [
      'a service metric of a missing service',
      value({ type: 'service', serviceName: 'x', name: 'y' }),
      /"metric.serviceName" names no service "x"/,
    ],
    [
      'an alertStatus of a missing role',
      { type: 'alertStatus', roleFullname: 'svc:db' },
      /"roleFullname" names no role "svc:db"/,
    ],
  ];
  for (const [name, spec, pattern] of bad) {
    test(`refuses ${name}, naming the widget`, () => {
      const list = widgets({ type: 'markdown' }, spec);
      assert.throws(
        () => checkReferences(list, REFS),
        (e: unknown) => {
          assert.ok(e instanceof BadDataError);
          assert.match(e.message, /^widgets\[1\] \(title "w1"\): /);
          assert.match(e.message, pattern);
          return true;
        },
      );
    });
  }
});

describe('resolveReferences (reads)', () => {
  test('what names a missing host, service or role answers unknown, or roleFullname null; the rest is kept', () => {
    const list = widgets(
      graph({ type: 'host', hostId: 'h2', name: 'cpu' }),
      graph({ type: 'role', roleFullname: 'svc:db', name: 'cpu' }),
      graph({ type: 'service', serviceName: 'other', name: 'rps' }),
      value({ type: 'host', hostId: 'h2', name: 'x' }),
      value({ type: 'service', serviceName: 'other', name: 'y' }),
      { type: 'alertStatus', roleFullname: 'svc:db' },
      graph({ type: 'host', hostId: 'h1', name: 'cpu' }),
      value({ type: 'expression', expression: 'x' }),
      { type: 'alertStatus', roleFullname: 'svc:web' },
    );
    const resolved = resolveReferences(list, REFS);
    const refOf = (w: Widget) =>
      w.type === 'graph'
        ? w.graph
        : w.type === 'value'
          ? w.metric
          : w.type === 'alertStatus'
            ? w.roleFullname
            : w.markdown;
    assert.deepEqual(resolved.map(refOf), [
      { type: 'unknown' },
      { type: 'unknown' },
      { type: 'unknown' },
      { type: 'unknown' },
      { type: 'unknown' },
      null,
      { type: 'host', hostId: 'h1', name: 'cpu' },
      { type: 'expression', expression: 'x' },
      'svc:web',
    ]);
    // Titles, layouts and options stay as they were.
    assert.deepEqual(
      resolved.map((w) => [w.title, w.layout]),
      list.map((w) => [w.title, w.layout]),
    );
  });

  test('referencedHostIds lists each host of graphs and metrics once', () => {
    const list = widgets(
      graph({ type: 'host', hostId: 'h1', name: 'a' }),
      value({ type: 'host', hostId: 'h1', name: 'b' }),
      value({ type: 'host', hostId: 'h2', name: 'c' }),
      graph({ type: 'expression', expression: 'host(h3, cpu)' }),
    );
    assert.deepEqual(referencedHostIds(list), ['h1', 'h2']);
  });
});
