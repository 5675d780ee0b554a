import assert from 'node:assert/strict';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { decodeModel, encodeModel } from '@saba/monitor';
import { fileModelStore, modelFileName } from './anomaly-models.ts';

// The example of docs/format/anomaly-model.md: 2 features, 1 component.
const MODEL = decodeModel(
  JSON.stringify({
    format: 'saba-anomaly-model',
    version: 1,
    features: ['loadavg1', 'cpu.user'],
    center: [0.31, 22.5],
    scale: [0.12, 9.8],
    weights: [1],
    components: [{ mean: [0, 0], chol: [1.0005, 0.93, 0.37] }],
    thresholds: { insensitive: 9.1, normal: 7.2, sensitive: 5 },
    training: { from: 1700000000, to: 1701209600, rows: 403200, emRows: 12000, scoredRows: 400000, bic: [1042.5] },
  }),
);

describe('fileModelStore', () => {
  let dir = '';
  const logs: string[] = [];
  before(async () => {
    dir = join(await mkdtemp(join(tmpdir(), 'saba-models-')), 'anomaly');
  });
  after(async () => {
    await rm(join(dir, '..'), { recursive: true, force: true });
  });

  test('nothing stored yet: the directory need not exist', async () => {
    assert.deepEqual(await fileModelStore(dir, (l) => logs.push(l)).loadAll(), []);
  });

  test('save, reload in a new store, replace and delete', async () => {
    const store = fileModelStore(dir, (l) => logs.push(l));
    const role = { service: 'shop.eu', role: 'app-1' };
    await store.save('m1', role, MODEL);
    const loaded = await fileModelStore(dir, (l) => logs.push(l)).loadAll();
    assert.equal(loaded.length, 1);
    assert.equal(loaded[0]?.monitorId, 'm1');
    assert.deepEqual(loaded[0]?.role, role, 'a dot in a service name survives the file name');
    assert.equal(encodeModel(loaded[0]?.model as typeof MODEL), encodeModel(MODEL), 'bit for bit');
    await store.save('m1', role, { ...MODEL, thresholds: { ...MODEL.thresholds, normal: 8 } });
    const replaced = await store.loadAll();
    assert.equal(replaced[0]?.model.thresholds.normal, 8);
    assert.deepEqual(await readdir(dir), [modelFileName('m1', role)], 'no temp file left behind');
    await store.delete('m1', role);
    await store.delete('m1', role);
    assert.deepEqual(await store.loadAll(), []);
  });

  test('a damaged file is skipped with a log line; the others load', async () => {
    const store = fileModelStore(dir, (l) => logs.push(l));
    await store.save('m2', { service: 's', role: 'r' }, MODEL);
    await writeFile(join(dir, modelFileName('m3', { service: 's', role: 'r' })), '{"format":"other"}');
    const loaded = await store.loadAll();
    assert.deepEqual(
      loaded.map((s) => s.monitorId),
      ['m2'],
    );
    assert.ok(
      logs.some((l) => l.includes('m3.s.r.json is skipped')),
      logs.join('\n'),
    );
  });
});
