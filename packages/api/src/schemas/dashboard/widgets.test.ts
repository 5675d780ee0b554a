import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { BadDataError } from '@saba/model';
import { parseWidget, widgetToJson } from './widgets.ts';

type Json = Record<string, unknown>;

const LAYOUT = { x: 0, y: 0, width: 6, height: 6 };

/** A valid widget of each type, the way mackerel-client-go sends it: graph, metric and range always present. */
const BASE: Record<string, Json> = {
  graph: {
    type: 'graph',
    title: 'load',
    graph: { type: 'host', hostId: 'h1', name: 'loadavg5' },
    metric: null,
    range: null,
    layout: LAYOUT,
  },
  value: {
    type: 'value',
    title: 'now',
    graph: null,
    metric: { type: 'host', hostId: 'h1', name: 'loadavg5' },
    range: null,
    layout: LAYOUT,
  },
  markdown: {
    type: 'markdown',
    title: 'notes',
    markdown: '# ops',
    graph: null,
    metric: null,
    range: null,
    layout: LAYOUT,
  },
  alertStatus: {
    type: 'alertStatus',
    title: 'web',
    roleFullname: 'svc:web',
    graph: null,
    metric: null,
    range: null,
    layout: LAYOUT,
  },
};

function refuses(body: unknown, pattern: RegExp): void {
  assert.throws(
    () => parseWidget(body, 3),
    (e: unknown) => {
      assert.ok(e instanceof BadDataError, String(e));
      assert.match(e.message, pattern);
      return true;
    },
  );
}

/** The widget's API JSON after a parse, without `layout` (checked in layout.test.ts). */
function answered(body: Json): Json {
  const { layout, ...rest } = widgetToJson(parseWidget(body, 0)) as Json;
  assert.deepEqual(layout, LAYOUT);
  return rest;
}

describe('widget type and title', () => {
  test("every widget type is accepted with the Go client's null keys", () => {
    for (const body of Object.values(BASE)) parseWidget(body, 0);
  });
  test('an empty title is kept (Go sends "" when unset)', () => {
    assert.equal(answered({ ...BASE.markdown, title: '' }).title, '');
  });
  const bad: [string, unknown, RegExp][] = [
    ['a widget that is not an object', 'graph', /^widgets\[3\]: "widget" must be an object/],
    ['a missing title', { ...BASE.markdown, title: undefined }, /^widgets\[3\]: "title" must be a string/],
    ['a numeric title', { ...BASE.markdown, title: 7 }, /^widgets\[3\]: "title" must be a string/],
    [
      'an unknown type',
      { ...BASE.markdown, type: 'chart' },
      /^widgets\[3\] \(title "notes"\): "type" must be one of graph, value, markdown, alertStatus, got "chart"/,
    ],
    ['no type', { ...BASE.markdown, type: undefined }, /"type" must be one of .*got null/],
    ['a graph on a value widget', { ...BASE.value, graph: BASE.graph?.graph }, /"graph" is only for graph widgets/],
    [
      'a range on a markdown widget',
      { ...BASE.markdown, range: { type: 'relative', period: 60, offset: 0 } },
      /"range" is only for graph widgets/,
    ],
    ['a metric on a graph widget', { ...BASE.graph, metric: BASE.value?.metric }, /"metric" is only for value widgets/],
    ['a missing layout', { ...BASE.graph, layout: undefined }, /"layout" is required/],
  ];
  for (const [name, body, pattern] of bad) test(`refuses ${name}`, () => refuses(body, pattern));
});

