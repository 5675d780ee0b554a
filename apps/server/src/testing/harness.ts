import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hashPassword } from '@saba/api';
import type { Authority, Permission } from '@saba/catalog';
import { msToSec, nowMs } from '@saba/model';
import { loadConfig } from '../config.ts';
import { createOrganization } from '../monitoring.ts';
import { type RunningServer, type ServerOptions, startServer } from '../server.ts';

/** An HTTP answer: status, headers and the parsed JSON body (undefined if not JSON). */
export interface Answer {
  readonly status: number;
  readonly headers: Headers;
  readonly text: string;
  // biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary JSON shapes.
  readonly json: any;
}

/** Options of one request. */
export interface CallOptions {
  readonly key?: string | null;
  /** Serialized as the Go client does: JSON plus a newline. */
  readonly body?: unknown;
  /** Sent as it is (takes precedence over `body`). */
  readonly raw?: string;
  readonly headers?: Record<string, string>;
}

/** A real server on loopback over a fresh data directory, for tests. */
export interface Harness {
  readonly server: RunningServer;
  readonly url: string;
  readonly dataDir: string;
  /** The default organization's read-write key. */
  readonly key: string;
  call(method: string, path: string, options?: CallOptions): Promise<Answer>;
  /** A new organization with a read-write and a read-only key (what `npm run admin -- org create` does). */
  newOrg(name?: string): Promise<{ name: string; key: string; readKey: string }>;
  /** A user of the default organization (or of `orgName`) who signs in with the returned password. */
  addUser(authority: Authority, orgName?: string): Promise<{ id: string; email: string; password: string }>;
  /** Stops the server and removes the data directory. */
  close(): Promise<void>;
}

let orgs = 0;
let users = 0;

/** Starts a server on 127.0.0.1 with an ephemeral port and its own temp directory. */
export async function startHarness(env: Record<string, string> = {}, options: ServerOptions = {}): Promise<Harness> {
  const dataDir = await mkdtemp(join(tmpdir(), 'saba-server-'));
  const key = `test-key-${process.pid}-${Date.now()}`;
  const config = loadConfig([], {
    SABA_PORT: '0',
    SABA_HOST: '127.0.0.1',
    SABA_DATA_DIR: dataDir,
    SABA_API_KEY: key,
    SABA_FSYNC: 'never',
    ...env,
  });
  const server = await startServer(config, () => {}, options);
  const call = async (method: string, path: string, o: CallOptions = {}): Promise<Answer> => {
    const headers: Record<string, string> = { ...o.headers };
    if (o.key !== null) headers['x-api-key'] = o.key ?? key;
    let body: string | undefined;
    if (o.raw !== undefined) body = o.raw;
    else if (o.body !== undefined) body = `${JSON.stringify(o.body)}\n`;
    if (body !== undefined || method !== 'GET') headers['content-type'] ??= 'application/json';
    const res = await fetch(`${server.url}${path}`, { method, headers, ...(body !== undefined ? { body } : {}) });
    const text = await res.text();
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    return { status: res.status, headers: res.headers, text, json };
  };
  const newOrg = async (name = `org-${process.pid}-${++orgs}`) => {
    const now = msToSec(nowMs());
    const org = await createOrganization(server.catalog, name, null, now);
    const mk = async (p: Permission) => (await server.catalog.orgs.createKey(org.id, p, p, now)).key;
    return { name, key: await mk('write'), readKey: await mk('read') };
  };
  const addUser = async (authority: Authority, orgName = server.bootstrap.orgName) => {
    const org = await server.catalog.orgs.getByName(orgName);
    if (org === undefined) throw new Error(`no organization ${orgName}`);
    const n = ++users;
    const email = `${authority}-${n}@example.com`;
    const password = `password-${process.pid}-${n}`;
    const passwordHash = await hashPassword(password);
    const user = await server.catalog.users.create(
      org.id,
      { email, screenName: `${authority}-${n}`, authority, passwordHash },
      msToSec(nowMs()),
    );
    return { id: user.id, email, password };
  };
  return {
    server,
    url: server.url,
    dataDir,
    key,
    call,
    newOrg,
    addUser,
    close: async () => {
      await server.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
