// Child process for wal-crash.test.ts: replays the WAL in argv[2], then appends numbered records
// from 8 concurrent writers forever, printing each seq once its append resolved, until killed.
import { payload, seqOf } from '../test-kit.ts';
import { Wal } from '../wal.ts';

const dir = process.argv[2]!;
const wal = await Wal.open(dir, { fsync: 'batch', segmentBytes: 16 * 1024, log: () => {} });
let next = 0;
await wal.replay((p) => {
  next = seqOf(p) + 1;
});
process.stdout.write(`ready ${next}\n`);
const writer = async () => {
  for (;;) {
    const seq = next++;
    await wal.append(payload(seq, 16 + ((seq * 7919) % 2000)));
    process.stdout.write(`${seq}\n`);
  }
};
await Promise.all(Array.from({ length: 8 }, writer));
