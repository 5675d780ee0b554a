import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Host } from '@saba/client';
import { alertLine } from './alert-line.ts';

const HOST = {
  id: 'h1',
  name: 'web-1',
  status: 'working',
  isRetired: false,
  roles: { shop: ['app', 'web'], blog: ['db'] },
} as unknown as Host;
const T = 1700000000;

test('mkr`s alert line for each monitor type', () => {
  const prev = process.env.TZ;
  process.env.TZ = 'UTC';
  try {
    const at = '2023-11-14T22:13:20+00:00';
    const cases: [Record<string, unknown>, Record<string, unknown> | undefined, Host | undefined, string][] = [
      [
        { id: 'a1', status: 'CRITICAL', type: 'host', value: 95.123, openedAt: T },
        { type: 'host', name: 'cpu', metric: 'cpu.user', operator: '>', warning: 80, critical: 90 },
        HOST,
        `a1 ${at} CRITICAL cpu cpu.user 95.12 > 90.00 web-1 working [blog:db, shop:app,web]`,
      ],
      [
        { id: 'a2', status: 'WARNING', type: 'service', value: 3, openedAt: T },
        {
          type: 'service',
          name: 'orders',
          service: 'shop',
          metric: 'orders.count',
          operator: '<',
          warning: 5,
          critical: null,
        },
        undefined,
        `a2 ${at} WARNING orders shop orders.count 3.00 < 5.00`,
      ],
      [
        { id: 'a3', status: 'CRITICAL', type: 'external', value: 1500, message: '200', openedAt: T },
        { type: 'external', name: 'top', url: 'https://example.com', responseTimeCritical: 1000 },
        undefined,
        `a3 ${at} CRITICAL top https://example.com 1500.00 > 1000.00 msec, status:200`,
      ],
      [
        { id: 'a4', status: 'UNKNOWN', type: 'expression', openedAt: T },
        { type: 'expression', name: 'sum', expression: 'sum(\n  roleSlots("shop:app", "cpu")\n)' },
        undefined,
        `a4 ${at} UNKNOWN sum sum(roleSlots("shop:app", "cpu"))`,
      ],
      [
        { id: 'a5', status: 'CRITICAL', type: 'connectivity', openedAt: T },
        { type: 'connectivity', name: 'alive' },
        HOST,
        `a5 ${at} CRITICAL alive web-1 working [blog:db, shop:app,web]`,
      ],
      [
        { id: 'a6', status: 'WARNING', type: 'check', message: `disk full\nsecond line`, openedAt: T },
        undefined,
        { ...HOST, status: 'maintenance', roles: {} } as Host,
        `a6 ${at} WARNING disk full... web-1 maintenance []`,
      ],
      [
        { id: 'a7', status: 'CRITICAL', type: 'check', message: 'x'.repeat(120), openedAt: T },
        undefined,
        undefined,
        `a7 ${at} CRITICAL ${'x'.repeat(100)}...`,
      ],
    ];
    for (const [alert, monitor, host, want] of cases)
      assert.equal(alertLine({ alert, monitor, host }, false), want, String(alert.id));
  } finally {
    if (prev === undefined) delete process.env.TZ;
    else process.env.TZ = prev;
  }
});

test('on a terminal the status and the host status are coloured as mkr does', () => {
  const line = alertLine(
    {
      alert: { id: 'a1', status: 'CRITICAL', type: 'host', value: 1, openedAt: T },
      monitor: { type: 'connectivity', name: 'alive' },
      host: HOST,
    },
    true,
  );
  const esc = '\u001b';
  assert.ok(line.includes(` ${esc}[31mCRITICAL ${esc}[0m alive web-1 ${esc}[34mworking${esc}[0m [`), line);
});
