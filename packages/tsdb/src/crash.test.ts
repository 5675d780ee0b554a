import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { after, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { MINUTE_MS, unixMs } from '@saba/model';
import { matcher } from '@saba/storage';
import { Tsdb } from './db.ts';
import { CRASH_ORG, CRASH_SERIES, crashLabels, crashTime, crashValue } from './testing/crash-plan.ts';
import { tempDir } from './testing/fixture.ts';

const ROUNDS = 20;
const writer = fileURLToPath(new URL('./testing/crash-writer.ts', import.meta.url));
const d = tempDir('saba-crash-');
after(() => d.remove());

/** Runs the writer until a random moment after its first ack, kills it with SIGKILL, returns the last acked batch. */
function runAndKill(first: number, killAfterMs: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', writer, d.dir, String(first)], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let last = first - 1;
    let pending = '';
    let stderr = '';
    let armed = false;
    child.stdout.on('data', (chunk: Buffer) => {
      pending += chunk.toString();
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) {
        const m = /^acked (\d+)$/.exec(line);
        if (m) last = Number(m[1]);
      }
      if (!armed) {
        armed = true;
        setTimeout(() => child.kill('SIGKILL'), killAfterMs);
      }
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.on('exit', (code, signal) => {
      if (signal === 'SIGKILL') resolve(last);
      else reject(new Error(`writer exited with ${code}: ${stderr}`));
    });
  });
}

test(`every acknowledged sample survives SIGKILL at random moments (${ROUNDS} rounds)`, {
  timeout: 300_000,
}, async () => {
  let next = 0;
  let blocksSeen = 0;
  for (let round = 0; round < ROUNDS; round++) {
    const lastAcked = await runAndKill(next, Math.floor(Math.random() * 700));
    const db = await Tsdb.open({
      dir: d.dir,
      clock: () => crashTime(lastAcked + 1) + MINUTE_MS,
      maintenanceIntervalMs: 0,
      fsync: 'never',
    });
    const q = db.querier(CRASH_ORG, unixMs(0), unixMs(crashTime(lastAcked + 1000)));
    for (let i = 0; i < CRASH_SERIES; i++) {
      const labels = crashLabels(i);
      const series = q.select(labels.map((l) => matcher('=', l.name, l.value)));
      assert.equal(series.length, lastAcked >= 0 ? 1 : series.length, `round ${round}: series ${i} present`);
      if (lastAcked < 0) continue;
      const s = (series[0] as (typeof series)[0]).samples();
      const got = new Map<number, number>();
      for (let k = 0; k < s.length; k++) got.set(s.ts[k] as number, s.vs[k] as number);
      for (let b = 0; b <= lastAcked; b++) {
        assert.equal(got.get(crashTime(b)), crashValue(b, i), `round ${round}: series ${i} batch ${b} of ${lastAcked}`);
      }
    }
    blocksSeen = db.blocks().length;
    await db.close();
    next = lastAcked + 1;
  }
  assert.ok(next > ROUNDS, `the writer made progress: ${next} batches acknowledged`);
  assert.ok(blocksSeen > 0, 'the head was cut into blocks along the way');
});
