import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BadDataError } from '@saba/model';
import type { ScopeContext } from '../subject.ts';
import { downtimeToJson, parseDowntime } from './schema.ts';

/** The organization the scopes are checked against. */
const ctx: ScopeContext = {
  hasService: (s) => ['web', 'db', 'batch'].includes(s),
  hasRole: (s, r) => ['web:app', 'web:proxy', 'db:primary'].includes(`${s}:${r}`),
  hasMonitor: (id) => ['m1', 'm2', 'm3'].includes(id),
};

const START = 1_717_200_000; // 2024-06-01T00:00:00Z
const base = { name: 'maintenance', start: START, duration: 60 };

describe('parseDowntime', () => {
  it('reads the smallest downtime with defaults for everything optional', () => {
    const d = parseDowntime(base, ctx);
    assert.deepEqual(d, {
      name: 'maintenance',
      memo: '',
      start: START,
      duration: 60,
      recurrence: null,
      serviceScopes: [],
      serviceExcludeScopes: [],
      roleScopes: [],
      roleExcludeScopes: [],
      monitorScopes: [],
      monitorExcludeScopes: [],
    });
    assert.deepEqual(downtimeToJson(d), { name: 'maintenance', start: START, duration: 60 });
  });

  it('takes Go nulls as empty or absent', () => {
    const d = parseDowntime(
      {
        ...base,
        memo: null,
        recurrence: { type: 'daily', interval: 1, weekdays: null, until: null },
        serviceScopes: null,
        serviceExcludeScopes: null,
        roleScopes: null,
        roleExcludeScopes: null,
        monitorScopes: null,
        monitorExcludeScopes: null,
      },
      ctx,
    );
    assert.equal(d.memo, '');
    assert.deepEqual(d.recurrence, { type: 'daily', interval: 1, weekdays: [], until: null });
    assert.deepEqual(d.roleScopes, []);
    assert.deepEqual(parseDowntime({ ...base, recurrence: null }, ctx).recurrence, null);
  });

  it('round-trips every field through the API shape, role scopes as service:role', () => {
    const input = {
      name: 'weekly window',
      memo: 'patching',
      start: START,
      duration: 120,
      recurrence: { type: 'weekly', interval: 2, weekdays: ['Saturday', 'Sunday'], until: START + 86_400 * 90 },
      serviceScopes: ['web'],
      serviceExcludeScopes: ['batch'],
      roleScopes: ['db: primary'],
      roleExcludeScopes: ['web:proxy'],
      monitorScopes: ['m1', 'm2'],
      monitorExcludeScopes: ['m3'],
    };
    const d = parseDowntime(input, ctx);
    assert.deepEqual(d.roleScopes, [{ service: 'db', role: 'primary' }]);
    const json = downtimeToJson(d);
    assert.deepEqual(json, { ...input, roleScopes: ['db:primary'] });
    assert.deepEqual(parseDowntime(json, ctx), d);
  });

  it('leaves weekdays out when weekly uses the start weekday, and until when open-ended', () => {
    const d = parseDowntime({ ...base, recurrence: { type: 'weekly', interval: 1 } }, ctx);
    assert.deepEqual(d.recurrence, { type: 'weekly', interval: 1, weekdays: [], until: null });
    assert.deepEqual(downtimeToJson(d).recurrence, { type: 'weekly', interval: 1 });
  });

  it('accepts the limits themselves', () => {
    const d = parseDowntime(
      {
        ...base,
        name: 'n'.repeat(250),
        memo: 'm'.repeat(2048),
        duration: 1,
        recurrence: { type: 'hourly', interval: 1, until: START },
      },
      ctx,
    );
    assert.equal(d.name.length, 250);
    assert.equal(d.recurrence?.until, START);
  });

  it('does not check existence when loading a stored downtime (no ctx)', () => {
    const d = parseDowntime(
      { ...base, serviceScopes: ['gone'], roleScopes: ['lost:role'], monitorScopes: ['deleted'] },
      undefined,
    );
    assert.deepEqual(d.serviceScopes, ['gone']);
    assert.deepEqual(d.roleScopes, [{ service: 'lost', role: 'role' }]);
    assert.deepEqual(d.monitorScopes, ['deleted']);
  });

  const refused: [string, unknown, RegExp][] = [
    ['an array body', [], /must be a JSON object/],
    ['a null body', null, /must be a JSON object/],
    ['no name', { start: START, duration: 60 }, /"name" is required/],
    ['an empty name', { ...base, name: '' }, /"name" is required/],
    ['a blank name', { ...base, name: '   ' }, /"name" is required/],
    ['a name that is not a string', { ...base, name: 7 }, /"name" must be a string/],
    ['a name of 251 characters', { ...base, name: 'n'.repeat(251) }, /"name" is longer than 250/],
    ['a memo of 2049 characters', { ...base, memo: 'm'.repeat(2049) }, /"memo" is longer than 2048/],
    ['a memo that is not a string', { ...base, memo: 1 }, /"memo" must be a string/],
    ['no start', { name: 'x', duration: 60 }, /"start" is required/],
    ['a fractional start', { ...base, start: START + 0.5 }, /"start" must be whole epoch seconds/],
    ['a start in milliseconds past year 9999', { ...base, start: START * 1000 }, /"start" must be whole epoch/],
    ['a negative start', { ...base, start: -1 }, /"start" must be whole epoch seconds/],
    ['a start given as a string', { ...base, start: String(START) }, /"start" must be whole epoch seconds/],
    ['no duration', { name: 'x', start: START }, /"duration" is required/],
    ['a zero duration', { ...base, duration: 0 }, /"duration" must be whole minutes ≥ 1, got 0/],
    ['a negative duration', { ...base, duration: -5 }, /"duration" must be whole minutes/],
    ['a fractional duration', { ...base, duration: 1.5 }, /"duration" must be whole minutes/],
    ['a recurrence that is an array', { ...base, recurrence: [] }, /"recurrence" must be an object/],
    ['a recurrence that is a string', { ...base, recurrence: 'daily' }, /"recurrence" must be an object/],
    ['a recurrence without type', { ...base, recurrence: { interval: 1 } }, /"recurrence.type" must be one of/],
    ['an unknown recurrence type', { ...base, recurrence: { type: 'minutely', interval: 1 } }, /got "minutely"/],
    ['a recurrence without interval', { ...base, recurrence: { type: 'daily' } }, /"recurrence.interval" is required/],
    [
      'a zero interval (Go zero value)',
      { ...base, recurrence: { type: 'daily', interval: 0 } },
      /"recurrence.interval" must be a whole number ≥ 1/,
    ],
    [
      'a fractional interval',
      { ...base, recurrence: { type: 'daily', interval: 1.5 } },
      /"recurrence.interval" must be/,
    ],
    [
      'weekdays on a daily recurrence',
      { ...base, recurrence: { type: 'daily', interval: 1, weekdays: ['Monday'] } },
      /only allowed for weekly/,
    ],
    [
      'an explicit empty weekday list',
      { ...base, recurrence: { type: 'weekly', interval: 1, weekdays: [] } },
      /at least one weekday/,
    ],
    [
      'an unknown weekday',
      { ...base, recurrence: { type: 'weekly', interval: 1, weekdays: ['Funday'] } },
      /\[0\] "Funday" is not one of Sunday/,
    ],
    [
      'a lower-case weekday',
      { ...base, recurrence: { type: 'weekly', interval: 1, weekdays: ['Monday', 'tuesday'] } },
      /\[1\] "tuesday"/,
    ],
    [
      'a weekday twice',
      { ...base, recurrence: { type: 'weekly', interval: 1, weekdays: ['Monday', 'Monday'] } },
      /lists "Monday" twice/,
    ],
    [
      'weekdays that are not a list',
      { ...base, recurrence: { type: 'weekly', interval: 1, weekdays: 'Monday' } },
      /"recurrence.weekdays" must be an array/,
    ],
    [
      'until before start',
      { ...base, recurrence: { type: 'daily', interval: 1, until: START - 1 } },
      /"recurrence.until" \(\d+\) must not be before "start"/,
    ],
    [
      'a fractional until',
      { ...base, recurrence: { type: 'daily', interval: 1, until: START + 0.5 } },
      /"recurrence.until" must be whole epoch/,
    ],
    [
      'an unknown service',
      { ...base, serviceScopes: ['web', 'nope'] },
      /"serviceScopes"\[1\]: service "nope" does not exist/,
    ],
    [
      'an unknown excluded service',
      { ...base, serviceExcludeScopes: ['nope'] },
      /"serviceExcludeScopes"\[0\]: service "nope"/,
    ],
    ['a service that is not a string', { ...base, serviceScopes: [1] }, /"serviceScopes"\[0\] must be a service name/],
    ['an empty service name', { ...base, serviceScopes: [''] }, /"serviceScopes"\[0\] must be a service name/],
    ['service scopes that are not a list', { ...base, serviceScopes: 'web' }, /"serviceScopes" must be an array/],
    ['a service listed twice', { ...base, serviceScopes: ['web', 'web'] }, /"serviceScopes" lists "web" twice/],
    ['a role without service', { ...base, roleScopes: ['app'] }, /"roleScopes"\[0\] "app" is not a role full name/],
    ['a role with an empty name', { ...base, roleScopes: ['web:'] }, /is not a role full name/],
    [
      'a role that is not a string',
      { ...base, roleScopes: [{ service: 'web' }] },
      /"roleScopes"\[0\] must be a role full name/,
    ],
    ['an unknown role', { ...base, roleScopes: ['web:cache'] }, /"roleScopes"\[0\]: role "web:cache" does not exist/],
    [
      'an unknown excluded role',
      { ...base, roleExcludeScopes: ['db:replica'] },
      /"roleExcludeScopes"\[0\]: role "db:replica"/,
    ],
    [
      'a role listed twice (once with a space)',
      { ...base, roleScopes: ['web:app', 'web: app'] },
      /"roleScopes" lists "web:app" twice/,
    ],
    ['an unknown monitor', { ...base, monitorScopes: ['m9'] }, /"monitorScopes"\[0\]: monitor "m9" does not exist/],
    [
      'a monitor id that is not a string',
      { ...base, monitorExcludeScopes: [5] },
      /"monitorExcludeScopes"\[0\] must be a monitor id/,
    ],
    [
      'a monitor listed twice',
      { ...base, monitorExcludeScopes: ['m1', 'm1'] },
      /"monitorExcludeScopes" lists "m1" twice/,
    ],
    [
      'a service both scoped and excluded',
      { ...base, serviceScopes: ['web'], serviceExcludeScopes: ['web'] },
      /"web" is in both "serviceScopes" and "serviceExcludeScopes"/,
    ],
    [
      'a role both scoped and excluded',
      { ...base, roleScopes: ['web:app'], roleExcludeScopes: ['web: app'] },
      /"web:app" is in both "roleScopes" and "roleExcludeScopes"/,
    ],
    [
      'a monitor both scoped and excluded',
      { ...base, monitorScopes: ['m2'], monitorExcludeScopes: ['m2'] },
      /"m2" is in both "monitorScopes"/,
    ],
    [
      'a role of a scoped service',
      { ...base, serviceScopes: ['web'], roleScopes: ['db:primary', 'web:app'] },
      /"web:app" is redundant: its service "web" is in "serviceScopes"/,
    ],
  ];
  for (const [what, input, message] of refused) {
    it(`refuses ${what}`, () => {
      assert.throws(
        () => parseDowntime(input, ctx),
        (e: unknown) => e instanceof BadDataError && message.test(e.message),
      );
    });
  }

  it('still refuses redundant scopes when loading without ctx', () => {
    assert.throws(() => parseDowntime({ ...base, monitorScopes: ['x', 'x'] }, undefined), BadDataError);
  });
});
