import assert from 'node:assert/strict';
import { test } from 'node:test';
import { labelsFromRecord } from '@saba/model';
import { kindContext, runKindRows } from '../testing/kind-rows.ts';
import { expandLabels, queryKind } from './query.ts';

const ctx = kindContext({});
const base = {
  type: 'query',
  name: 'latency {{http.route}}',
  query: 'avg(rate(http_duration{service="web"}[5m]))',
  operator: '>',
} as const;

runKindRows(queryKind, ctx, [
  {
    name: 'minimal, with defaults',
    input: { ...base, critical: 0.5 },
    want: {
      type: 'query',
      name: 'latency {{http.route}}',
      memo: '',
      notificationInterval: null,
      isMute: false,
      query: 'avg(rate(http_duration{service="web"}[5m]))',
      legend: '',
      operator: '>',
      warning: null,
      critical: 0.5,
      evaluateBackwardMinutes: 0,
    },
  },
  {
    name: 'legend and evaluateBackwardMinutes',
    input: { ...base, warning: 1, legend: '{{http.route}}', evaluateBackwardMinutes: 10 },
    want: { legend: '{{http.route}}', evaluateBackwardMinutes: 10 },
  },
  {
    name: "the Go client's nulls",
    input: { ...base, warning: null, critical: 1, legend: null },
    want: { legend: '', warning: null },
  },
  { name: 'query missing', input: { type: 'query', name: 'x', operator: '>', warning: 1 }, err: '"query" is required' },
  { name: 'query blank', input: { ...base, query: '  ', warning: 1 }, err: '"query" is required' },
  {
    name: 'query unbalanced: the parser names the position',
    input: { ...base, query: 'sum(rate(x[5m])', warning: 1 },
    err: '"query" is invalid: 1:16: parse error: unexpected end of input',
  },
  {
    name: 'query with a bad matcher on line 2',
    input: { ...base, query: 'sum(\n  x{a~"b"})', warning: 1 },
    err: '"query" is invalid: 2:6: parse error',
  },
  {
    name: 'query giving a range vector',
    input: { ...base, query: 'x[5m]', warning: 1 },
    err: '"query" is invalid: it gives a range vector',
  },
  {
    name: 'query giving a string',
    input: { ...base, query: '"a"', warning: 1 },
    err: '"query" is invalid: it gives a string',
  },
  {
    name: 'evaluateBackwardMinutes 11',
    input: { ...base, warning: 1, evaluateBackwardMinutes: 11 },
    err: '"evaluateBackwardMinutes" must be a whole number 0–10',
  },
  { name: 'legend a number', input: { ...base, warning: 1, legend: 1 }, err: '"legend" must be a string' },
  { name: 'no threshold', input: { ...base }, err: 'at least one of "warning" and "critical"' },
  { name: 'operator missing', input: { ...base, operator: undefined, critical: 1 }, err: '"operator" is required' },
]);

const expandRows: { template: string; want: string }[] = [
  { template: 'latency {{http.route}}', want: 'latency /a' },
  { template: '{{ method }} {{http.route}}!', want: 'GET /a!' },
  { template: 'missing [{{zone}}]', want: 'missing []' },
  { template: 'no template', want: 'no template' },
];

for (const row of expandRows) {
  test(`expandLabels: ${JSON.stringify(row.template)}`, () => {
    const labels = labelsFromRecord({ 'http.route': '/a', method: 'GET' });
    assert.equal(expandLabels(row.template, labels), row.want);
  });
}