describe('graph widget: graph', () => {
  const good: [string, Json, Json][] = [
    ['a host graph', { type: 'host', hostId: 'h1', name: 'loadavg' }, { type: 'host', hostId: 'h1', name: 'loadavg' }],
    [
      'a role graph (isStacked left out by Go when false)',
      { type: 'role', roleFullname: 'svc:web', name: 'loadavg5' },
      { type: 'role', roleFullname: 'svc:web', name: 'loadavg5', isStacked: false },
    ],
    [
      'a stacked role graph, spaces after the colon trimmed',
      { type: 'role', roleFullname: 'svc: web', name: 'cpu', isStacked: true },
      { type: 'role', roleFullname: 'svc:web', name: 'cpu', isStacked: true },
    ],
    [
      'a service graph',
      { type: 'service', serviceName: 'svc', name: 'custom.rps' },
      { type: 'service', serviceName: 'svc', name: 'custom.rps' },
    ],
    [
      'an expression graph',
      { type: 'expression', expression: 'role(svc:web, loadavg5)' },
      { type: 'expression', expression: 'role(svc:web, loadavg5)' },
    ],
    [
      'a query graph with the legend Go always sends',
      { type: 'query', query: 'up{job="x"}', legend: '{{instance}}' },
      { type: 'query', query: 'up{job="x"}', legend: '{{instance}}' },
    ],
    ['a query graph without legend', { type: 'query', query: 'up' }, { type: 'query', query: 'up', legend: '' }],
    [
      'extra keys of other graph types (ignored)',
      { type: 'expression', expression: 'x', hostId: 'h1' },
      { type: 'expression', expression: 'x' },
    ],
  ];
  for (const [name, graph, want] of good) {
    test(`accepts ${name}`, () => assert.deepEqual(answered({ ...BASE.graph, graph }).graph, want));
  }
  const bad: [string, unknown, RegExp][] = [
    ['null', null, /"graph" is required for a graph widget/],
    ['a string', 'loadavg', /"graph" must be an object/],
    ['unknown, which is only answered', { type: 'unknown' }, /"graph.type" is "unknown"/],
    [
      'another type',
      { type: 'table' },
      /"graph.type" must be one of host, role, service, expression, query, got "table"/,
    ],
    ['a host graph without hostId', { type: 'host', name: 'x' }, /"graph.hostId" must be a string/],
    ['a host graph with an empty name', { type: 'host', hostId: 'h1', name: '' }, /"graph.name" must not be empty/],
    [
      'a role graph with a bad roleFullname',
      { type: 'role', roleFullname: 'web', name: 'x' },
      /"graph.roleFullname" "web" is not a role full name/,
    ],
    [
      'a role graph with isStacked "yes"',
      { type: 'role', roleFullname: 's:r', name: 'x', isStacked: 'yes' },
      /"graph.isStacked" must be a boolean/,
    ],
    ['a service graph without serviceName', { type: 'service', name: 'x' }, /"graph.serviceName" must be a string/],
    ['a blank expression', { type: 'expression', expression: '  ' }, /"graph.expression" must not be empty/],
    ['a query graph without query', { type: 'query', legend: '' }, /"graph.query" must be a string/],
    ['a numeric legend', { type: 'query', query: 'up', legend: 1 }, /"graph.legend" must be a string/],
  ];
  for (const [name, graph, pattern] of bad) test(`refuses ${name}`, () => refuses({ ...BASE.graph, graph }, pattern));
});

