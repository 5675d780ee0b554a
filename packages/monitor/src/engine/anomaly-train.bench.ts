// Training one role as the engine does (decision 0014, part 2): 20 hosts × 14 days of the
// agent's system metrics in a real tsdb, read through the engine's point reader, feature rows
// built per host-minute, the model fitted; and the longest stall of the event loop meanwhile.
//   node --import tsx packages/monitor/src/engine/anomaly-train.bench.ts     (~1 min on 2 cores)
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { type HostId, hostSeriesLabels, type OrgId, unixMs } from '@saba/model';
import { Tsdb } from '@saba/tsdb';
import { printMachine } from '../../../tsdb/src/bench/report.ts';
import { DAY_MINUTES, hostMetricMinutes, type RoleShape } from '../anomaly/testing/role-data.ts';
import type { AnomalyDetectionMonitor, WithId } from '../kinds/config.ts';
import { trainRole } from './anomaly-train.ts';
import type { EngineContext } from './context.ts';
import type { HostFacts } from './ports.ts';
import { storagePointReader } from './storage-points.ts';

const ROLE: RoleShape = { hosts: 20, days: 14, seed: 20, anomaliesFromDay: 14, perKind: 0 };
const ORG = 'bench' as OrgId;
const end = Math.floor(Date.now() / 60_000) * 60;
const start = end - ROLE.days * DAY_MINUTES * 60;

printMachine(`${ROLE.hosts} hosts × ${ROLE.days} days of agent system metrics in a tsdb`);
const dir = await mkdtemp(join(tmpdir(), 'saba-anomaly-bench-'));
const db = await Tsdb.open({ dir, fsync: 'never', oooWindowMs: (ROLE.days + 1) * 86_400_000 });
try {
  let t = performance.now();
  let samples = 0;
  for (let h = 0; h < ROLE.hosts; h++) {
    const app = db.appender(ORG);
    hostMetricMinutes(ROLE, h, [], (minute, values) => {
      for (const [name, value] of values) {
        app.append(hostSeriesLabels(`host${h}` as HostId, name), unixMs((start + minute * 60) * 1000), value);
        samples++;
      }
    });
    await app.commit();
  }
  console.log(
    `wrote ${samples.toLocaleString('en')} samples in ${((performance.now() - t) / 1000).toFixed(1)} s (setup)`,
  );

  const hosts: HostFacts[] = Array.from({ length: ROLE.hosts }, (_, h) => ({
    id: `host${h}` as HostId,
    status: 'working',
    roles: [{ service: 'bench', role: 'app' }],
    isRetired: false,
  }));
  // trainRole reads only the point reader and the clock.
  const ctx = { deps: { points: storagePointReader(db) }, now: () => end } as unknown as EngineContext;
  const m = { trainingPeriodFrom: null } as WithId<AnomalyDetectionMonitor>;
  const lag = monitorEventLoopDelay({ resolution: 10 });
  lag.enable();
  const cpu0 = process.cpuUsage();
  t = performance.now();
  const model = await trainRole(ctx, ORG, m, hosts, 1);
  const wall = (performance.now() - t) / 1000;
  const cpu = process.cpuUsage(cpu0);
  lag.disable();
  console.log(
    `trainRole: ${wall.toFixed(1)} s wall, ${((cpu.user + cpu.system) / 1e6).toFixed(1)} CPU-s, ` +
      `${model?.training.rows.toLocaleString('en')} host-minutes, k = ${model?.mixture.components.length}; ` +
      `longest event-loop stall ${(lag.max / 1e6).toFixed(0)} ms`,
  );
} finally {
  await db.close();
  await rm(dir, { recursive: true, force: true });
}
