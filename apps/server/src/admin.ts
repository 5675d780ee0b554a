import { mkdirSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { checkNewPassword, hashPassword } from '@saba/api';
import { type Authority, type Catalog, openCatalog, type Permission } from '@saba/catalog';
import { msToSec, nowMs, type OrgId } from '@saba/model';
import { loadConfig } from './config.ts';
import { createOrganization } from './monitoring.ts';

// `npm run admin -- <noun> <verb> ...`: manage organizations, API keys and users' passwords in
// the server's catalog (the same SABA_DATA_DIR / SABA_DATABASE_URL). Safe while the server runs.
const USAGE = `usage: npm run admin -- <command>

  org create NAME [--display-name TEXT] [--read]   create an organization and print a new key
  org list                                          list organizations
  key create ORG [--name NAME] [--read]             print a new key for ORG (read-write unless --read)
  key list ORG                                      list ORG's keys (ids and permissions, never the keys)
  key delete ORG KEY_ID                             revoke a key
  user list ORG                                     list ORG's users (ids, emails, authorities)
  user add ORG EMAIL [--authority A] [--name NAME]  add a user to ORG (A: manager (default), owner,
                                                    collaborator or viewer), with a password read
                                                    as for user password
  user delete ORG EMAIL                             remove a user (never ORG's creator); signs them out
  user password EMAIL                               set a user's web sign-in password, read from
                                                    SABA_NEW_PASSWORD or the first line of stdin`;

const AUTHORITIES: readonly Authority[] = ['owner', 'manager', 'collaborator', 'viewer'];

const COMMANDS = new Set([
  'org create',
  'org list',
  'key create',
  'key list',
  'key delete',
  'user list',
  'user add',
  'user delete',
  'user password',
]);

/** The first line of standard input (a pipe, or what is typed at a terminal). */
function firstLineOfStdin(): Promise<string> {
  return new Promise((resolve) => {
    const rl = createInterface({ input: process.stdin });
    let line: string | undefined;
    rl.once('line', (l) => {
      line = l;
      rl.close();
    });
    rl.once('close', () => resolve(line ?? ''));
  });
}

/**
 * The new password of `user password`: SABA_NEW_PASSWORD, else a line of standard input. Never an
 * argument, which any user of the machine can read in the process list.
 */
async function newPassword(readLine: () => Promise<string>): Promise<string> {
  const fromEnv = process.env.SABA_NEW_PASSWORD;
  const password = fromEnv !== undefined && fromEnv !== '' ? fromEnv : await readLine();
  checkNewPassword(password);
  return password;
}

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

/** Runs one admin command, writing its output through `print`; `readLine` is standard input's first line. */
export async function runAdmin(
  argv: readonly string[],
  print: (s: string) => void,
  readLine: () => Promise<string> = firstLineOfStdin,
): Promise<void> {
  const args = [...argv];
  const [noun, verb] = [args.shift(), args.shift()];
  // Refuse a bad command before opening (and so creating) a data directory.
  if (!COMMANDS.has(`${noun} ${verb}`)) throw new Error(USAGE);
  // Read and hashed before the catalog opens: a refused password leaves nothing open.
  const needsPassword = noun === 'user' && (verb === 'password' || (verb === 'add' && args[1] !== undefined));
  const passwordHash =
    needsPassword && args[0] !== undefined ? await hashPassword(await newPassword(readLine)) : undefined;
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
    } else if (noun === 'user' && verb === 'list') {
      const org = await orgByName(catalog, args.shift());
      for (const u of await catalog.users.list(org)) print(`${u.id}\t${u.email}\t${u.authority}`);
    } else if (noun === 'user' && verb === 'add') {
      const authority = (flag(args, '--authority') ?? 'manager') as Authority;
      if (!AUTHORITIES.includes(authority)) throw new Error(`--authority must be one of ${AUTHORITIES.join(', ')}`);
      const screenName = flag(args, '--name');
      const org = await orgByName(catalog, args.shift());
      const email = args.shift();
      if (email === undefined || passwordHash === undefined) throw new Error(USAGE);
      if (!/^[^\s@]+@[^\s@]+$/.test(email)) throw new Error(`"${email}" is not an email address`);
      const user = await catalog.users.create(
        org,
        { email, screenName: screenName ?? email.split('@')[0] ?? email, authority, passwordHash },
        now,
      );
      print(`${user.id}\t${user.email}\t${user.authority}`);
    } else if (noun === 'user' && verb === 'delete') {
      const org = await orgByName(catalog, args.shift());
      const email = args.shift();
      if (email === undefined) throw new Error(USAGE);
      const login = await catalog.users.findLogin(email);
      if (login === undefined || login.user.orgId !== org)
        throw new Error(`no user with email "${email}" in this organization`);
      await catalog.users.delete(org, login.user.id);
      print(`deleted ${login.user.email}`);
    } else if (noun === 'user' && verb === 'password') {
      const email = args.shift();
      if (email === undefined || passwordHash === undefined) throw new Error(USAGE);
      const login = await catalog.users.findLogin(email);
      if (login === undefined) throw new Error(`no user with email "${email}"`);
      await catalog.users.setPassword(login.user.id, passwordHash);
      print(`password set for ${login.user.email}; their sessions have ended`);
    } else {
      throw new Error(USAGE);
    }
  } finally {
    await catalog.close();
  }
}
