import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { PROMTOOL_BIN, prometheusInstalled } from '../../../../tools/prometheus-peer/server.ts';
import { hostInScope } from '../engine/scope.ts';
import { averageOfLast } from '../judge/average.ts';
import type { HostMonitor } from '../kinds/config.ts';
import { parseMonitor } from '../kinds/registry.ts';
import {
  durationOf,
  FLIP_METRIC,
  hostBatch,
  ISSUE_FLEET,
  METRIC_NAMES,
  monitorJsons,
  PROMETHEUS_SHAPE,
  roleOf,
  valueAt,
  WARNING,
} from './fleet.ts';
import { ruleFile } from './prometheus-rules.ts';

const required = process.env.SABA_REQUIRE_SERVICES === '1';

test('the issue fleet has 10,000 valid monitors and judges every host with exactly 100 of them', () => {
  const monitors = monitorJsons(ISSUE_FLEET).map((j) => parseMonitor(j, undefined) as HostMonitor);
  assert.equal(monitors.length, 10_000);
  assert.equal(new Set(METRIC_NAMES).size, 120);
  for (const h of [0, 9, 10, 505, 999]) {
    const { service, role } = roleOf(ISSUE_FLEET, h);
    const judged = monitors.filter((m) => hostInScope(m, [{ service, role }]));
    assert.equal(judged.length, 100, `host ${h}`);
    assert.equal(new Set(judged.map((m) => m.metric)).size, 100, `host ${h}: one monitor per metric`);
  }
});

test('about 1 % of judgements breach, and pairs start breaching every minute', () => {
  let breaching = 0;
  let judged = 0;
  let starts = 0;
  const { hosts, metrics } = ISSUE_FLEET;
  for (let h = 0; h < hosts; h++) {
    for (let k = 0; k < metrics; k++) {
      // Minutes 3–7 are the measured ones; the average needs the 4 before.
      const points = Array.from({ length: 8 }, (_, m) => ({ time: m * 60, value: valueAt(h, k, m) }));
      for (let m = 3; m < 8; m++) {
        judged++;
        if ((averageOfLast(points, durationOf(k), m * 60) as number) > WARNING) breaching++;
        if (valueAt(h, k, m) > WARNING && valueAt(h, k, m - 1) <= WARNING) starts++;
      }
    }
  }
  const share = breaching / judged;
  assert.ok(share > 0.008 && share < 0.013, `share ${share}`);
  assert.ok(starts / 5 > 100, `${starts / 5} hot spells start a minute`);
});

test('a host batch is the agent form with every value, the flip value last', () => {
  const items = JSON.parse(hostBatch({ ...ISSUE_FLEET, flip: true }, 'H1', 3, 7, 1_700_000_000)) as {
    hostId: string;
    name: string;
    time: number;
    value: number;
  }[];
  assert.equal(items.length, 121);
  assert.deepEqual(items[0], { hostId: 'H1', name: METRIC_NAMES[0], time: 1_700_000_000, value: valueAt(3, 0, 7) });
  assert.equal(items.at(-1)?.name, FLIP_METRIC);
});

test('promtool accepts the rule file of the Prometheus side', {
  skip: prometheusInstalled() || required ? false : 'promtool not installed',
}, () => {
  const dir = mkdtempSync(join(tmpdir(), 'saba-monitor-rules-'));
  try {
    const path = join(dir, 'rules.yml');
    writeFileSync(path, ruleFile(PROMETHEUS_SHAPE));
    const out = execFileSync(PROMTOOL_BIN, ['check', 'rules', path], { encoding: 'utf8' });
    assert.match(out, /SUCCESS: 100 rules found/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
