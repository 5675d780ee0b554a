// saba dashboards against the real server: the list, pull writing dashboard-<id>.json files as the
// API answers each dashboard, an edited file pushed back by its id, a file without id creating one.
import assert from 'node:assert/strict';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { type CliServer, startCliServer } from '../testing/cli-server.ts';

type Json = Record<string, unknown>;

let s: CliServer;
let work: string;
const ids: string[] = [];

function markdown(title: string, text: string): Json {
  return {
    title,
    urlPath: title.toLowerCase().replaceAll(' ', '-'),
    memo: `${title} memo`,
    widgets: [{ type: 'markdown', title: 'note', markdown: text, layout: { x: 0, y: 0, width: 6, height: 6 } }],
  };
}

before(async () => {
  s = await startCliServer();
  work = join(s.dir, 'work');
  await mkdir(work);
  for (const d of [markdown('Shop', 'orders'), markdown('Infra', 'hosts')]) {
    const a = await s.call('POST', '/api/v0/dashboards', d);
    assert.equal(a.status, 200, JSON.stringify(a.json));
    ids.push(a.json.id);
  }
});
after(async () => {
  await s.close();
});

describe('dashboards', () => {
  test('dashboards prints the list as JSON', async () => {
    const r = await s.saba(['dashboards']);
    assert.equal(r.code, 0, r.stderr);
    const list = JSON.parse(r.stdout) as Json[];
    assert.deepEqual(list.map((d) => d.title).sort(), ['Infra', 'Shop']);
    assert.ok(r.stdout.startsWith('[\n    {\n'), 'four-space indent');
  });

  test('pull writes dashboard-<id>.json for each, as GET answers it, and logs each file', async () => {
    const r = await s.saba(['dashboards', 'pull'], { cwd: work });
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual((await readdir(work)).sort(), ids.map((id) => `dashboard-${id}.json`).sort());
    for (const id of ids) {
      const text = await readFile(join(work, `dashboard-${id}.json`), 'utf8');
      const got = await s.call('GET', `/api/v0/dashboards/${id}`);
      assert.equal(text, JSON.stringify(got.json, null, 4), 'four spaces, no final newline, as mkr writes it');
      assert.match(
        r.stderr,
        new RegExp(`^ {6}info Dashboard file is saved to 'dashboard-${id}\\.json'\\(title:${got.json.title}\\)$`, 'm'),
      );
    }
    const one = join(s.dir, 'one');
    await mkdir(one);
    const only = await s.saba(['dashboards', 'pull', '--id', ids[0] as string], { cwd: one });
    assert.equal(only.code, 0, only.stderr);
    assert.deepEqual(await readdir(one), [`dashboard-${ids[0]}.json`]);
  });

  test('an edited file pushes back to its dashboard; a file without id makes a new one', async () => {
    const path = join(work, `dashboard-${ids[0]}.json`);
    const d = JSON.parse(await readFile(path, 'utf8')) as Json & { widgets: Json[] };
    const edited = { ...d, title: 'Shop v2', widgets: [{ ...d.widgets[0], markdown: 'orders and refunds' }] };
    await writeFile(path, JSON.stringify(edited, null, 4));
    const r = await s.saba(['dashboards', 'push', '-F', path]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout + r.stderr, '', 'mkr prints nothing on success');
    const got = (await s.call('GET', `/api/v0/dashboards/${ids[0]}`)).json;
    assert.equal(got.title, 'Shop v2');
    assert.equal(got.widgets[0].markdown, 'orders and refunds');
    assert.equal(got.createdAt, d.createdAt);

    const fresh = join(work, 'new.json');
    await writeFile(fresh, JSON.stringify(markdown('Fresh', 'new here')));
    const c = await s.saba(['dashboards', 'push', '--file-path', fresh]);
    assert.equal(c.code, 0, c.stderr);
    const list = (await s.call('GET', '/api/v0/dashboards')).json.dashboards as Json[];
    assert.equal(list.length, 3);
    assert.equal((list.find((x) => x.title === 'Fresh') as { widgets: Json[] }).widgets[0]?.markdown, 'new here');
  });

  test('an unknown id, a missing file, a broken file and no -F are errors that change nothing', async () => {
    const unknown = join(work, 'unknown.json');
    await writeFile(unknown, JSON.stringify({ id: 'nosuchdash1', ...markdown('Ghost', 'x') }));
    const cases: [string[], RegExp][] = [
      [['-F', unknown], /^ {5}error API request failed: Dashboard nosuchdash1 not found\.\n$/],
      [['-F', join(work, 'none.json')], /^ {5}error open .*none\.json: no such file or directory\n$/],
      [[], /^ {5}error dashboards push needs a file/],
    ];
    const broken = join(work, 'broken.json');
    await writeFile(broken, '{"title": ');
    cases.push([['-F', broken], /^ {5}error .*broken\.json: /]);
    for (const [args, message] of cases) {
      const r = await s.saba(['dashboards', 'push', ...args]);
      assert.equal(r.code, 1, args.join(' '));
      assert.match(r.stderr, message);
    }
    assert.equal(((await s.call('GET', '/api/v0/dashboards')).json.dashboards as Json[]).length, 3);
  });
});
