// Anomaly detection against issue 10's targets (docs/benchmarks.md, "Anomaly detection"):
//   node --expose-gc --import tsx packages/monitor/src/anomaly/anomaly.bench.ts     (~1 min on 2 cores)
// 1. Training one role of 100 hosts × 14 days × 20 features (2,016,000 host-minutes), wall and
//    CPU time: standardisation over every row, EM with BIC over k = 1..8 on a 12,000-row
//    sample, thresholds from 400,000 scored rows.
// 2. Scoring 1,000 host vectors (one minute of a 1,000-host fleet); target < 100 ms.
import { unixSec } from '@saba/model';
import { printMachine } from '../../../tsdb/src/bench/report.ts';
import { FEATURE_COUNT } from './features.ts';
import { encodeModel } from './model-store.ts';
import { anomalyScore, scoringScratch, trainRoleModel } from './role-model.ts';
import { DAY_MINUTES, hostMinutes, type RoleShape } from './testing/role-data.ts';

const ROLE: RoleShape = { hosts: 100, days: 14, seed: 100, anomaliesFromDay: 14, perKind: 0 };
const FLEET_HOSTS = 1_000;
const SCORING_ROUNDS = 200;
const TARGET_SCORING_MS = 100;

printMachine(`${ROLE.hosts} hosts × ${ROLE.days} days × ${FEATURE_COUNT} features, generated`);
const perHost = ROLE.days * DAY_MINUTES;
const n = ROLE.hosts * perHost;
const rows = new Float64Array(n * FEATURE_COUNT);
let t = performance.now();
for (let h = 0; h < ROLE.hosts; h++) rows.set(hostMinutes(ROLE, h, []), h * perHost * FEATURE_COUNT);
console.log(
  `generated ${n.toLocaleString('en')} host-minutes in ${((performance.now() - t) / 1000).toFixed(1)} s (not part of training)`,
);

const cpu0 = process.cpuUsage();
t = performance.now();
const model = trainRoleModel(rows, n, { from: unixSec(0), to: unixSec(perHost * 60) });
const wall = (performance.now() - t) / 1000;
const cpu = process.cpuUsage(cpu0);
console.log(
  `training: ${wall.toFixed(1)} s wall, ${((cpu.user + cpu.system) / 1e6).toFixed(1)} CPU-s; ` +
    `k = ${model.mixture.components.length} (BIC over k = 1..${model.training.bic.length}), ` +
    `${model.training.emRows.toLocaleString('en')} EM rows, ${model.training.scoredRows.toLocaleString('en')} scored rows; ` +
    `stored model ${(encodeModel(model).length / 1024).toFixed(1)} KiB`,
);

// One minute of a fleet: 1,000 host vectors taken across the role's hosts and times of day.
const fleet = new Float64Array(FLEET_HOSTS * FEATURE_COUNT);
for (let i = 0; i < FLEET_HOSTS; i++) {
  const row = Math.floor((i * 2_003.7 * 997) % n);
  fleet.set(rows.subarray(row * FEATURE_COUNT, (row + 1) * FEATURE_COUNT), i * FEATURE_COUNT);
}
const scratch = scoringScratch(model);
const times: number[] = [];
let sink = 0;
for (let r = 0; r < SCORING_ROUNDS; r++) {
  const s = performance.now();
  for (let i = 0; i < FLEET_HOSTS; i++) sink += anomalyScore(model, fleet, i * FEATURE_COUNT, scratch);
  times.push(performance.now() - s);
}
times.sort((a, b) => a - b);
const median = times[Math.floor(times.length / 2)]!;
const p99 = times[Math.floor(times.length * 0.99)]!;
console.log(
  `scoring ${FLEET_HOSTS} hosts: median ${median.toFixed(2)} ms, p99 ${p99.toFixed(2)} ms over ${SCORING_ROUNDS} rounds ` +
    `(target < ${TARGET_SCORING_MS} ms; ${((1000 * FLEET_HOSTS) / median).toFixed(0)} host-minutes/s; checksum ${sink.toFixed(0)})`,
);
