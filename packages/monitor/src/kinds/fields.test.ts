import assert from 'node:assert/strict';
import { test } from 'node:test';
import { BadDataError, type JsonObject } from '@saba/model';
import { kindContext } from '../testing/kind-rows.ts';
import type { Scope } from './config.ts';
import {
  parseCommon,
  parseDuration,
  parseMaxCheckAttempts,
  parseScopes,
  parseThresholds,
  requireThreshold,
  scopeText,
} from './fields.ts';

const ctx = kindContext({ web: ['app', 'db'], batch: [] });

/** Asserts a BadDataError whose message holds `part`. */
function throwsBad(f: () => unknown, part: string): void {
  assert.throws(f, (e: unknown) => e instanceof BadDataError && e.message.includes(part));
}

const commonRows: { name: string; input: JsonObject; fallback?: string; want?: object; err?: string }[] = [
  {
    name: 'defaults',
    input: { name: 'cpu' },
    want: { name: 'cpu', memo: '', notificationInterval: null, isMute: false },
  },
  {
    name: 'all set',
    input: { name: 'cpu', memo: 'see runbook', notificationInterval: 60, isMute: true },
    want: { name: 'cpu', memo: 'see runbook', notificationInterval: 60, isMute: true },
  },
  {
    name: 'nulls are not given',
    input: { name: 'cpu', memo: null, notificationInterval: null, isMute: null },
    want: { name: 'cpu', memo: '', notificationInterval: null, isMute: false },
  },
  { name: 'name fallback', input: {}, fallback: 'connectivity', want: { name: 'connectivity' } },
  {
    name: 'name null takes the fallback',
    input: { name: null },
    fallback: 'connectivity',
    want: { name: 'connectivity' },
  },
  { name: 'memo of 2048 characters', input: { name: 'x', memo: 'm'.repeat(2048) }, want: { memo: 'm'.repeat(2048) } },
  {
    name: 'notificationInterval 10',
    input: { name: 'x', notificationInterval: 10 },
    want: { notificationInterval: 10 },
  },
  { name: 'name missing', input: {}, err: '"name" is required' },
  { name: 'name empty', input: { name: '' }, err: '"name" is required' },
  { name: 'name empty with a fallback', input: { name: '' }, fallback: 'connectivity', err: '"name" is required' },
  { name: 'name not a string', input: { name: 3 }, err: '"name" must be a string' },
  { name: 'memo too long', input: { name: 'x', memo: 'm'.repeat(2049) }, err: '"memo" is longer than 2048' },
  {
    name: 'notificationInterval below 10',
    input: { name: 'x', notificationInterval: 5 },
    err: '"notificationInterval"',
  },
  { name: 'notificationInterval 0', input: { name: 'x', notificationInterval: 0 }, err: '"notificationInterval"' },
  { name: 'notificationInterval fractional', input: { name: 'x', notificationInterval: 10.5 }, err: 'whole number' },
  { name: 'notificationInterval a string', input: { name: 'x', notificationInterval: '10' }, err: 'must be a number' },
  { name: 'isMute a string', input: { name: 'x', isMute: 'true' }, err: '"isMute" must be true or false' },
];

for (const row of commonRows) {
  test(`parseCommon: ${row.name}`, () => {
    if (row.err !== undefined) throwsBad(() => parseCommon(row.input, row.fallback), row.err);
    else
      assert.deepEqual({ ...parseCommon(row.input, row.fallback), ...row.want }, parseCommon(row.input, row.fallback));
  });
}

const scopeRows: { name: string; list: unknown[]; noCtx?: boolean; want?: Scope[]; err?: string }[] = [
  { name: 'empty', list: [], want: [] },
  { name: 'service and role', list: ['web', 'web:app'], want: [{ service: 'web' }, { service: 'web', role: 'app' }] },
  { name: 'space after the colon', list: ['web:  db'], want: [{ service: 'web', role: 'db' }] },
  {
    name: 'unknown names pass without a context',
    list: ['gone:old'],
    noCtx: true,
    want: [{ service: 'gone', role: 'old' }],
  },
  { name: 'unknown service', list: ['web', 'nope'], err: '"scopes"[1]: service "nope" does not exist' },
  { name: 'unknown role', list: ['batch:app'], err: 'role "batch:app" does not exist' },
  { name: 'not a string', list: [7], err: '"scopes"[0] must be a string' },
  { name: 'malformed', list: ['web:app:x'], err: 'is not "service" or "service:role"' },
  { name: 'empty role', list: ['web:'], err: 'is not "service" or "service:role"' },
];

for (const row of scopeRows) {
  test(`parseScopes: ${row.name}`, () => {
    const run = () => parseScopes(row.list, 'scopes', row.noCtx ? undefined : ctx);
    if (row.err !== undefined) throwsBad(run, row.err);
    else assert.deepEqual(run(), row.want);
  });
}

test('scopeText writes service or service:role', () => {
  assert.equal(scopeText({ service: 'web' }), 'web');
  assert.equal(scopeText({ service: 'web', role: 'app' }), 'web:app');
});

const thresholdRows: { name: string; input: JsonObject; want?: object; err?: string }[] = [
  { name: 'both', input: { operator: '>', warning: 1, critical: 2 }, want: { operator: '>', warning: 1, critical: 2 } },
  {
    name: "the Go client's nulls",
    input: { operator: '<', warning: null, critical: 5 },
    want: { operator: '<', warning: null, critical: 5 },
  },
  { name: 'neither', input: { operator: '>' }, err: 'at least one of "warning" and "critical"' },
  { name: 'operator missing', input: { warning: 1 }, err: '"operator" is required' },
  { name: 'operator unknown', input: { operator: '>=', warning: 1 }, err: '"operator" must be one of' },
  { name: 'threshold a string', input: { operator: '>', warning: '1' }, err: '"warning" must be a number' },
];

for (const row of thresholdRows) {
  test(`parseThresholds: ${row.name}`, () => {
    const run = () => {
      const t = parseThresholds(row.input);
      requireThreshold(t);
      return t;
    };
    if (row.err !== undefined) throwsBad(run, row.err);
    else assert.deepEqual(run(), row.want);
  });
}

test('maxCheckAttempts and duration are whole numbers 1–10', () => {
  assert.equal(parseMaxCheckAttempts({}, 3), 3);
  assert.equal(parseMaxCheckAttempts({ maxCheckAttempts: null }, 1), 1);
  assert.equal(parseMaxCheckAttempts({ maxCheckAttempts: 10 }, 1), 10);
  throwsBad(() => parseMaxCheckAttempts({ maxCheckAttempts: 0 }, 1), '"maxCheckAttempts" must be a whole number 1–10');
  throwsBad(() => parseMaxCheckAttempts({ maxCheckAttempts: 11 }, 1), '"maxCheckAttempts"');
  throwsBad(() => parseMaxCheckAttempts({ maxCheckAttempts: 2.5 }, 1), '"maxCheckAttempts"');
  assert.equal(parseDuration({ duration: 1 }), 1);
  throwsBad(() => parseDuration({}), '"duration" is required');
  throwsBad(() => parseDuration({ duration: null }), '"duration" is required');
  throwsBad(() => parseDuration({ duration: 11 }), '"duration" must be a whole number 1–10');
});
