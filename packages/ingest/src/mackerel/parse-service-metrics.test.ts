import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { BadDataError, LimitError } from '@saba/model';
import { ORG_A, openStore, read, T0_SEC, type TestStore } from '../testing/fixture.ts';
import { MackerelIngest } from './ingest.ts';

const GOOD = { name: 'access.count', time: T0_SEC, value: 1 };

const CASES: readonly { name: string; service?: string; body: unknown; error?: typeof LimitError; message: string }[] =
  [
    {
      name: 'an object body',
      body: { name: 'x' },
      message: 'the body must be a JSON array of metric values, not an object',
    },
    {
      name: 'too many items',
      body: [GOOD, GOOD, GOOD, GOOD],
      error: LimitError,
      message: 'the body holds 4 metric values; at most 3 are accepted per request; nothing was stored',
    },
    {
      name: 'a string item',
      body: [GOOD, 'x'],
      message: 'item 1: must be an object with "name", "time" and "value", not a string',
    },
    {
      name: 'a bad name',
      body: [GOOD, { ...GOOD, name: 'a/b' }],
      message: 'item 1: "name" "a/b" has characters outside [a-zA-Z0-9._-]',
    },
    {
      name: 'a missing time',
      body: [GOOD, { name: 'x', value: 1 }],
      message: 'item 1: "time" must be a finite number',
    },
    {
      name: 'a null value',
      body: [GOOD, { ...GOOD, value: null }],
      message: 'item 1: "value" must be a finite number',
    },
    { name: 'an empty service name', service: '', body: [GOOD], message: 'the service name is empty' },
  ];

let store: TestStore;
before(async () => {
  store = await openStore();
});
after(() => store.close());

for (const c of CASES) {
  test(`service metrics: ${c.name} is refused and nothing is stored`, async () => {
    const ingest = new MackerelIngest(store.storage, { maxItems: 3 });
    await assert.rejects(ingest.postServiceMetrics(ORG_A, c.service ?? 'web', c.body), (err: unknown) => {
      assert.ok(err instanceof (c.error ?? BadDataError), `${String(err)}`);
      assert.equal(err.message, c.message);
      return true;
    });
    assert.deepEqual(read(store.storage, ORG_A, []), {});
    assert.equal(store.storage.counts.commit, 0);
  });
}

test('service metrics need no hostId and take any name in the charset, "custom." or not', async () => {
  const own = await openStore();
  try {
    const ingest = new MackerelIngest(own.storage);
    const body = ['access_num.4xx', 'custom.x', 'latency-p99'].map((name) => ({ ...GOOD, name }));
    const r = await ingest.postServiceMetrics(ORG_A, 'shop', body);
    assert.deepEqual([r.accepted, r.outOfWindow, r.items.length], [3, 0, 3]);
    assert.deepEqual(Object.keys(read(own.storage, ORG_A, [])), [
      '__name__=access_num.4xx,service=shop',
      '__name__=custom.x,service=shop',
      '__name__=latency-p99,service=shop',
    ]);
  } finally {
    await own.close();
  }
});
