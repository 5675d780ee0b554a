// Child process of sqlite.test.ts: opens the SQLite catalog at argv[2] and creates organizations
// `<prefix>-0`, `<prefix>-1`, ..., printing "acked <n>" after each create returns. With a count
// it then closes and exits; without one it runs until the parent kills it.
import { unixSec } from '@saba/model';
import { openCatalog } from '../open-catalog.ts';

const [path, prefix, count] = process.argv.slice(2);
if (path === undefined || prefix === undefined) throw new Error('usage: org-writer.ts <path> <prefix> [count]');
const limit = count === undefined ? Number.POSITIVE_INFINITY : Number(count);
const catalog = await openCatalog({ driver: 'sqlite', path });
for (let n = 0; n < limit; n++) {
  await catalog.orgs.create(`${prefix}-${n}`, null, unixSec(n));
  process.stdout.write(`acked ${n}\n`);
}
await catalog.close();