describe('graph widget: range, valueRange, referenceLines, legendList', () => {
  const good: [string, Json, Json][] = [
    ['no options: referenceLines []', {}, { referenceLines: [] }],
    [
      'a relative range into the past',
      { range: { type: 'relative', period: 3600, offset: -86400 } },
      { range: { type: 'relative', period: 3600, offset: -86400 }, referenceLines: [] },
    ],
    [
      'an absolute range (Terraform example)',
      { range: { type: 'absolute', start: 1667275734, end: 1672546734 } },
      { range: { type: 'absolute', start: 1667275734, end: 1672546734 }, referenceLines: [] },
    ],
    ['a valueRange', { valueRange: { min: 0, max: 100 } }, { valueRange: { min: 0, max: 100 }, referenceLines: [] }],
    [
      'a valueRange with only max',
      { valueRange: { max: 1.5, min: null } },
      { valueRange: { max: 1.5 }, referenceLines: [] },
    ],
    ['an empty valueRange is unset', { valueRange: {} }, { referenceLines: [] }],
    ['valueRange null', { valueRange: null }, { referenceLines: [] }],
    [
      'one reference line',
      { referenceLines: [{ label: 'limit', value: 0 }] },
      { referenceLines: [{ label: 'limit', value: 0 }] },
    ],
    [
      'a 32-character label',
      { referenceLines: [{ label: 'あ'.repeat(32), value: 2.5 }] },
      { referenceLines: [{ label: 'あ'.repeat(32), value: 2.5 }] },
    ],
    ['referenceLines [] clears', { referenceLines: [] }, { referenceLines: [] }],
    ['referenceLines null', { referenceLines: null }, { referenceLines: [] }],
    ['a legendList on a host graph', { legendList: ['loadavg1'] }, { referenceLines: [], legendList: ['loadavg1'] }],
    ['an empty legendList is unset', { legendList: [] }, { referenceLines: [] }],
  ];
  for (const [name, options, want] of good) {
    test(`accepts ${name}`, () => {
      const { type, title, graph, ...rest } = answered({ ...BASE.graph, ...options });
      assert.deepEqual([type, title, graph], ['graph', 'load', BASE.graph?.graph]);
      assert.deepEqual(rest, want);
    });
  }
  test('accepts a legendList on a service graph', () => {
    const w = answered({
      ...BASE.graph,
      graph: { type: 'service', serviceName: 's', name: 'n' },
      legendList: ['a', 'b'],
    });
    assert.deepEqual(w.legendList, ['a', 'b']);
  });

  const roleGraph = { type: 'role', roleFullname: 's:r', name: 'n' };
  const bad: [string, Json, RegExp][] = [
    [
      'a range of another type',
      { range: { type: 'variable' } },
      /"range.type" must be "relative" or "absolute", got "variable"/,
    ],
    ['a range that is a number', { range: 3600 }, /"range" must be an object or null/],
    ['a zero period', { range: { type: 'relative', period: 0, offset: 0 } }, /"range.period" must be between 1 and/],
    [
      'a fractional offset',
      { range: { type: 'relative', period: 60, offset: 0.5 } },
      /"range.offset" must be a whole number/,
    ],
    [
      'a relative range without offset',
      { range: { type: 'relative', period: 60 } },
      /"range.offset" must be a whole number/,
    ],
    [
      'an absolute range ending at its start',
      { range: { type: 'absolute', start: 10, end: 10 } },
      /"range.end" must be after "range.start" \(10\), got 10/,
    ],
    ['a negative start', { range: { type: 'absolute', start: -1, end: 10 } }, /"range.start" must be between 0 and/],
    ['a valueRange min above max', { valueRange: { min: 5, max: 1 } }, /"valueRange" has "min" 5 above "max" 1/],
    ['a valueRange max that is text', { valueRange: { max: '9' } }, /"valueRange.max" must be a number/],
    ['a valueRange that is a list', { valueRange: [0, 1] }, /"valueRange" must be an object/],
    [
      'two reference lines',
      {
        referenceLines: [
          { label: 'a', value: 1 },
          { label: 'b', value: 2 },
        ],
      },
      /"referenceLines" may hold at most 1 line, got 2/,
    ],
    [
      'a blank label',
      { referenceLines: [{ label: '   ', value: 1 }] },
      /"referenceLines\[0\].label" must not be blank/,
    ],
    ['an empty label', { referenceLines: [{ label: '', value: 1 }] }, /"referenceLines\[0\].label" must not be blank/],
    [
      'a 33-character label',
      { referenceLines: [{ label: 'x'.repeat(33), value: 1 }] },
      /"referenceLines\[0\].label" must be at most 32 characters, got 33/,
    ],
    [
      'a negative value',
      { referenceLines: [{ label: 'a', value: -0.1 }] },
      /"referenceLines\[0\].value" must be 0 or more, got -0.1/,
    ],
    ['a missing value', { referenceLines: [{ label: 'a' }] }, /"referenceLines\[0\].value" must be a number/],
    ['a reference line that is a number', { referenceLines: [3] }, /"referenceLines\[0\]" must be an object/],
    [
      'referenceLines that is an object',
      { referenceLines: { label: 'a', value: 1 } },
      /"referenceLines" must be an array/,
    ],
    [
      'a legendList on a role graph',
      { graph: roleGraph, legendList: ['a'] },
      /"legendList" is only for host and service graphs, not role graphs/,
    ],
    [
      'a legendList on an expression graph',
      { graph: { type: 'expression', expression: 'x' }, legendList: ['a'] },
      /not expression graphs/,
    ],
    ['a legendList of numbers', { legendList: [1] }, /"legendList\[0\]" must be a series name/],
  ];
  for (const [name, options, pattern] of bad)
    test(`refuses ${name}`, () => refuses({ ...BASE.graph, ...options }, pattern));
});

