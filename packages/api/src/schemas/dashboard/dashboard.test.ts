import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { DashboardRecord } from '@saba/catalog';
import { BadDataError, orgId, unixSec } from '@saba/model';
import { dashboardBody, dashboardToJson, parseDashboard, storedBody } from './dashboard.ts';

type Json = Record<string, unknown>;

function refuses(body: unknown, pattern: RegExp): void {
  assert.throws(
    () => parseDashboard(body),
    (e: unknown) => {
      assert.ok(e instanceof BadDataError, String(e));
      assert.match(e.message, pattern);
      return true;
    },
  );
}

/**
 * What mackerel-client-go serialises for a Dashboard (dashboards.go): title, urlPath and memo
 * without omitempty, `widgets` null when the slice is nil, and on each widget `layout`,
 * `metric`, `graph` and `range` always, null when their type is empty.
 */
const GO_CLIENT_BODY = {
  title: 'Go client',
  urlPath: 'go/client',
  memo: '',
  widgets: [
    {
      type: 'markdown',
      title: 'markdown',
      layout: { x: 0, y: 0, width: 24, height: 3 },
      metric: null,
      graph: null,
      range: null,
      markdown: '# body',
    },
    {
      type: 'graph',
      title: 'graph',
      layout: { x: 0, y: 7, width: 8, height: 10 },
      metric: null,
      graph: { type: 'host', name: 'loadavg.loadavg15', hostId: '2u4PP3TJqbw' },
      range: { type: 'relative', period: 3600, offset: 0 },
      referenceLines: [{ label: 'warn', value: 3 }],
    },
    {
      type: 'value',
      title: 'value',
      layout: { x: 8, y: 7, width: 8, height: 5 },
      metric: { type: 'query', query: 'sum(up)', legend: '' },
      graph: null,
      range: null,
      fractionSize: 2,
      suffix: 'total',
      formatRules: [{ name: '', threshold: 1, operator: '<' }],
    },
    {
      type: 'alertStatus',
      title: 'alertStatus',
      layout: { x: 16, y: 7, width: 8, height: 5 },
      metric: null,
      graph: null,
      range: null,
      roleFullname: 'test:dashboard',
    },
  ],
};

