// One suite, run against every channel type (STYLE habit 12): each delivers to a real receiver on
// loopback (an HTTP sink, or an SMTP server for email), and each must agree on what is sent, which
// notifications its settings take, the idempotency key, and which failures are worth a retry.
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import { ALERT_STATUSES } from '@saba/model';
import type { Notification } from '../notification.ts';
import { httpPost } from '../send/http-post.ts';
import { CHANNEL_CASES, type ChannelCase, type Delivery } from '../testing/channel-cases.ts';
import { type HttpSink, refusedUrl, startHttpSink } from '../testing/http-sink.ts';
import {
  alertGroup,
  checkAlert,
  externalAlert,
  HOST_AND_MONITOR_EVENTS,
  hostAlert,
  hostAlertIn,
  hostStatusChanged,
  monitorDeleted,
  serviceAlert,
} from '../testing/notifications.ts';
import { type SmtpSink, startSmtpSink } from '../testing/smtp-sink.ts';
import type { SendDeps, SendResult } from './kind.ts';
import { CHANNEL_KINDS, type Channel, channelKind, parseChannel } from './registry.ts';

let httpSink: HttpSink;
let smtpSink: SmtpSink;

before(async () => {
  httpSink = await startHttpSink();
  smtpSink = await startSmtpSink();
});

after(async () => {
  await httpSink.close();
  await smtpSink.close();
});

beforeEach(() => {
  httpSink.requests.length = 0;
  httpSink.answer({ status: 200, body: 'ok' });
  smtpSink.mails.length = 0;
  smtpSink.answer('accept');
});

function deps(timeoutMs = 5000, smtpPort = smtpSink.port): SendDeps {
  return {
    post: httpPost,
    timeoutMs,
    smtp: { host: '127.0.0.1', port: smtpPort, secure: false, from: 'saba@saba.example' },
  };
}

function deliveries(cc: ChannelCase): Delivery[] {
  if (cc.transport === 'smtp') return smtpSink.mails.map((mail) => ({ mail }));
  return httpSink.requests.map((http) => ({ http, json: JSON.parse(http.body) as unknown }));
}

function keyOf(d: Delivery): string | undefined {
  if ('mail' in d) return d.mail.headers.get('x-saba-idempotency-key');
  const v = d.http.headers['x-saba-idempotency-key'];
  return typeof v === 'string' ? v : undefined;
}

/** Sends one notification and returns the result and what arrived. */
async function deliver(cc: ChannelCase, c: Channel, n: Notification, d = deps()) {
  const before = deliveries(cc).length;
  const result = await channelKind(c.type).send(c, n, d);
  return { result, got: deliveries(cc).slice(before) };
}

/** Delivers `n` and checks: accepted, sent once, the key on it, and the channel's goldens. */
async function deliversOnce(cc: ChannelCase, c: Channel, n: Notification): Promise<void> {
  assert.equal(channelKind(c.type).accepts(c, n), true, `accepts ${n.key}`);
  const { result, got } = await deliver(cc, c, n);
  assert.deepEqual(result, { ok: true }, n.key);
  assert.equal(got.length, 1, `one delivery for ${n.key}`);
  const d = got[0] as Delivery;
  assert.equal(keyOf(d), n.key, 'the idempotency key');
  cc.check(d, n);
}

test('every registered channel type has a conformance case', () => {
  assert.deepEqual(CHANNEL_CASES.map((c) => c.type).sort(), [...CHANNEL_KINDS.keys()].sort());
});

