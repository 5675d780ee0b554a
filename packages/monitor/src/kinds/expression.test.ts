import { kindContext, runKindRows } from '../testing/kind-rows.ts';
import { expressionKind } from './expression.ts';

const ctx = kindContext({ web: ['app'] });
const base = {
  type: 'expression',
  name: 'sum',
  expression: "max(role('web:app', 'loadavg5'))",
  operator: '>',
} as const;

runKindRows(expressionKind, ctx, [
  {
    name: 'minimal, with defaults',
    input: { ...base, warning: 3 },
    want: {
      type: 'expression',
      name: 'sum',
      memo: '',
      notificationInterval: null,
      isMute: false,
      expression: "max(role('web:app', 'loadavg5'))",
      operator: '>',
      warning: 3,
      critical: null,
      evaluateBackwardMinutes: 2,
    },
  },
  {
    name: "the Go client's nulls",
    input: { ...base, warning: null, critical: 1, memo: null },
    want: { warning: null, critical: 1 },
  },
  {
    name: 'evaluateBackwardMinutes 10',
    input: { ...base, warning: 1, evaluateBackwardMinutes: 10 },
    want: { evaluateBackwardMinutes: 10 },
  },
  {
    name: 'evaluateBackwardMinutes 1',
    input: { ...base, warning: 1, evaluateBackwardMinutes: 1 },
    err: '"evaluateBackwardMinutes" must be a whole number 2–10',
  },
  {
    name: 'expression missing',
    input: { type: 'expression', name: 'x', operator: '>', warning: 1 },
    err: '"expression" is required',
  },
  {
    name: 'expression unparseable',
    input: { ...base, expression: 'max(', warning: 1 },
    err: '"expression" is invalid',
  },
  {
    name: 'expression with an unknown function',
    input: { ...base, expression: "nope(host('x', 'y'))", warning: 1 },
    err: 'unknown function "nope"',
  },
  { name: 'no threshold', input: { ...base }, err: 'at least one of "warning" and "critical"' },
  { name: 'operator missing', input: { ...base, operator: null, warning: 1 }, err: '"operator" is required' },
]);
