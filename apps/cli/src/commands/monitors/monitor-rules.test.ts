import assert from 'node:assert/strict';
import { test } from 'node:test';
import { comparable, parseRulesFile, planSync, type Rule, toRule } from './monitor-rules.ts';

test('toRule writes mackerel-client-go`s order and omitempty; thresholds and headers always present', () => {
  const cases: [string, Rule, string[], Rule][] = [
    [
      'host: zero values dropped, a missing threshold written as null',
      {
        id: 'h1',
        type: 'host',
        name: 'cpu',
        memo: '',
        isMute: false,
        metric: 'cpu%',
        operator: '>',
        critical: 90,
        duration: 3,
        maxCheckAttempts: 1,
        scopes: [],
        excludeScopes: [],
      },
      ['id', 'name', 'type', 'metric', 'operator', 'warning', 'critical', 'duration', 'maxCheckAttempts'],
      { warning: null, critical: 90 },
    ],
    [
      'external: headers null when absent, pointer fields kept at 0, unknown fields kept after',
      {
        type: 'external',
        name: 'e',
        url: 'http://x',
        method: 'GET',
        certificationExpirationWarning: 0,
        skipCertificateVerification: false,
        futureField: 'kept',
      },
      ['name', 'type', 'method', 'url', 'certificationExpirationWarning', 'headers', 'futureField'],
      { headers: null, certificationExpirationWarning: 0, futureField: 'kept' },
    ],
    [
      'query: legend and evaluateBackwardMinutes after the thresholds',
      {
        id: 'q',
        type: 'query',
        name: 'q',
        isMute: true,
        query: 'up',
        legend: '',
        operator: '<',
        warning: 1,
        evaluateBackwardMinutes: 0,
      },
      ['id', 'name', 'type', 'isMute', 'query', 'operator', 'warning', 'critical', 'evaluateBackwardMinutes'],
      { isMute: true, critical: null, evaluateBackwardMinutes: 0 },
    ],
  ];
  for (const [what, input, keys, some] of cases) {
    const got = toRule(input);
    assert.deepEqual(Object.keys(got), keys, what);
    for (const [k, v] of Object.entries(some)) assert.deepEqual(got[k], v, `${what}: ${k}`);
  }
});

test('comparable drops the id, empty values and the defaults the API fills in', () => {
  const cases: [string, Rule, Rule][] = [
    [
      'host defaults',
      { id: 'x', type: 'host', name: 'n', isMute: false, memo: '', maxCheckAttempts: 1, scopes: [], warning: null },
      { type: 'host', name: 'n' },
    ],
    [
      'host maxCheckAttempts other than 1 stays',
      { type: 'host', maxCheckAttempts: 2 },
      { type: 'host', maxCheckAttempts: 2 },
    ],
    ['anomaly default is 3', { type: 'anomalyDetection', maxCheckAttempts: 3 }, { type: 'anomalyDetection' }],
    ['expression default 2', { type: 'expression', evaluateBackwardMinutes: 2 }, { type: 'expression' }],
    ['query default 0, legend empty', { type: 'query', evaluateBackwardMinutes: 0, legend: '' }, { type: 'query' }],
    ['external GET', { type: 'external', method: 'GET', followRedirect: false }, { type: 'external' }],
    ['external POST stays', { type: 'external', method: 'POST' }, { type: 'external', method: 'POST' }],
    [
      'connectivity CRITICAL on gone',
      { type: 'connectivity', alertStatusOnGone: 'CRITICAL' },
      { type: 'connectivity' },
    ],
  ];
  for (const [what, input, want] of cases) assert.deepEqual(comparable(input), want, what);
});

const remote: Rule[] = [
  {
    id: 'r1',
    type: 'host',
    name: 'cpu',
    metric: 'cpu%',
    operator: '>',
    critical: 90,
    duration: 1,
    maxCheckAttempts: 1,
  },
  { id: 'r2', type: 'connectivity', name: 'connectivity', isMute: false, scopes: [] },
  { id: 'r3', type: 'service', name: 'orders', service: 's', metric: 'm', operator: '<', warning: 1, duration: 1 },
];