for (const cc of CHANNEL_CASES) {
  describe(`channel ${cc.type}`, () => {
    const channel = (extra: object = {}) => parseChannel({ ...cc.body(httpSink.url), ...extra });

    test('delivers host, service, check and external alerts', async () => {
      for (const n of [hostAlert, serviceAlert, checkAlert, externalAlert]) await deliversOnce(cc, channel(), n);
    });

    test('delivers every status (mentions, colours, resolve)', async () => {
      for (const s of ALERT_STATUSES) await deliversOnce(cc, channel(), hostAlertIn(s));
    });

    test('a repeat carries the same idempotency key', async () => {
      const c = channel();
      const first = await deliver(cc, c, hostAlert);
      const again = await deliver(cc, c, hostAlert);
      assert.ok(first.result.ok && again.result.ok);
      assert.equal(keyOf(first.got[0] as Delivery), hostAlert.key);
      assert.equal(keyOf(again.got[0] as Delivery), hostAlert.key);
    });

    if (cc.hasEvents) {
      test('events: alerts by default; alert groups when asked; [] takes nothing', async () => {
        const kind = channelKind(cc.type as Channel['type']);
        assert.deepEqual(channel().events, ['alert']);
        assert.equal(kind.accepts(channel(), alertGroup), false);
        const groupsOnly = channel({ events: ['alertGroup'] });
        assert.equal(kind.accepts(groupsOnly, hostAlert), false);
        await deliversOnce(cc, groupsOnly, alertGroup);
        await deliversOnce(cc, groupsOnly, {
          ...alertGroup,
          group: { ...alertGroup.group, status: 'OK', closedAt: 1_700_000_900 },
        });
        const none = channel({ events: [] });
        assert.equal(kind.accepts(none, hostAlert) || kind.accepts(none, alertGroup), false);
      });

      test('host and monitor events: each delivered when subscribed, none by default', async () => {
        const kind = channelKind(cc.type as Channel['type']);
        const all = channel({ events: ['hostStatus', 'hostRegister', 'hostRetire', 'monitor'] });
        for (const n of HOST_AND_MONITOR_EVENTS) {
          assert.equal(kind.accepts(channel(), n), false, `the default takes no ${n.key}`);
          await deliversOnce(cc, all, n);
        }
        assert.equal(kind.accepts(all, hostAlert), false, 'no alert unless subscribed');
        const statusOnly = channel({ events: ['hostStatus'] });
        assert.deepEqual(
          HOST_AND_MONITOR_EVENTS.filter((n) => kind.accepts(statusOnly, n)),
          [hostStatusChanged],
        );
        const monitorsOnly = channel({ events: ['monitor'] });
        assert.equal(kind.accepts(monitorsOnly, monitorDeleted), true);
        assert.equal(kind.accepts(monitorsOnly, hostStatusChanged), false);
      });
    } else {
      test('takes alerts only: alert groups are neither accepted nor sent', async () => {
        const c = channel();
        assert.equal(channelKind(c.type).accepts(c, alertGroup), false);
        const { result, got } = await deliver(cc, c, alertGroup);
        assert.equal(result.ok, false);
        assert.equal(!result.ok && result.retryable, false);
        assert.equal(got.length, 0);
      });

      test('takes no host or monitor event: neither accepted nor sent', async () => {
        const c = channel();
        for (const n of HOST_AND_MONITOR_EVENTS) {
          assert.equal(channelKind(c.type).accepts(c, n), false, n.key);
          const { result, got } = await deliver(cc, c, n);
          assert.equal(!result.ok && !result.retryable, true, `refused for good: ${n.key}`);
          assert.equal(got.length, 0);
        }
      });
    }

    if (cc.hasLevel) {
      test('level critical: no WARNING; CRITICAL and UNKNOWN; OK only after CRITICAL', async () => {
        const c = channel({ level: 'critical' });
        const kind = channelKind(c.type);
        assert.equal(kind.accepts(c, hostAlertIn('WARNING')), false);
        assert.equal(kind.accepts(c, hostAlertIn('OK', false)), false, 'OK of a warning-only alert');
        for (const n of [hostAlertIn('CRITICAL'), hostAlertIn('UNKNOWN'), hostAlertIn('OK', true)]) {
          await deliversOnce(cc, c, n);
        }
        const all = channel({ level: 'all' });
        for (const n of [hostAlertIn('WARNING'), hostAlertIn('OK', false)]) assert.equal(kind.accepts(all, n), true);
      });
    }

    describe('failures: retryable or permanent', () => {
      const rows: { name: string; run: () => Promise<SendResult>; retryable: boolean }[] =
        cc.transport === 'http'
          ? [
              ...[500, 503, 429, 408].map((status) => ({ name: `HTTP ${status}`, status, retryable: true })),
              ...[400, 401, 404, 410].map((status) => ({ name: `HTTP ${status}`, status, retryable: false })),
            ].map((r) => ({
              name: r.name,
              retryable: r.retryable,
              run: async () => {
                httpSink.answer({ status: r.status, body: 'no thanks' });
                return (await deliver(cc, channel(), hostAlert)).result;
              },
            }))
          : [451, 421, 550, 553].map((code) => ({
              name: `SMTP ${code}`,
              retryable: code < 500,
              run: async () => {
                smtpSink.answer({ code });
                return (await deliver(cc, channel(), hostAlert)).result;
              },
            }));
      rows.push({
        name: 'no answer within the timeout',
        retryable: true,
        run: async () => {
          if (cc.transport === 'http') httpSink.answer('hang');
          else smtpSink.answer('hang');
          const started = Date.now();
          const { result } = await deliver(cc, channel(), hostAlert, deps(300));
          assert.ok(Date.now() - started < 3000, 'the timeout bounds the attempt');
          return result;
        },
      });
      rows.push({
        name: 'connection refused',
        retryable: true,
        run: async () => {
          const refused = await refusedUrl();
          if (cc.transport === 'smtp')
            return (await deliver(cc, channel(), hostAlert, deps(5000, Number(new URL(refused).port)))).result;
          return (await deliver(cc, parseChannel(cc.body(refused)), hostAlert)).result;
        },
      });
      if (cc.transport === 'smtp') {
        rows.push({
          name: 'no SMTP server configured',
          retryable: false,
          run: async () => (await deliver(cc, channel(), hostAlert, { post: httpPost, timeoutMs: 1000 })).result,
        });
      }
      for (const row of rows) {
        test(`${row.name} is ${row.retryable ? 'retryable' : 'permanent'}`, async () => {
          const result = await row.run();
          assert.equal(result.ok, false, 'not delivered');
          assert.equal(!result.ok && result.retryable, row.retryable, !result.ok ? result.error : '');
          assert.ok(!result.ok && result.error !== '', 'an error says what happened');
        });
      }
    });
  });
}
