import assert from 'node:assert/strict';
import { test } from 'node:test';
import { kindContext, runKindRows } from '../testing/kind-rows.ts';
import { queryBalanceProblem, queryKind } from './query.ts';

const ctx = kindContext({});
const base = {
  type: 'query',
  name: 'latency {{http.route}}',
  query: 'avg(http_duration{service="web"}[5m])',
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
      query: 'avg(http_duration{service="web"}[5m])',
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
    name: 'query unbalanced',
    input: { ...base, query: 'sum(rate(x[5m])', warning: 1 },
    err: '"query" is invalid: unclosed "("',
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

const balanceRows: { q: string; problem: string | null }[] = [
  { q: 'up', problem: null },
  { q: 'sum by (job) (rate(x{a="b", c=~"d|e"}[5m]))', problem: null },
  { q: 'x{a=")"}', problem: null },
  { q: "x{a='\\'('}", problem: null },
  { q: 'x{a=`\\`}', problem: null },
  { q: 'x # a comment with (\n + y', problem: null },
  { q: 'x)', problem: 'unexpected ")" at character 2' },
  { q: 'x{a="b")', problem: '")" at character 8 does not close "{" at 2' },
  { q: 'rate(x[5m]', problem: 'unclosed "(" at character 5' },
  { q: 'x{a="b}', problem: 'unterminated string starting at character 5' },
];

for (const row of balanceRows) {
  test(`queryBalanceProblem: ${JSON.stringify(row.q)}`, () => {
    assert.equal(queryBalanceProblem(row.q), row.problem);
  });
}
