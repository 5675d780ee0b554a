// Resuming a suspended channel (Saba's POST /api/v0/channels/<id>/resume, spec features §4.3):
// what waited while it was suspended is sent at once, not at the end of its backoff. Real
// server, real webhook receiver on loopback.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { type OrgId, unixSec } from '@saba/model';
import { type HttpSink, startHttpSink } from '../../../../packages/notify/src/testing/http-sink.ts';
import { assertSuccess, createHost } from '../testing/api-fixtures.ts';
import { eventually } from '../testing/eventually.ts';
import { type Harness, startHarness } from '../testing/harness.ts';

let h: Harness;
let sink: HttpSink;
let key: string;
let org: OrgId;

before(async () => {
  h = await startHarness({}, { monitorTimers: false });
  sink = await startHttpSink();
  key = (await h.newOrg('resume')).key;
  org = (await h.server.catalog.orgs.getByName('resume'))?.id as OrgId;
});
after(async () => {
  await h.close();
  await sink.close();
});

test('a resumed channel gets what waited for it at once, not after its backoff', async () => {
  const created = await h.call('POST', '/api/v0/channels', {
    key,
    body: { type: 'webhook', name: 'flaky', url: `${sink.url}/flaky`, events: ['hostRegister'] },
  });
  assert.equal(created.status, 200, created.text);
  const channelId = created.json.id as string;

  // The first attempt fails, so the next one is 10 s away (the first backoff step).
  sink.answer({ status: 503 });
  await createHost(h, { name: 'web-1' }, key);
  await eventually('the first attempt', () => sink.requests.length === 1);
  const [waiting] = await h.server.catalog.outbox.listForChannel(org, channelId, 10);
  assert.equal(waiting?.status, 'pending');
  assert.equal(waiting?.attempts, 1);
  const retryIn = (waiting?.nextAttemptAt ?? 0) - Math.floor(Date.now() / 1000);
  assert.ok(retryIn >= 5, `the retry is due in ${retryIn} s`);

  // Delivery suspends a channel after an hour of failures; here the catalog is told directly.
  await h.server.catalog.channels.setSuspended(org, channelId, unixSec(Math.floor(Date.now() / 1000)));
  sink.answer({ status: 200 });
  assertSuccess(await h.call('POST', `/api/v0/channels/${channelId}/resume`, { key }));
  // Well before the retry's own time: resuming made it due and woke delivery.
  await eventually('the resumed delivery', () => sink.requests.length === 2, { timeoutMs: (retryIn - 2) * 1000 });
  const second = sink.requests[1];
  assert.equal(JSON.parse(second?.body ?? '{}').event, 'hostRegister');
  assert.equal(second?.headers['x-saba-idempotency-key'], sink.requests[0]?.headers['x-saba-idempotency-key']);
  const [sent] = await h.server.catalog.outbox.listForChannel(org, channelId, 10);
  assert.equal(sent?.status, 'sent');
});
