import assert from 'node:assert/strict';
import { test } from 'node:test';
import { monitorToJson, parseMonitor } from '../../../../../packages/monitor/src/kinds/registry.ts';
import {
  checkMonitor,
  FORM_FIELDS,
  type FormType,
  type FormValues,
  formBody,
  formFields,
  formValues,
  fromLocalInput,
  localInput,
  MONITOR_TYPES,
  newFormValues,
} from './monitor-form.ts';

const SERVICES = [
  { name: 'shop', roles: ['web', 'db'] },
  { name: 'blog', roles: ['app'] },
];
const NOW = 1_790_000_000;
const CTX = {
  hasService: (s: string) => SERVICES.some((x) => x.name === s),
  hasRole: (s: string, r: string) => SERVICES.some((x) => x.name === s && x.roles.includes(r)),
  now: NOW,
};

/** A form of each type with every field filled (as a user would), valid together. */
const FULL: Record<FormType, FormValues> = {
  host: {
    name: 'cpu high',
    metric: 'cpu%',
    operator: '>',
    warning: '70',
    critical: '90',
    duration: '3',
    maxCheckAttempts: '2',
    scopes: ['shop'],
    excludeScopes: ['shop:db'],
    memo: 'page the on-call',
    notificationInterval: '60',
    isMute: true,
  },
  connectivity: {
    name: 'alive',
    alertStatusOnGone: 'WARNING',
    scopes: ['blog:app'],
    excludeScopes: ['shop'],
    memo: 'm',
    notificationInterval: '10',
    isMute: false,
  },
  service: {
    name: 'orders',
    service: 'shop',
    metric: 'orders.count',
    operator: '<',
    warning: '10',
    critical: '1',
    duration: '5',
    maxCheckAttempts: '3',
    missingDurationWarning: '20',
    missingDurationCritical: '60',
    memo: '',
    notificationInterval: '',
    isMute: false,
  },
  external: {
    name: 'site',
    url: 'https://shop.example/health',
    method: 'POST',
    service: 'shop',
    responseTimeWarning: '500',
    responseTimeCritical: '2000',
    responseTimeDuration: '3',
    containsString: 'ok',
    expectedStatusCode: '200',
    maxCheckAttempts: '2',
    certificationExpirationWarning: '30',
    certificationExpirationCritical: '7',
    skipCertificateVerification: true,
    followRedirect: true,
    headers: 'X-Probe: saba\nAccept: text/plain',
    requestBody: '{"ping":1}',
    dualstack: 'auto',
    memo: 'x',
    notificationInterval: '30',
    isMute: false,
  },
  expression: {
    name: 'web load',
    expression: 'max(role(shop:web, loadavg5))',
    operator: '>',
    warning: '4',
    critical: '8',
    evaluateBackwardMinutes: '3',
    memo: '',
    notificationInterval: '',
    isMute: false,
  },
  anomalyDetection: {
    name: 'web anomalies',
    scopes: ['shop:web'],
    warningSensitivity: 'normal',
    criticalSensitivity: 'insensitive',
    maxCheckAttempts: '3',
    memo: '',
    notificationInterval: '',
    isMute: false,
  },
  query: {
    name: 'latency',
    query: 'histogram_quantile(0.99, rate(http_seconds_bucket[5m]))',
    legend: '{{service.name}}',
    operator: '>',
    warning: '0.5',
    critical: '1',
    evaluateBackwardMinutes: '1',
    memo: '',
    notificationInterval: '',
    isMute: false,
  },
};

/** What a kind needs besides its individually required fields: one threshold, or one sensitivity. */
const MINIMAL_EXTRA: Record<FormType, FormValues> = {
  host: { critical: '90' },
  connectivity: {},
  service: { critical: '1' },
  external: {},
  expression: { critical: '8' },
  anomalyDetection: { criticalSensitivity: 'normal' },
  query: { critical: '1' },
};

test('every type has a form, and the full form of each covers every field the API answers', () => {
  assert.deepEqual(Object.keys(FORM_FIELDS), [...MONITOR_TYPES]);
  for (const type of MONITOR_TYPES) {
    const body = formBody(type, FULL[type]);
    assert.equal(checkMonitor(body, SERVICES, NOW), null, `${type}: the full form is valid`);
    const json = monitorToJson({ ...parseMonitor(body, CTX), id: 'M1' });
    const offered = new Set(['id', 'type', ...FORM_FIELDS[type].map((f) => f.key)]);
    for (const key of Object.keys(json)) assert.ok(offered.has(key), `${type}: the form offers "${key}"`);
    for (const f of formFields(type, false)) {
      if (f.input === 'checkbox' || FULL[type][f.key] === '') continue;
      assert.ok(f.key in json, `${type}: the API keeps "${f.key}" from the form`);
    }
  }
});

