import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { DashboardWidget } from '../../api/dashboards.ts';
import { emptyFields, fieldsToWidget, widgetToFields } from './widget-form.ts';

const AT = { x: 0, y: 0, width: 8, height: 6 };

describe('fieldsToWidget', () => {
  test('a host graph with a relative range a week back, a value range, a reference line and a legend list', () => {
    const f = {
      ...emptyFields('graph'),
      title: 'Load',
      hostId: 'h1',
      name: 'loadavg5',
      rangeType: 'relative',
      periodHours: '6',
      offsetHours: '-168',
      min: '0',
      max: '4',
      lineLabel: 'limit',
      lineValue: '2.5',
      legendList: 'loadavg5, loadavg15',
    };
    assert.deepEqual(fieldsToWidget(f, AT), {
      title: 'Load',
      layout: AT,
      type: 'graph',
      graph: { type: 'host', hostId: 'h1', name: 'loadavg5' },
      range: { type: 'relative', period: 21_600, offset: -604_800 },
      valueRange: { min: 0, max: 4 },
      referenceLines: [{ label: 'limit', value: 2.5 }],
      legendList: ['loadavg5', 'loadavg15'],
    });
  });
  test('a role graph and an expression graph; no options means none sent', () => {
    const role = fieldsToWidget(
      { ...emptyFields('graph'), source: 'role', roleFullname: 'Web:app', name: 'cpu', isStacked: true },
      AT,
    );
    assert.deepEqual(role, {
      title: '',
      layout: AT,
      type: 'graph',
      graph: { type: 'role', roleFullname: 'Web:app', name: 'cpu', isStacked: true },
      referenceLines: [],
    });
    const expr = fieldsToWidget({ ...emptyFields('graph'), source: 'expression', expression: 'host(a, b)' }, AT);
    assert.deepEqual(expr.type === 'graph' && expr.graph, { type: 'expression', expression: 'host(a, b)' });
  });
  test('a value with a rule; text that is not a number goes to the server as it is, to be refused by name', () => {
    const v = fieldsToWidget(
      {
        ...emptyFields('value'),
        source: 'service',
        serviceName: 'Web',
        name: 'rps',
        fractionSize: 'two',
        suffix: 'req/s',
        ruleName: 'busy',
        ruleThreshold: '100',
        ruleOperator: '>',
      },
      AT,
    );
    assert.deepEqual(v, {
      title: '',
      layout: AT,
      type: 'value',
      metric: { type: 'service', serviceName: 'Web', name: 'rps' },
      fractionSize: 'two',
      suffix: 'req/s',
      formatRules: [{ name: 'busy', threshold: 100, operator: '>' }],
    });
  });
  test('markdown and alertStatus', () => {
    assert.deepEqual(fieldsToWidget({ ...emptyFields('markdown'), markdown: '# hi' }, AT), {
      title: '',
      layout: AT,
      type: 'markdown',
      markdown: '# hi',
    });
    assert.deepEqual(fieldsToWidget({ ...emptyFields('alertStatus'), roleFullname: 'Web:app' }, AT), {
      title: '',
      layout: AT,
      type: 'alertStatus',
      roleFullname: 'Web:app',
    });
  });
});

describe('widgetToFields reads back what fieldsToWidget wrote', () => {
  const widgets: DashboardWidget[] = [
    {
      type: 'graph',
      title: 'g',
      layout: AT,
      graph: { type: 'service', serviceName: 'Web', name: 'custom.rps' },
      range: { type: 'absolute', start: 1_700_000_000, end: 1_700_003_600 },
      valueRange: { max: 10 },
      referenceLines: [{ label: 'x', value: 1 }],
    },
    {
      type: 'graph',
      title: 'q',
      layout: AT,
      graph: { type: 'query', query: 'up', legend: '{{job}}' },
      referenceLines: [],
    },
    {
      type: 'value',
      title: 'v',
      layout: AT,
      metric: { type: 'expression', expression: 'max(host(a, b))' },
      fractionSize: 2,
      formatRules: [{ name: 'low', threshold: 1, operator: '<' }],
    },
    { type: 'markdown', title: 'm', layout: AT, markdown: '|a|b|' },
    { type: 'alertStatus', title: 'a', layout: AT, roleFullname: 'Web:app' },
  ];
  for (const w of widgets)
    test(`${w.type} ${w.title}`, () => assert.deepEqual(fieldsToWidget(widgetToFields(w), AT), w));
});
