import assert from 'node:assert/strict';
import { test } from 'node:test';
import { BadDataError } from '@saba/model';
import { kindContext } from '../testing/kind-rows.ts';
import type { MonitorConfig } from './config.ts';
import { MONITOR_KINDS, monitorToJson, parseMonitor } from './registry.ts';

const ctx = kindContext({ web: ['app'] });

/** One valid body per type, as a client would send it. */
const BODIES: Readonly<Record<string, Record<string, unknown>>> = {
  host: {
    type: 'host',
    name: 'cpu',
    metric: 'cpu%',
    operator: '>',
    warning: 80,
    critical: null,
    duration: 3,
    scopes: ['web:app'],
  },
  connectivity: { type: 'connectivity', excludeScopes: ['web'] },
  service: {
    type: 'service',
    name: 'rps',
    service: 'web',
    metric: 'req',
    operator: '<',
    critical: 1,
    duration: 2,
    missingDurationWarning: 20,
  },
  external: { type: 'external', name: 'top', url: 'https://example.com/', headers: null, notificationInterval: 10 },
  expression: {
    type: 'expression',
    name: 'e',
    expression: "avg(role('web:app', 'loadavg5'))",
    operator: '>',
    warning: 1,
    memo: 'why',
  },
  anomalyDetection: {
    type: 'anomalyDetection',
    name: 'a',
    scopes: ['web:app'],
    criticalSensitivity: 'sensitive',
    isMute: true,
  },
  query: { type: 'query', name: 'q', query: 'up', operator: '<', critical: 1 },
};

test('MONITOR_KINDS holds every configurable type, keyed by its own type', () => {
  assert.deepEqual(
    [...MONITOR_KINDS.keys()],
    ['host', 'connectivity', 'service', 'external', 'expression', 'anomalyDetection', 'query'],
  );
  for (const [type, kind] of MONITOR_KINDS) assert.equal(kind.type, type);
});

for (const [type, body] of Object.entries(BODIES)) {
  test(`${type}: parseMonitor dispatches, and a stored monitor reads back equal`, () => {
    const config = parseMonitor(body, ctx);
    assert.equal(config.type, type);
    const json = monitorToJson({ ...config, id: 'abc' });
    assert.equal(Object.keys(json)[0], 'id');
    assert.equal(json.id, 'abc');
    assert.equal(json.type, type);
    assert.deepEqual(parseMonitor(json, undefined), config);
  });
}

const errorRows: { name: string; body: unknown; previous?: MonitorConfig; err: string }[] = [
  { name: 'not an object', body: [], err: 'request body must be a JSON object' },
  { name: 'null body', body: null, err: 'request body must be a JSON object' },
  { name: 'type missing', body: { name: 'x' }, err: '"type" is required' },
  { name: 'type null', body: { type: null, name: 'x' }, err: '"type" is required' },
  { name: 'type unknown', body: { type: 'ping', name: 'x' }, err: '"type" must be one of "host", "connectivity"' },
  { name: 'type not a string', body: { type: 3 }, err: '"type" must be one of' },
  { name: 'check monitors', body: { type: 'check', name: 'x' }, err: 'check monitors are made by agents' },
  {
    name: 'type changed on PUT',
    body: BODIES.host,
    previous: parseMonitor(BODIES.connectivity, ctx),
    err: '"type" cannot be changed (the monitor is "connectivity")',
  },
];

for (const row of errorRows) {
  test(`parseMonitor: ${row.name}`, () => {
    assert.throws(
      () => parseMonitor(row.body, ctx, row.previous),
      (e: unknown) => e instanceof BadDataError && e.message.includes(row.err),
    );
  });
}

test('PUT with the same type passes previous to the kind', () => {
  const previous = parseMonitor({ ...BODIES.connectivity, alertStatusOnGone: 'WARNING' }, ctx);
  const updated = parseMonitor({ type: 'connectivity', name: 'renamed' }, ctx, previous);
  assert.equal(updated.type === 'connectivity' && updated.alertStatusOnGone, 'WARNING');
});

test('toJson answers the spec §8.3 shape: unset fields left out, scopes as strings', () => {
  assert.deepEqual(monitorToJson({ ...parseMonitor(BODIES.host, ctx), id: 'h1' }), {
    id: 'h1',
    type: 'host',
    name: 'cpu',
    isMute: false,
    metric: 'cpu%',
    operator: '>',
    warning: 80,
    duration: 3,
    maxCheckAttempts: 1,
    scopes: ['web:app'],
    excludeScopes: [],
  });
  assert.deepEqual(monitorToJson({ ...parseMonitor(BODIES.external, ctx), id: 'e1' }), {
    id: 'e1',
    type: 'external',
    name: 'top',
    notificationInterval: 10,
    isMute: false,
    url: 'https://example.com/',
    method: 'GET',
    maxCheckAttempts: 1,
    skipCertificateVerification: false,
    followRedirect: false,
  });
  assert.deepEqual(monitorToJson({ ...parseMonitor(BODIES.anomalyDetection, ctx), id: 'a1' }), {
    id: 'a1',
    type: 'anomalyDetection',
    name: 'a',
    isMute: true,
    scopes: ['web:app'],
    criticalSensitivity: 'sensitive',
    maxCheckAttempts: 3,
  });
});
