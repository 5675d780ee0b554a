// The real server as a child process (`node --import tsx apps/server/src/main.ts`) for the
// browser tests: apps do not import each other, and the UI is tested against the server as shipped.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** The repository root (this file is apps/web/src/testing/server-process.ts). */
const REPO_ROOT = fileURLToPath(new URL('../../../../', import.meta.url));

/** An HTTP answer: status, text, and the parsed JSON body (undefined if not JSON). */
export interface Answer {
  readonly status: number;
  readonly text: string;
  // biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary JSON shapes.
  readonly json: any;
}

/** A running server process on loopback. */
export interface ServerProcess {
  /** `http://127.0.0.1:<port>` from its "listening" line. */
  readonly url: string;
  /** Calls the API with the organization's key (`key: null` for none). */
  call(
    method: string,
    path: string,
    options?: { body?: unknown; headers?: Record<string, string>; key?: string | null },
  ): Promise<Answer>;
  /** SIGTERM, and waits for the exit. */
  stop(): Promise<void>;
}

/**
 * Starts the server on a free loopback port with `env` (SABA_DATA_DIR at least) and the API key
 * `key`, without its local agent, and waits for it to listen.
 */
export async function spawnServer(env: Record<string, string>, key: string): Promise<ServerProcess> {
  const clean: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env))
    if (!k.startsWith('SABA_') && !k.startsWith('NODE_TEST')) clean[k] = v;
  const proc = spawn(process.execPath, ['--import', 'tsx', 'apps/server/src/main.ts'], {
    cwd: REPO_ROOT,
    env: {
      ...clean,
      SABA_PORT: '0',
      SABA_HOST: '127.0.0.1',
      SABA_NO_AGENT: '1',
      SABA_FSYNC: 'never',
      SABA_API_KEY: key,
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  proc.stderr.on('data', (c: Buffer) => {
    err += c.toString('utf8');
  });
  const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the server did not listen in 20 s: ${out}${err}`)), 20_000);
    proc.stdout.on('data', (c: Buffer) => {
      out += c.toString('utf8');
      const m = /listening on (http:\/\/[\d.]+:\d+)/.exec(out);
      if (m !== null) {
        clearTimeout(timer);
        resolve(m[1] as string);
      }
    });
    void exited.then(() => {
      clearTimeout(timer);
      reject(new Error(`the server exited before listening: ${out}${err}`));
    });
  });
  return {
    url,
    call: async (method, path, o = {}) => {
      const headers: Record<string, string> = { ...o.headers };
      if (o.key !== null) headers['x-api-key'] = o.key ?? key;
      if (o.body !== undefined) headers['content-type'] = 'application/json';
      const res = await fetch(`${url}${path}`, {
        method,
        headers,
        ...(o.body !== undefined ? { body: JSON.stringify(o.body) } : {}),
      });
      const text = await res.text();
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch {
        json = undefined;
      }
      return { status: res.status, text, json };
    },
    stop: async () => {
      if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGTERM');
      await exited;
    },
  };
}