describe('parseDashboard', () => {
  test("accepts the Go client's body, nulls and all, and answers it back in Mackerel's shape", () => {
    const d = parseDashboard(GO_CLIENT_BODY);
    assert.deepEqual(
      { title: d.title, memo: d.memo, urlPath: d.urlPath },
      { title: 'Go client', memo: '', urlPath: 'go/client' },
    );
    const widgets = (dashboardBody(d) as Json).widgets as Json[];
    assert.deepEqual(widgets[0], {
      type: 'markdown',
      title: 'markdown',
      markdown: '# body',
      layout: { x: 0, y: 0, width: 24, height: 3 },
    });
    assert.deepEqual(widgets[1], {
      type: 'graph',
      title: 'graph',
      graph: { type: 'host', hostId: '2u4PP3TJqbw', name: 'loadavg.loadavg15' },
      range: { type: 'relative', period: 3600, offset: 0 },
      referenceLines: [{ label: 'warn', value: 3 }],
      layout: { x: 0, y: 7, width: 8, height: 10 },
    });
    assert.deepEqual(widgets[2], {
      type: 'value',
      title: 'value',
      metric: { type: 'query', query: 'sum(up)', legend: '' },
      fractionSize: 2,
      suffix: 'total',
      formatRules: [{ name: '', threshold: 1, operator: '<' }],
      layout: { x: 8, y: 7, width: 8, height: 5 },
    });
    assert.deepEqual(widgets[3], {
      type: 'alertStatus',
      title: 'alertStatus',
      roleFullname: 'test:dashboard',
      layout: { x: 16, y: 7, width: 8, height: 5 },
    });
  });

  test('accepts what the Terraform provider sends for its documented examples', () => {
    // expandDashboard: url_path and memo may be "", no widgets is a nil slice (null), the value
    // widget always carries fractionSize, and the examples are 3 wide.
    const d = parseDashboard({
      title: 'foo',
      urlPath: '',
      memo: 'This dashboard is managed by Terraform.',
      widgets: [
        {
          type: 'value',
          title: 'test value expression',
          layout: { x: 3, y: 15, width: 3, height: 4 },
          metric: { type: 'expression', expression: 'role(tf-service-foo:tf-role-foo, loadavg5)' },
          graph: null,
          range: null,
          fractionSize: 5,
          suffix: 'test suffix',
        },
        {
          type: 'markdown',
          title: 'test markdown',
          layout: { x: 1, y: 2, width: 2, height: 4 },
          markdown: '# h1',
          metric: null,
          graph: null,
          range: null,
        },
      ],
    });
    assert.equal(d.urlPath, undefined, 'none given: made up on create, kept on update');
    assert.equal(d.widgets.length, 2);
    assert.deepEqual(parseDashboard({ title: 'empty', urlPath: '', memo: '', widgets: null }).widgets, []);
  });

  const good: [string, Json, Json][] = [
    ['a title alone: memo "", no urlPath, no widgets', { title: 't' }, { title: 't', memo: '', widgets: [] }],
    ['memo null', { title: 't', memo: null }, { title: 't', memo: '', widgets: [] }],
    [
      'a nested urlPath',
      { title: 't', urlPath: 'team_a/web-1/_x' },
      { title: 't', memo: '', urlPath: 'team_a/web-1/_x', widgets: [] },
    ],
    ['urlPath null', { title: 't', urlPath: null }, { title: 't', memo: '', widgets: [] }],
    ['unknown keys (ignored)', { title: 't', id: 'x', createdAt: 1 }, { title: 't', memo: '', widgets: [] }],
  ];
  for (const [name, body, want] of good) {
    test(`accepts ${name}`, () => assert.deepEqual(parseDashboard(body), want));
  }

  const bad: [string, unknown, RegExp][] = [
    ['a body that is not an object', [], /request body must be a JSON object/],
    ['no title', { urlPath: 'a' }, /^"title" is required and must be a string/],
    ['a blank title', { title: ' ' }, /^"title" must not be empty/],
    ['a numeric memo', { title: 't', memo: 1 }, /^"memo" must be a string/],
    ['a urlPath starting with "-"', { title: 't', urlPath: '-a' }, /^"urlPath" "-a" must match/],
    ['a urlPath with a leading slash', { title: 't', urlPath: '/a' }, /must match/],
    ['a urlPath with a trailing slash', { title: 't', urlPath: 'a/' }, /must match/],
    ['a urlPath with an empty segment', { title: 't', urlPath: 'a//b' }, /must match/],
    ['a urlPath with a dot', { title: 't', urlPath: 'a.b' }, /must match/],
    ['a urlPath with a space', { title: 't', urlPath: 'a b' }, /must match/],
    [
      'a urlPath over 1024 characters',
      { title: 't', urlPath: 'a'.repeat(1025) },
      /"urlPath" must be at most 1024 characters/,
    ],
    ['widgets that is an object', { title: 't', widgets: {} }, /^"widgets" must be an array/],
    [
      'two widgets overlapping',
      {
        title: 't',
        widgets: [
          { type: 'markdown', title: 'a', markdown: '', layout: { x: 0, y: 0, width: 12, height: 4 } },
          { type: 'markdown', title: 'b', markdown: '', layout: { x: 6, y: 2, width: 12, height: 4 } },
        ],
      },
      /^widgets\[0\] \(title "a"\) overlaps widgets\[1\] \(title "b"\) on the grid$/,
    ],
    [
      'a bad widget',
      { title: 't', widgets: [{ type: 'graph', title: 'g' }] },
      /^widgets\[0\] \(title "g"\): "graph" is required/,
    ],
  ];
  for (const [name, body, pattern] of bad) test(`refuses ${name}`, () => refuses(body, pattern));
});

describe('stored and answered', () => {
  test("the stored body loads back to the widgets it was made of, and answers in Mackerel's key order", () => {
    const d = parseDashboard(GO_CLIENT_BODY);
    const record: DashboardRecord = {
      id: 'd1',
      orgId: orgId('o1'),
      urlPath: 'go/client',
      title: d.title,
      body: JSON.parse(JSON.stringify(dashboardBody(d))),
      createdAt: unixSec(10),
      updatedAt: unixSec(20),
    };
    const stored = storedBody(record);
    assert.deepEqual(stored, { memo: '', widgets: d.widgets });
    const json = dashboardToJson(record, stored.widgets);
    assert.deepEqual(Object.keys(json), ['id', 'title', 'memo', 'urlPath', 'widgets', 'createdAt', 'updatedAt']);
    assert.deepEqual(json.widgets, (dashboardBody(d) as Json).widgets);
    assert.deepEqual([json.createdAt, json.updatedAt], [10, 20]);
  });
});
