import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { BadDataError, LimitError } from '@saba/model';
import { lookupOf, ORG_A, openStore, read, T0_SEC, type TestStore } from '../testing/fixture.ts';
import { type HostLookup, MackerelIngest } from './ingest.ts';
import { parseHostMetrics } from './parse-host-metrics.ts';

const GOOD = { hostId: 'h1', name: 'loadavg5', time: T0_SEC, value: 1 };
/** A body whose item 1 is `bad` (item 0 is well-formed, so a partial store would show). */
const second = (bad: unknown) => [GOOD, bad];
const withField = (field: string, v: unknown) => second({ ...GOOD, [field]: v });
const without = (field: string) => {
  const { [field as keyof typeof GOOD]: _, ...rest } = GOOD;
  return second(rest);
};

const CASES: readonly { name: string; body: unknown; error?: typeof LimitError; message: string }[] = [
  {
    name: 'an object body',
    body: { metrics: [GOOD] },
    message: 'the body must be a JSON array of metric values, not an object',
  },
  { name: 'a string body', body: 'loadavg5', message: 'the body must be a JSON array of metric values, not a string' },
  { name: 'a number body', body: 1, message: 'the body must be a JSON array of metric values, not a number' },
  {
    name: 'too many items',
    body: [GOOD, GOOD, GOOD, GOOD],
    error: LimitError,
    message: 'the body holds 4 metric values; at most 3 are accepted per request; nothing was stored',
  },
  {
    name: 'a null item',
    body: second(null),
    message: 'item 1: must be an object with "name", "time" and "value", not null',
  },
  {
    name: 'an array item',
    body: second([GOOD]),
    message: 'item 1: must be an object with "name", "time" and "value", not an array',
  },
  {
    name: 'a number item',
    body: second(1),
    message: 'item 1: must be an object with "name", "time" and "value", not a number',
  },
  { name: 'no hostId', body: without('hostId'), message: 'item 1: "hostId" must be a non-empty string' },
  { name: 'an empty hostId', body: withField('hostId', ''), message: 'item 1: "hostId" must be a non-empty string' },
  { name: 'a number hostId', body: withField('hostId', 42), message: 'item 1: "hostId" must be a non-empty string' },
  { name: 'no name', body: without('name'), message: 'item 1: "name" must be a string' },
  { name: 'a null name', body: withField('name', null), message: 'item 1: "name" must be a string' },
  {
    name: 'an empty name',
    body: withField('name', ''),
    message: 'item 1: "name" must be 1 to 256 characters long, not 0',
  },
  {
    name: 'a 257-character name',
    body: withField('name', 'a'.repeat(257)),
    message: 'item 1: "name" must be 1 to 256 characters long, not 257',
  },
  {
    name: 'a space in the name',
    body: withField('name', 'load avg'),
    message: 'item 1: "name" "load avg" has characters outside [a-zA-Z0-9._-]',
  },
  {
    name: 'a wildcard in the name',
    body: withField('name', 'custom.*.x'),
    message: 'item 1: "name" "custom.*.x" has characters outside [a-zA-Z0-9._-]',
  },
  {
    name: 'a non-ASCII name',
    body: withField('name', 'cpu.usé'),
    message: 'item 1: "name" "cpu.usé" has characters outside [a-zA-Z0-9._-]',
  },
  { name: 'no time', body: without('time'), message: 'item 1: "time" must be a finite number' },
  { name: 'a string time', body: withField('time', String(T0_SEC)), message: 'item 1: "time" must be a finite number' },
  {
    name: 'an infinite time',
    body: withField('time', Number.POSITIVE_INFINITY),
    message: 'item 1: "time" must be a finite number',
  },
  {
    name: 'a time past safe milliseconds',
    body: withField('time', 1e300),
    message: 'item 1: "time" 1e+300 is not epoch seconds (out of range)',
  },
  { name: 'no value', body: without('value'), message: 'item 1: "value" must be a finite number' },
  { name: 'a null value', body: withField('value', null), message: 'item 1: "value" must be a finite number' },
  { name: 'a string value', body: withField('value', '1.5'), message: 'item 1: "value" must be a finite number' },
  { name: 'a NaN value', body: withField('value', Number.NaN), message: 'item 1: "value" must be a finite number' },
  {
    name: 'an infinite value',
    body: withField('value', Number.NEGATIVE_INFINITY),
    message: 'item 1: "value" must be a finite number',
  },
  { name: 'a boolean value', body: withField('value', true), message: 'item 1: "value" must be a finite number' },
];

let store: TestStore;
before(async () => {
  store = await openStore();
});
after(() => store.close());

// Each case is posted as a parsed body and as the bytes JSON.stringify writes for it (NaN and
// the infinities become null, which is refused with the same words): both entry points must
// refuse it alike.
const ENTRY_POINTS = {
  postHostMetrics: (ingest: MackerelIngest, body: unknown, lookup: HostLookup) =>
    ingest.postHostMetrics(ORG_A, body, lookup),
  postHostMetricsJson: (ingest: MackerelIngest, body: unknown, lookup: HostLookup) =>
    ingest.postHostMetricsJson(ORG_A, Buffer.from(JSON.stringify(body)), lookup),
};

for (const [entry, post] of Object.entries(ENTRY_POINTS)) {
  for (const c of CASES) {
    test(`host metrics, ${entry}: ${c.name} is refused and nothing is stored`, async () => {
      const ingest = new MackerelIngest(store.storage, { maxItems: 3 });
      const lookup = lookupOf({ h1: false });
      await assert.rejects(post(ingest, c.body, lookup), (err: unknown) => {
        assert.ok(err instanceof (c.error ?? BadDataError), `${String(err)}`);
        assert.equal(err.message, c.message);
        return true;
      });
      assert.deepEqual(lookup.calls, []);
      assert.deepEqual(read(store.storage, ORG_A, []), {});
      assert.equal(store.storage.counts.commit, 0);
    });
  }
}

test('names the agent and its plugins post are accepted', () => {
  const names = [
    'loadavg5',
    'cpu.user.percentage',
    'interface.eth0.rxBytes.delta',
    'filesystem.mapper_vg-root.used',
    'custom.agent.runtime.goroutine_num',
    'a'.repeat(256),
  ];
  const body = names.map((name) => ({ ...GOOD, name }));
  assert.equal(parseHostMetrics(body, 100).items, body);
});

test('the distinct host ids come out in order of first appearance', () => {
  const body = ['h2', 'h2', 'h1', 'h2', 'h3', 'h1'].map((hostId) => ({ ...GOOD, hostId }));
  assert.deepEqual(parseHostMetrics(body, 100).hostIds, ['h2', 'h1', 'h3']);
});
