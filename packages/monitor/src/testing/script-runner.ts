/*
 * Runs monitor test scripts (testdata/*.txt), in the spirit of `promtool test rules`: input
 * series and status changes in, expected alerts and notifications out. One command a line; `#`
 * starts a comment. The clock starts at 2024-01-01T00:00:00Z (a Monday) and moves only by `at`.
 *
 *   service <name> [<role> ...]                   a service and its roles
 *   host <alias> <status> [<svc:role> ...]        a host (working/standby/maintenance/poweroff)
 *   monitor <alias> <json>                        a monitor, created as the API does
 *   downtime <json>                               a downtime ("start" may be +Nm from now)
 *   group <alias> <json>                          an alert group setting ("monitorScopes" may name monitor aliases)
 *   at +<n>(s|m|h|d)                              moves the clock forward
 *   post <host> <metric>=<v>[@-<n>m] ...          host metrics, in one post, at now (or n minutes ago)
 *   spost <service> <metric>=<v>[@-<n>m] ...      service metrics, likewise
 *   check <host> <name> <STATUS> [attempts=N] [interval=N] [message words]
 *   status <host> <status> | retire <host> | tick | restart
 *   close <monitor> <target> <reason words>       closes the open alert by hand
 *   expect <open|change|close|renotify> <monitor> <target> <STATUS> [value]
 *                                                 the next notification, in order
 *   expect group <open|change|close|renotify> <setting> <STATUS> [<alert count>]
 *                                                 the next notification is about the setting's group
 *   expect none                                   no notification is pending
 *   expect alert <monitor> <target> <STATUS|none> the (monitor, target)'s open alert
 *
 * Targets are host aliases, service names, or `-` for monitors with one target (external,
 * expression). Every notification must be expected: one left over at the end is a failure.
 */
import { readFile } from 'node:fs/promises';
import type { HostId } from '@saba/model';
import type { NotifyEvent } from '../alerts/events.ts';
import { SCRIPT_T0, type ScriptWorld } from './script-world.ts';

/** One failed command of a script. */
export interface ScriptFailure {
  readonly line: number;
  readonly message: string;
}

const UNIT_SEC: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86400 };

function span(text: string): number {
  const m = /^\+?(\d+)([smhd])$/.exec(text);
  if (m === null) throw new Error(`bad time span "${text}" (use +5m, +2h...)`);
  return Number(m[1]) * (UNIT_SEC[m[2] as string] as number);
}

/** `name=value` words, each at now or, with a `@-<n>m` suffix, that long ago. */
function values(args: readonly string[], now: number): { name: string; value: number; time: number }[] {
  return args.map((a) => {
    const at = a.indexOf('@-');
    const time = at < 0 ? now : now - span(a.slice(at + 2));
    const pair = at < 0 ? a : a.slice(0, at);
    const eq = pair.lastIndexOf('=');
    const value = Number(pair.slice(eq + 1));
    if (eq <= 0 || !Number.isFinite(value)) throw new Error(`bad value "${a}" (use name=number or name=number@-5m)`);
    return { name: pair.slice(0, eq), value, time };
  });
}

