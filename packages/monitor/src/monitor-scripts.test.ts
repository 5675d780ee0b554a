import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { unixSec } from '@saba/model';
import { runScript, runScriptFile } from './testing/script-runner.ts';
import { ScriptWorld } from './testing/script-world.ts';

const dir = join(import.meta.dirname, 'testdata');

for (const file of readdirSync(dir).filter((f) => f.endsWith('.txt'))) {
  test(`monitor script ${file}`, async () => {
    const failures = await runScriptFile(join(dir, file), () => ScriptWorld.open());
    assert.equal(failures.length, 0, failures.map((f) => `${file}:${f.line}: ${f.message}`).join('\n'));
  });
}

test('the runner reports a missing, a wrong and an unexpected notification by line', async () => {
  const world = await ScriptWorld.open();
  try {
    const failures = await runScript(
      [
        'host h1 working',
        'monitor load {"type":"host","name":"load","metric":"loadavg5","operator":">","warning":1,"duration":1}',
        'post h1 loadavg5=5',
        'expect open load h1 CRITICAL',
        'at +1m',
        'post h1 loadavg5=0',
        'expect none',
        'expect close load h1 OK',
      ].join('\n'),
      world,
    );
    assert.deepEqual(
      failures.map((f) => f.line),
      [4, 7, 8],
    );
    assert.match(
      failures[0]?.message ?? '',
      /expected notification "open load h1 CRITICAL", got "open load h1 WARNING"/,
    );
  } finally {
    await world.close();
  }
});

test('an announced alert names the open groups it belongs to; a grouped standby alert opens the group silently', async () => {
  const world = await ScriptWorld.open();
  try {
    await world.catalog.services.create(world.org, 'web', '');
    await world.catalog.services.createRole(world.org, 'web', 'app', '');
    const roles = [{ service: 'web', role: 'app' }];
    const working = await world.host('w', 'working', roles);
    const standby = await world.host('s', 'standby', roles);
    await world.monitor({ type: 'host', name: 'load', metric: 'loadavg5', operator: '>', critical: 1, duration: 1 });
    const setting = await world.groupSetting({ name: 'web', serviceScopes: ['web'] });
    await world.post(standby, [{ name: 'loadavg5', value: 5, time: world.nowSec }]);
    assert.equal(world.events.length, 0, 'a standby host alerts silently, so its group is not announced');
    await world.post(working, [{ name: 'loadavg5', value: 5, time: world.nowSec }]);
    const [alert, group] = world.events;
    assert.equal(alert?.event, 'alert');
    assert.equal(group?.event, 'alertGroup');
    if (alert?.event !== 'alert' || group?.event !== 'alertGroup') return;
    assert.equal(group.kind, 'open');
    assert.equal(group.group.settingId, setting);
    assert.equal(group.group.alertIds.length, 2);
    assert.deepEqual(alert.groupIds, [group.group.id]);
  } finally {
    await world.close();
  }
});

test('a check report stored but not judged before a crash is judged at the next start', async () => {
  const world = await ScriptWorld.open();
  try {
    const host = await world.host('h', 'working', []);
    const report = {
      hostId: host,
      name: 'ssh',
      status: 'CRITICAL' as const,
      message: 'refused',
      occurredAt: unixSec(world.nowSec),
      notificationInterval: null,
      maxCheckAttempts: null,
    };
    // What the API stores before it hands the report to the engine; the engine never sees it.
    await world.catalog.checks.report(world.org, [report], unixSec(world.nowSec));
    await world.restart();
    const [e] = world.events;
    assert.equal(e?.event === 'alert' ? `${e.kind} ${e.alert.status} ${e.alert.message}` : e, 'open CRITICAL refused');
    world.events.length = 0;
    await world.restart();
    assert.equal(world.events.length, 0, 'judged once, not at every start');
  } finally {
    await world.close();
  }
});