test('planSync matches by id, then by name; counts modify, append and remove', () => {
  const cases: [string, Rule[], { modify: string[]; append: string[]; remove: string[] }][] = [
    ['the pulled file', remote.map(toRule), { modify: [], append: [], remove: [] }],
    [
      'without ids, matched by name; defaults omitted locally are no change',
      [
        { type: 'host', name: 'cpu', metric: 'cpu%', operator: '>', critical: 90, duration: 1 },
        { type: 'connectivity', name: 'connectivity' },
        { type: 'service', name: 'orders', service: 's', metric: 'm', operator: '<', warning: 1, duration: 1 },
      ],
      { modify: [], append: [], remove: [] },
    ],
    [
      'a changed threshold, a new rule, a removed one',
      [
        { ...toRule(remote[0] as Rule), critical: 95 },
        toRule(remote[1] as Rule),
        { type: 'host', name: 'mem', metric: 'memory%', operator: '>', critical: 90, duration: 1 },
      ],
      { modify: ['cpu'], append: ['mem'], remove: ['orders'] },
    ],
    [
      'a renamed rule keeps its id: modify, not remove and append',
      [{ ...toRule(remote[0] as Rule), name: 'cpu high' }, ...remote.slice(1)],
      { modify: ['cpu high'], append: [], remove: [] },
    ],
    [
      'an id the server does not know makes a new monitor',
      [...remote, { id: 'gone', type: 'connectivity', name: 'other' }],
      { modify: [], append: ['other'], remove: [] },
    ],
  ];
  for (const [what, local, want] of cases) {
    const plan = planSync(remote, local);
    assert.deepEqual(
      {
        modify: plan.modify.map((p) => p.local.name),
        append: plan.append.map((m) => m.name),
        remove: plan.remove.map((m) => m.name),
      },
      want,
      what,
    );
  }
});

test('planSync refuses rules it cannot match or check, before anything is done', () => {
  const cases: [string, Rule[], Rule[], RegExp][] = [
    ['neither id nor name', remote, [{ type: 'connectivity' }], /^monitors\[0\] has neither "id" nor "name"/],
    [
      'no id and a name used twice in the file',
      remote,
      [
        { type: 'connectivity', name: 'c' },
        { id: 'r2', type: 'connectivity', name: 'c' },
      ],
      /^monitors\[0\] \("c"\) has no "id" and its name is not unique \(monitors\[1\] has it too\)/,
    ],
    [
      'no id and two remote monitors of that name',
      [...remote, { id: 'r4', type: 'connectivity', name: 'connectivity' }],
      [{ type: 'connectivity', name: 'connectivity' }],
      /has no "id" and 2 remote monitors are named "connectivity"/,
    ],
    ['an unknown type', remote, [{ type: 'check', name: 'x' }], /^monitors\[0\] \("x"\) has an unknown type "check"/],
    ['no type', remote, [{ name: 'x' }], /should have "type"/],
    [
      'a host rule without metric',
      remote,
      [{ type: 'host', name: 'x' }],
      /^monitors\[0\] \("x"\) should have "metric"$/,
    ],
    [
      'anomaly detection without scopes',
      remote,
      [{ type: 'anomalyDetection', name: 'a', scopes: [] }],
      /should have "scopes"/,
    ],
    [
      'the same id twice',
      remote,
      [toRule(remote[1] as Rule), toRule(remote[1] as Rule)],
      /^monitors\[0\] and monitors\[1\] have the same id "r2"$/,
    ],
  ];
  for (const [what, r, local, message] of cases) {
    assert.throws(() => planSync(r, local), { name: 'CliError', message }, what);
  }
});

test('parseRulesFile reads {"monitors": [...]}, with or without a byte order mark', () => {
  assert.deepEqual(parseRulesFile('{"monitors": []}', 'm.json'), []);
  assert.deepEqual(parseRulesFile('\uFEFF{"monitors": [{"type": "host"}]}', 'm.json'), [{ type: 'host' }]);
  assert.throws(
    () => parseRulesFile('{"rules": []}', 'm.json'),
    /^CliError: m\.json: expected \{"monitors": \[\.\.\.\]\}$/,
  );
  assert.throws(() => parseRulesFile('{', 'm.json'), /^CliError: m\.json: /);
});