test('the required fields are the ones the schema requires', () => {
  for (const type of MONITOR_TYPES) {
    const required = FORM_FIELDS[type].filter((f) => f.required === true);
    const minimal: Record<string, unknown> = { ...MINIMAL_EXTRA[type] };
    for (const f of required) minimal[f.key] = FULL[type][f.key];
    const body = formBody(type, minimal as FormValues);
    assert.equal(checkMonitor(body, SERVICES, NOW), null, `${type}: required fields alone are enough`);
    for (const f of required) {
      const without = { ...body };
      delete without[f.key];
      const message = checkMonitor(without, SERVICES, NOW);
      assert.ok(message?.includes(`"${f.key}"`), `${type}: without "${f.key}" the schema says so: ${message}`);
    }
  }
});

test('a stored monitor fills the form it came from (form -> API -> form)', () => {
  for (const type of MONITOR_TYPES) {
    const json = monitorToJson({ ...parseMonitor(formBody(type, FULL[type]), CTX), id: 'M1' });
    assert.deepEqual(formValues({ type, ...json }), { ...newFormValues(type), ...FULL[type] }, type);
  }
});

test('formBody leaves out empty fields, keeps bad numbers as text so the schema names them', () => {
  const cases: Array<[string, FormType, FormValues, Record<string, unknown>]> = [
    [
      'empty optional fields are left out',
      'host',
      { ...newFormValues('host'), name: ' x ', metric: 'loadavg5', critical: '4' },
      {
        type: 'host',
        name: 'x',
        metric: 'loadavg5',
        operator: '>',
        critical: 4,
        duration: 1,
        maxCheckAttempts: 1,
        scopes: [],
        excludeScopes: [],
        isMute: false,
      },
    ],
    [
      'a number that is not one is sent as written',
      'expression',
      { name: 'e', expression: 'avg(host(h1, loadavg5))', operator: '<', warning: 'ten' },
      { type: 'expression', name: 'e', expression: 'avg(host(h1, loadavg5))', operator: '<', warning: 'ten' },
    ],
    [
      'header lines become objects',
      'external',
      { name: 'e', url: 'http://a', headers: ' A: 1 \n\nB:two:three' },
      {
        type: 'external',
        name: 'e',
        url: 'http://a',
        headers: [
          { name: 'A', value: '1' },
          { name: 'B', value: 'two:three' },
        ],
      },
    ],
  ];
  for (const [what, type, values, want] of cases) assert.deepEqual(formBody(type, values), want, what);
  assert.match(checkMonitor(formBody('expression', cases[1]?.[2] ?? {}), SERVICES, NOW) ?? '', /"warning" must be/);
});

test('editing: emptied headers clear the stored ones; the retraining start is offered; the metric is fixed', () => {
  const stored = { id: 'M1', ...formBody('external', FULL.external) };
  const body = formBody('external', { ...FULL.external, headers: '' }, stored);
  assert.deepEqual(body.headers, []);
  assert.equal('headers' in formBody('external', { ...FULL.external, headers: '' }), false);
  assert.equal(
    formFields('anomalyDetection', false).some((f) => f.key === 'trainingPeriodFrom'),
    false,
  );
  assert.equal(
    formFields('anomalyDetection', true).some((f) => f.key === 'trainingPeriodFrom'),
    true,
  );
  const host = monitorToJson({ ...parseMonitor(formBody('host', FULL.host), CTX), id: 'M2' });
  assert.match(
    checkMonitor(formBody('host', { ...FULL.host, metric: 'loadavg5' }, host), SERVICES, NOW, host) ?? '',
    /"metric" cannot be changed/,
  );
  const anomaly = monitorToJson({
    ...parseMonitor(formBody('anomalyDetection', FULL.anomalyDetection), CTX),
    id: 'M3',
  });
  const retrain = formBody(
    'anomalyDetection',
    { ...FULL.anomalyDetection, trainingPeriodFrom: localInput(NOW - 86_400) },
    anomaly,
  );
  assert.equal(retrain.trainingPeriodFrom, NOW - 86_400 - ((NOW - 86_400) % 60));
  assert.equal(checkMonitor(retrain, SERVICES, NOW, anomaly), null);
});

test('scopes must name the organization services and roles', () => {
  const cases: Array<[readonly string[], RegExp | null]> = [
    [['shop'], null],
    [['shop:web', 'blog'], null],
    [['nope'], /service "nope" does not exist/],
    [['shop:nope'], /role "shop:nope" does not exist/],
  ];
  for (const [scopes, want] of cases) {
    const message = checkMonitor(formBody('host', { ...FULL.host, scopes, excludeScopes: [] }), SERVICES, NOW);
    if (want === null) assert.equal(message, null, scopes.join());
    else assert.match(message ?? '', want);
  }
});

test('datetime-local values and epoch seconds convert both ways in the local zone', () => {
  const cases: Array<[string, number]> = [
    ['2026-11-21T09:30', Math.floor(new Date(2026, 10, 21, 9, 30).getTime() / 1000)],
    ['2024-02-29T23:59', Math.floor(new Date(2024, 1, 29, 23, 59).getTime() / 1000)],
  ];
  for (const [text, sec] of cases) {
    assert.equal(fromLocalInput(text), sec);
    assert.equal(localInput(sec), text);
  }
  assert.ok(Number.isNaN(fromLocalInput('yesterday')));
});
