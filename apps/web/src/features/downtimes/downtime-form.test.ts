import assert from 'node:assert/strict';
import { test } from 'node:test';
import { downtimeToJson, parseDowntime } from '../../../../../packages/monitor/src/downtime/schema.ts';
import { fromLocalInput } from '../monitors/monitor-form.ts';
import {
  checkDowntime,
  type DowntimeValues,
  downtimeBody,
  downtimeValues,
  newDowntimeValues,
  scopeText,
  whenText,
} from './downtime-form.ts';

const SERVICES = [{ name: 'shop', roles: ['web', 'db'] }];
const MONITORS = new Set(['M1', 'M2']);
const START = '2026-11-21T22:00';

function values(extra: Partial<DowntimeValues> = {}): DowntimeValues {
  return { ...newDowntimeValues(0), name: 'deploy', start: START, duration: '90', ...extra };
}

test('a new downtime starts at the next full hour and lasts an hour', () => {
  const now = fromLocalInput('2026-11-21T21:17') + 42;
  const v = newDowntimeValues(now);
  // Whole-hour zones: the next full UTC hour is the next full local hour.
  if (new Date().getTimezoneOffset() % 60 === 0) assert.equal(v.start, START);
  assert.equal(v.duration, '60');
  assert.equal(checkDowntime(downtimeBody({ ...v, name: 'x' }), SERVICES, MONITORS), null);
});

test('form -> body -> schema -> API JSON -> form gives back what was typed', () => {
  const cases: DowntimeValues[] = [
    values(),
    values({ memo: 'release 42', recurrence: 'daily', interval: '2', until: '2027-01-01T00:00' }),
    values({ recurrence: 'weekly', interval: '1', weekdays: ['Monday', 'Friday'] }),
    values({
      scopes: {
        serviceScopes: [],
        serviceExcludeScopes: ['shop'],
        roleScopes: [],
        roleExcludeScopes: [],
        monitorScopes: ['M1'],
        monitorExcludeScopes: ['M2'],
      },
    }),
  ];
  for (const v of cases) {
    const body = downtimeBody(v);
    assert.equal(checkDowntime(body, SERVICES, MONITORS), null, JSON.stringify(body));
    const json = downtimeToJson(parseDowntime(body, undefined));
    assert.deepEqual(downtimeValues({ ...json, id: 'D1' } as never), v);
  }
});

test('the schema refuses what the API refuses, with its words', () => {
  const cases: Array<[string, DowntimeValues, RegExp]> = [
    ['no name', values({ name: '  ' }), /"name" is required/],
    ['no start', values({ start: '' }), /"start" is required/],
    ['a duration that is not a number', values({ duration: 'soon' }), /"duration" must be whole minutes/],
    ['zero minutes', values({ duration: '0' }), /"duration" must be whole minutes/],
    ['until before start', values({ recurrence: 'daily', until: '2026-11-01T00:00' }), /must not be before "start"/],
    ['interval 0', values({ recurrence: 'hourly', interval: '0' }), /"recurrence.interval"/],
    [
      'an unknown role',
      values({ scopes: { ...values().scopes, roleScopes: ['shop:nope'] } }),
      /role "shop:nope" does not exist/,
    ],
    [
      'a role whose service is in scope',
      values({ scopes: { ...values().scopes, serviceScopes: ['shop'], roleScopes: ['shop:web'] } }),
      /redundant/,
    ],
    [
      'an unknown monitor',
      values({ scopes: { ...values().scopes, monitorScopes: ['M9'] } }),
      /monitor "M9" does not exist/,
    ],
  ];
  for (const [what, v, want] of cases)
    assert.match(checkDowntime(downtimeBody(v), SERVICES, MONITORS) ?? '', want, what);
});

test('weekdays are sent for weekly downtimes only, in week order', () => {
  assert.deepEqual(
    (
      downtimeBody(values({ recurrence: 'weekly', weekdays: ['Friday', 'Monday'] })).recurrence as {
        weekdays: string[];
      }
    ).weekdays,
    ['Monday', 'Friday'],
  );
  assert.equal(
    'weekdays' in (downtimeBody(values({ recurrence: 'daily', weekdays: ['Friday'] })).recurrence as object),
    false,
  );
  assert.equal('recurrence' in downtimeBody(values()), false);
});

test('summaries of when and what', () => {
  const start = fromLocalInput(START);
  const cases: Array<[Record<string, unknown>, string, string]> = [
    [{}, '2026-11-21 22:00 for 1 h 30 min', 'everything'],
    [
      { recurrence: { type: 'weekly', interval: 2, weekdays: ['Monday'], until: start + 86_400 } },
      '2026-11-21 22:00 for 1 h 30 min, every 2 weeks on Monday until 2026-11-22 22:00',
      'everything',
    ],
    [
      { recurrence: { type: 'daily', interval: 1 }, serviceScopes: ['shop'], monitorExcludeScopes: ['M1', 'M7'] },
      '2026-11-21 22:00 for 1 h 30 min, every day',
      'services shop; not monitors cpu high, M7',
    ],
  ];
  for (const [extra, when, what] of cases) {
    const d = { name: 'x', start, duration: 90, ...extra };
    assert.equal(whenText(d), when);
    assert.equal(scopeText(d, new Map([['M1', 'cpu high']])), what);
  }
});
