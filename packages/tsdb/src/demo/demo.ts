// `npm start` until the server lands: opens the data directory (SABA_DATA_DIR, default ./data),
// writes the last 24 h of one-minute samples for a few hosts as the agent would, reads them back
// raw and as rollups, and says what it did and how long each step took.
import { performance } from 'node:perf_hooks';
import { labelsFromRecord, MINUTE_MS, orgId, unixMs } from '@saba/model';
import { matcher } from '@saba/storage';
import { Tsdb } from '../db.ts';

const dir = process.env.SABA_DATA_DIR ?? './data';
const hosts = 50;
const metrics = ['loadavg5', 'cpu.user.percentage', 'memory.used', 'interface.eth0.rxBytes.delta'];
const org = orgId('default');
const now = Math.floor(Date.now() / MINUTE_MS) * MINUTE_MS;
const minutes = 24 * 60 - 1;

const t0 = performance.now();
const db = await Tsdb.open({ dir, log: (m) => console.log(`  tsdb: ${m}`) });
const opened = performance.now();
console.log(`opened ${dir} in ${(opened - t0).toFixed(0)} ms (${db.stats().series} series already there)`);

let samples = 0;
for (let m = minutes; m >= 0; m--) {
  const app = db.appender(org);
  const t = unixMs(now - m * MINUTE_MS);
  for (let h = 0; h < hosts; h++) {
    const wave = Math.sin((2 * Math.PI * (now / MINUTE_MS - m)) / 1440 + h);
    app.append(labelsFromRecord({ __name__: 'loadavg5', host: `host${h}` }), t, Math.abs(wave) * 2);
    app.append(
      labelsFromRecord({ __name__: 'cpu.user.percentage', host: `host${h}` }),
      t,
      Math.round((50 + 40 * wave) * 100) / 100,
    );
    app.append(labelsFromRecord({ __name__: 'memory.used', host: `host${h}` }), t, 4_000_000_000 + h * 1_000_000);
    app.append(
      labelsFromRecord({ __name__: 'interface.eth0.rxBytes.delta', host: `host${h}` }),
      t,
      1000 + ((m * 7919 + h) % 500),
    );
    samples += metrics.length;
  }
  await app.commit();
}
const written = performance.now();
console.log(
  `wrote ${samples.toLocaleString()} samples (${hosts} hosts × ${metrics.length} metrics × 24 h) in ${(written - opened).toFixed(0)} ms, one durable commit per minute of data`,
);

await db.maintain();
const maintained = performance.now();
console.log(`cut the head into ${db.stats().blocks} block(s) on disk in ${(maintained - written).toFixed(0)} ms`);

const q = db.querier(org, unixMs(now - 24 * 60 * MINUTE_MS), unixMs(now));
const series = q.select([matcher('=', '__name__', 'loadavg5'), matcher('=', 'host', 'host0')]);
const raw = series[0]?.samples();
const hourly = series[0]?.rollup('1h');
const read = performance.now();
console.log(
  `read loadavg5{host="host0"}: ${raw?.length ?? 0} raw samples, ${hourly?.length ?? 0} hourly rollups in ${(read - maintained).toFixed(1)} ms`,
);
if (hourly !== undefined && hourly.length > 0) {
  const i = hourly.length - 1;
  console.log(
    `  last hour: count ${hourly.count[i]}, mean ${((hourly.sum[i] as number) / (hourly.count[i] as number)).toFixed(3)}, min ${hourly.min[i]?.toFixed(3)}, max ${hourly.max[i]?.toFixed(3)}`,
  );
}
console.log(`hosts: ${q.labelValues('host').length}, metrics: ${q.labelValues('__name__').join(', ')}`);
await db.close();
console.log('closed; run again and the data is still there (the WAL replays it).');
