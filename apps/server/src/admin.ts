import { mkdirSync } from 'node:fs';
import { type Catalog, openCatalog, type Permission } from '@saba/catalog';
import { msToSec, nowMs, type OrgId } from '@saba/model';
import { loadConfig } from './config.ts';
import { createOrganization } from './monitoring.ts';

// `npm run admin -- <noun> <verb> ...`: manage organizations and API keys in the server's
// catalog (the same SABA_DATA_DIR / SABA_DATABASE_URL). Safe while the server runs.
const USAGE = `usage: npm run admin -- <command>

  org create NAME [--display-name TEXT] [--read]   create an organization and print a new key
  org list                                          list organizations
  key create ORG [--name NAME] [--read]             print a new key for ORG (read-write unless --read)
  key list ORG                                      list ORG's keys (ids and permissions, never the keys)
  key delete ORG KEY_ID                             revoke a key`;

const COMMANDS = new Set(['org create', 'org list', 'key create', 'key list', 'key delete']);

function flag(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  if (i < 0) return undefined;
  const v = args[i + 1];
  if (v === undefined) throw new Error(`${name} needs a value`);
  args.splice(i, 2);
  return v;
}

function bool(args: string[], name: string): boolean {
  const i = args.indexOf(name);
  if (i >= 0) args.splice(i, 1);
  return i >= 0;
}

async function orgByName(catalog: Catalog, name: string | undefined): Promise<OrgId> {
  if (name === undefined) throw new Error(USAGE);
  const org = await catalog.orgs.getByName(name);
  if (org === undefined) throw new Error(`no organization named "${name}"`);
  return org.id;
}

/** Runs one admin command, writing its output through `print`. */
export async function runAdmin(argv: readonly string[], print: (s: string) => void): Promise<void> {
  const args = [...argv];
  const [noun, verb] = [args.shift(), args.shift()];
  // Refuse a bad command before opening (and so creating) a data directory.
  if (!COMMANDS.has(`${noun} ${verb}`)) throw new Error(USAGE);
  const config = loadConfig([], process.env);
  if (config.catalog.driver === 'sqlite') mkdirSync(config.dataDir, { recursive: true });
  const catalog = await openCatalog(config.catalog);
  const now = msToSec(nowMs());
  try {
    if (noun === 'org' && verb === 'create') {
      const displayName = flag(args, '--display-name') ?? null;
      const permission: Permission = bool(args, '--read') ? 'read' : 'write';
      const name = args.shift();
      if (name === undefined || name === '') throw new Error(USAGE);
      const org = await createOrganization(catalog, name, displayName, now);
      const { key } = await catalog.orgs.createKey(org.id, 'admin', permission, now);
      print(key);
    } else if (noun === 'org' && verb === 'list') {
      for (const o of await catalog.orgs.list()) print(`${o.name}\t${o.displayName ?? ''}`);
    } else if (noun === 'key' && verb === 'create') {
      const name = flag(args, '--name') ?? 'admin';
      const permission: Permission = bool(args, '--read') ? 'read' : 'write';
      const org = await orgByName(catalog, args.shift());
      print((await catalog.orgs.createKey(org, name, permission, now)).key);
    } else if (noun === 'key' && verb === 'list') {
      const org = await orgByName(catalog, args.shift());
      for (const k of await catalog.orgs.listKeys(org)) print(`${k.id}\t${k.permission}\t${k.name}`);
    } else if (noun === 'key' && verb === 'delete') {
      const org = await orgByName(catalog, args.shift());
      const id = args.shift();
      if (id === undefined) throw new Error(USAGE);
      await catalog.orgs.deleteKey(org, id);
      print(`deleted ${id}`);
    } else {
      throw new Error(USAGE);
    }
  } finally {
    await catalog.close();
  }
}