describe('value widget', () => {
  const good: [string, Json, Json][] = [
    ['a host metric, no options: formatRules []', {}, { metric: BASE.value?.metric, formatRules: [] }],
    [
      'a service metric',
      { metric: { type: 'service', serviceName: 'svc', name: 'custom.rps' } },
      { metric: { type: 'service', serviceName: 'svc', name: 'custom.rps' }, formatRules: [] },
    ],
    [
      'an expression metric',
      { metric: { type: 'expression', expression: 'max(role(svc:web, loadavg5))' } },
      { metric: { type: 'expression', expression: 'max(role(svc:web, loadavg5))' }, formatRules: [] },
    ],
    [
      'a query metric',
      { metric: { type: 'query', query: 'sum(up)', legend: '' } },
      { metric: { type: 'query', query: 'sum(up)', legend: '' }, formatRules: [] },
    ],
    [
      'fractionSize 0 and 16, a suffix of 16 characters',
      { fractionSize: 16, suffix: 'ミリ秒'.padEnd(16, '.') },
      { metric: BASE.value?.metric, fractionSize: 16, suffix: 'ミリ秒'.padEnd(16, '.'), formatRules: [] },
    ],
    [
      'fractionSize 0 (Terraform sends it when unset)',
      { fractionSize: 0 },
      { metric: BASE.value?.metric, fractionSize: 0, formatRules: [] },
    ],
    [
      'fractionSize and suffix null',
      { fractionSize: null, suffix: null },
      { metric: BASE.value?.metric, formatRules: [] },
    ],
    [
      'one format rule',
      { formatRules: [{ name: 'high', threshold: 0.9, operator: '>' }] },
      { metric: BASE.value?.metric, formatRules: [{ name: 'high', threshold: 0.9, operator: '>' }] },
    ],
    [
      'a format rule without a name',
      { formatRules: [{ threshold: -3, operator: '<' }] },
      { metric: BASE.value?.metric, formatRules: [{ name: '', threshold: -3, operator: '<' }] },
    ],
    ['formatRules null', { formatRules: null }, { metric: BASE.value?.metric, formatRules: [] }],
  ];
  for (const [name, options, want] of good) {
    test(`accepts ${name}`, () => {
      const { type, title, ...rest } = answered({ ...BASE.value, ...options });
      assert.deepEqual([type, title], ['value', 'now']);
      assert.deepEqual(rest, want);
    });
  }
  const bad: [string, Json, RegExp][] = [
    ['no metric', { metric: null }, /"metric" is required for a value widget/],
    ['an unknown metric', { metric: { type: 'unknown' } }, /"metric.type" is "unknown"/],
    [
      'a role metric',
      { metric: { type: 'role', roleFullname: 's:r', name: 'x' } },
      /"metric.type" must be one of host, service, expression, query, got "role"/,
    ],
    ['a host metric without name', { metric: { type: 'host', hostId: 'h1' } }, /"metric.name" must be a string/],
    [
      'a service metric without serviceName',
      { metric: { type: 'service', name: 'x' } },
      /"metric.serviceName" must be a string/,
    ],
    [
      'an empty expression',
      { metric: { type: 'expression', expression: '' } },
      /"metric.expression" must not be empty/,
    ],
    ['a query metric without query', { metric: { type: 'query' } }, /"metric.query" must be a string/],
    ['fractionSize 17', { fractionSize: 17 }, /"fractionSize" must be between 0 and 16, got 17/],
    ['fractionSize -1', { fractionSize: -1 }, /"fractionSize" must be between 0 and 16, got -1/],
    ['fractionSize 1.5', { fractionSize: 1.5 }, /"fractionSize" must be a whole number, got 1.5/],
    ['a suffix of 17 characters', { suffix: 'x'.repeat(17) }, /"suffix" must be at most 16 characters, got 17/],
    ['a numeric suffix', { suffix: 5 }, /"suffix" must be a string/],
    [
      'two format rules',
      {
        formatRules: [
          { threshold: 1, operator: '>' },
          { threshold: 2, operator: '<' },
        ],
      },
      /"formatRules" may hold at most 1 rule, got 2/,
    ],
    [
      'a 33-character rule name',
      { formatRules: [{ name: 'x'.repeat(33), threshold: 1, operator: '>' }] },
      /"formatRules\[0\].name" must be at most 32 characters, got 33/,
    ],
    [
      'a rule without threshold',
      { formatRules: [{ name: 'a', operator: '>' }] },
      /"formatRules\[0\].threshold" must be a number/,
    ],
    [
      'a rule with operator >=',
      { formatRules: [{ threshold: 1, operator: '>=' }] },
      /"formatRules\[0\].operator" must be ">" or "<", got ">="/,
    ],
    ['a rule that is a string', { formatRules: ['> 1'] }, /"formatRules\[0\]" must be an object/],
  ];
  for (const [name, options, pattern] of bad)
    test(`refuses ${name}`, () => refuses({ ...BASE.value, ...options }, pattern));
});

describe('markdown and alertStatus widgets', () => {
  test('markdown text is kept; absent (Go leaves "" out) is empty', () => {
    assert.equal(answered({ ...BASE.markdown, markdown: '| a |\n|---|' }).markdown, '| a |\n|---|');
    assert.equal(answered({ ...BASE.markdown, markdown: undefined }).markdown, '');
  });
  test('alertStatus keeps its role, spaces after the colon trimmed', () => {
    assert.equal(answered({ ...BASE.alertStatus, roleFullname: 'svc:  web' }).roleFullname, 'svc:web');
  });
  const bad: [string, Json, RegExp][] = [
    ['numeric markdown', { ...BASE.markdown, markdown: 1 }, /"markdown" must be a string/],
    [
      'an alertStatus without role',
      { ...BASE.alertStatus, roleFullname: null },
      /"roleFullname" must be a string like "service:role"/,
    ],
    [
      'an alertStatus naming a service only',
      { ...BASE.alertStatus, roleFullname: 'svc' },
      /"roleFullname" "svc" is not a role full name/,
    ],
  ];
  for (const [name, body, pattern] of bad) test(`refuses ${name}`, () => refuses(body, pattern));
});

test('errors name the widget by index and title, then the field', () =>
  refuses(
    { ...BASE.value, title: 'Load "now"', fractionSize: 99 },
    /^widgets\[3\] \(title "Load \\"now\\""\): "fractionSize" /,
  ));
