import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { AlertStatus } from '../../api/types.ts';
import { alertTiles, worstStatus } from './alert-tiles.ts';

describe('worstStatus', () => {
  const cases: Array<[AlertStatus[], AlertStatus]> = [
    [[], 'OK'],
    [['WARNING'], 'WARNING'],
    [['WARNING', 'CRITICAL', 'UNKNOWN'], 'CRITICAL'],
    [['UNKNOWN', 'WARNING'], 'WARNING'],
    [['UNKNOWN'], 'UNKNOWN'],
  ];
  for (const [statuses, want] of cases)
    test(statuses.join(',') || 'none', () => assert.equal(worstStatus(statuses), want));
});

describe('alertTiles', () => {
  test("each host of the role with its worst open alert, in the hosts' order; alerts without a host are ignored", () => {
    const hosts = [
      { id: 'a', label: 'web-1' },
      { id: 'b', label: 'web-2' },
      { id: 'c', label: 'web-3' },
    ];
    const alerts: Array<{ hostId?: string; status: AlertStatus }> = [
      { hostId: 'b', status: 'WARNING' },
      { hostId: 'b', status: 'CRITICAL' },
      { hostId: 'c', status: 'UNKNOWN' },
      { status: 'CRITICAL' },
      { hostId: 'z', status: 'CRITICAL' },
    ];
    assert.deepEqual(alertTiles(hosts, alerts), [
      { hostId: 'a', label: 'web-1', status: 'OK' },
      { hostId: 'b', label: 'web-2', status: 'CRITICAL' },
      { hostId: 'c', label: 'web-3', status: 'UNKNOWN' },
    ]);
  });
});