/** Runs one script against a world; returns the failures (empty when it passes). */
export async function runScript(text: string, world: ScriptWorld): Promise<ScriptFailure[]> {
  const failures: ScriptFailure[] = [];
  const hosts = new Map<string, HostId>();
  const monitors = new Map<string, string>();
  const settings = new Map<string, string>();
  const hostOf = (alias: string): HostId => {
    const id = hosts.get(alias);
    if (id === undefined) throw new Error(`unknown host "${alias}"`);
    return id;
  };
  const monitorOf = (alias: string): string => {
    const id = monitors.get(alias);
    if (id === undefined) throw new Error(`unknown monitor "${alias}"`);
    return id;
  };
  const targetOf = (t: string): string => (t === '-' ? '' : (hosts.get(t) ?? t));
  const describeEvent = (e: NotifyEvent): string => {
    if (e.event === 'alertGroup') {
      const alias = [...settings].find(([, id]) => id === e.group.settingId)?.[0] ?? e.group.settingId;
      return `group ${e.kind} ${alias} ${e.group.status} ${e.group.alertIds.length}`;
    }
    return `${e.kind} ${describe(e.monitor.id, e.alert.target)} ${e.alert.status}`;
  };
  const describe = (monitorId: string, target: string): string => {
    const m = [...monitors].find(([, id]) => id === monitorId)?.[0] ?? monitorId;
    const t = [...hosts].find(([, id]) => id === target)?.[0] ?? (target === '' ? '-' : target);
    return `${m} ${t}`;
  };

  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = (lines[i] as string).replace(/#.*$/, '').trim();
    if (line === '') continue;
    const [cmd = '', ...args] = line.split(/\s+/);
    try {
      switch (cmd) {
        case 'service':
          await world.catalog.services.create(world.org, args[0] as string, '');
          for (const r of args.slice(1)) await world.catalog.services.createRole(world.org, args[0] as string, r, '');
          break;
        case 'host': {
          const roles = args.slice(2).map((r) => {
            const [service = '', role = ''] = r.split(':');
            return { service, role };
          });
          hosts.set(args[0] as string, await world.host(args[0] as string, args[1] as never, roles));
          break;
        }
        case 'monitor':
          monitors.set(args[0] as string, await world.monitor(JSON.parse(line.slice(line.indexOf('{')))));
          break;
        case 'downtime': {
          const json = JSON.parse(line.slice(line.indexOf('{'))) as Record<string, unknown>;
          if (typeof json.start === 'string') json.start = world.nowSec + span(json.start);
          await world.downtime(json);
          break;
        }
        case 'group': {
          const json = JSON.parse(line.slice(line.indexOf('{'))) as Record<string, unknown>;
          if (Array.isArray(json.monitorScopes))
            json.monitorScopes = json.monitorScopes.map((m) => monitors.get(m) ?? m);
          settings.set(args[0] as string, await world.groupSetting(json));
          break;
        }
        case 'at':
          world.nowSec += span(args[0] as string);
          break;
        case 'post':
          await world.post(hostOf(args[0] as string), values(args.slice(1), world.nowSec));
          break;
        case 'spost':
          await world.postService(args[0] as string, values(args.slice(1), world.nowSec));
          break;
        case 'check': {
          let attempts: number | null = null;
          let interval: number | null = null;
          const words: string[] = [];
          for (const a of args.slice(3)) {
            if (a.startsWith('attempts=')) attempts = Number(a.slice(9));
            else if (a.startsWith('interval=')) interval = Number(a.slice(9));
            else words.push(a);
          }
          await world.check(
            hostOf(args[0] as string),
            args[1] as string,
            args[2] as never,
            words.join(' '),
            attempts,
            interval,
          );
          // Check monitors are named by their check: `expect` finds them by that name.
          for (const c of await world.catalog.checks.listMonitors(world.org, undefined, 100))
            monitors.set(c.name, c.id);
          break;
        }
        case 'status':
          await world.catalog.hosts.setStatus(world.org, [hostOf(args[0] as string)], args[1] as never);
          world.engine.hostChanged(world.org, hostOf(args[0] as string));
          break;
        case 'retire':
          await world.retire(hostOf(args[0] as string));
          break;
        case 'tick':
          await world.engine.tick();
          break;
        case 'restart':
          await world.restart();
          break;
        case 'close': {
          const [alias = '', target = '', ...reason] = args;
          const open = world.engine.org(world.org).openAlert(monitorOf(alias), targetOf(target));
          if (open === undefined) throw new Error(`no open alert for ${alias} ${target}`);
          await world.engine.closeAlert(world.org, open.id, reason.join(' '));
          break;
        }
        case 'expect':
          expect(args, world, monitorOf, targetOf, describe, describeEvent);
          break;
        default:
          throw new Error(`unknown command "${cmd}"`);
      }
    } catch (err) {
      failures.push({ line: i + 1, message: (err as Error).message });
    }
  }
  for (const e of world.events.splice(0)) {
    failures.push({ line: lines.length, message: `unexpected notification at the end: ${describeEvent(e)}` });
  }
  return failures;
}

function expect(
  args: readonly string[],
  world: ScriptWorld,
  monitorOf: (a: string) => string,
  targetOf: (t: string) => string,
  describe: (m: string, t: string) => string,
  describeEvent: (e: NotifyEvent) => string,
): void {
  const [kind = '', alias = '', target = '', status = '', value] = args;
  if (kind === 'none') {
    const e = world.events.shift();
    if (e !== undefined) throw new Error(`expected no notification, got ${describeEvent(e)}`);
    return;
  }
  if (kind === 'group') {
    // expect group <kind> <setting> <STATUS> [<alert count>]
    const want = `group ${args.slice(1).join(' ')}`;
    const e = world.events.shift();
    if (e === undefined) throw new Error(`expected notification "${want}", got none`);
    const got = describeEvent(e);
    const compared = got.split(' ').slice(0, args.length).join(' ');
    if (compared !== want) throw new Error(`expected notification "${want}", got "${got}"`);
    return;
  }
  if (kind === 'alert') {
    const open = world.engine.org(world.org).openAlert(monitorOf(alias), targetOf(target));
    const got = open?.status ?? 'none';
    if (got !== status) throw new Error(`expected the open alert of ${alias} ${target} to be ${status}, got ${got}`);
    return;
  }
  const e = world.events.shift();
  const want = `${kind} ${alias} ${target} ${status}${value === undefined ? '' : ` ${value}`}`;
  if (e === undefined) throw new Error(`expected notification "${want}", got none`);
  if (e.event !== 'alert') throw new Error(`expected notification "${want}", got "${describeEvent(e)}"`);
  const got = `${e.kind} ${describe(e.monitor.id, e.alert.target)} ${e.alert.status}${value === undefined ? '' : ` ${e.alert.value}`}`;
  if (got !== want || e.monitor.id !== monitorOf(alias) || e.alert.target !== targetOf(target)) {
    throw new Error(`expected notification "${want}", got "${got}"`);
  }
}

/** Runs a script file in a fresh world. */
export async function runScriptFile(path: string, open: () => Promise<ScriptWorld>): Promise<ScriptFailure[]> {
  const world = await open();
  try {
    return await runScript(await readFile(path, 'utf8'), world);
  } finally {
    await world.close();
  }
}

export { SCRIPT_T0 };
