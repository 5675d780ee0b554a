// The child of crash.test.ts: writes batches forever, printing `acked N` once batch N is durable,
// running maintenance every simulated hour, until it is killed. Usage: crash-writer.ts DIR FIRST_BATCH
import { MINUTE_MS, unixMs } from '@saba/model';
import { Tsdb } from '../db.ts';
import { CRASH_ORG, CRASH_SERIES, crashLabels, crashTime, crashValue } from './crash-plan.ts';

const [dir, first] = process.argv.slice(2);
if (dir === undefined || first === undefined) throw new Error('usage: crash-writer.ts DIR FIRST_BATCH');
let batch = Number(first);
const db = await Tsdb.open({
  dir,
  clock: () => crashTime(batch) + MINUTE_MS,
  maintenanceIntervalMs: 0,
  fsync: 'batch',
});
const labels = Array.from({ length: CRASH_SERIES }, (_, i) => crashLabels(i));
for (; ; batch++) {
  const app = db.appender(CRASH_ORG);
  for (let i = 0; i < CRASH_SERIES; i++)
    app.append(labels[i] as (typeof labels)[0], unixMs(crashTime(batch)), crashValue(batch, i));
  // The agent re-sends old points after an outage: the same value again, 30 batches late.
  if (batch >= 30)
    app.append(labels[0] as (typeof labels)[0], unixMs(crashTime(batch - 30)), crashValue(batch - 30, 0));
  await app.commit();
  process.stdout.write(`acked ${batch}\n`);
  if (batch % 12 === 0) await db.maintain();
}
