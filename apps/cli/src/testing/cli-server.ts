// For the CLI's end-to-end tests: the real server as a child process on loopback (apps do not
// import each other, so apps/server's harness is not used) over a fresh data directory, and
// `saba(...)`, which runs the real bin against it.
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root (this file is apps/cli/src/testing/cli-server.ts). */
export const REPO_ROOT = fileURLToPath(new URL('../../../../', import.meta.url));
/** The command users run. */
export const SABA_BIN = join(REPO_ROOT, 'apps/cli/bin/saba.cjs');

/** An HTTP answer: status and parsed JSON body (undefined if not JSON). */
export interface Answer {
  readonly status: number;
  // biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary JSON shapes.
  readonly json: any;
}

/** What one saba run printed and its exit code. */
export interface SabaResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** How to run saba: stdin text and environment additions (replacing the defaults). */
export interface SabaOptions {
  readonly stdin?: string;
  readonly env?: Record<string, string>;
  readonly cwd?: string;
}

/** A running server, its API key, and the CLI pointed at it. */
export interface CliServer {
  readonly url: string;
  readonly key: string;
  /** A scratch directory removed by close(). */
  readonly dir: string;
  call(method: string, path: string, body?: unknown): Promise<Answer>;
  saba(args: readonly string[], options?: SabaOptions): Promise<SabaResult>;
  close(): Promise<void>;
}

function cleanEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (!k.startsWith('SABA_') && !k.startsWith('NODE_TEST') && !k.startsWith('MACKEREL_') && k !== 'NODE_OPTIONS') {
      env[k] = v;
    }
  }
  return env;
}

/** Runs the saba bin with `args`; `env` is the whole environment beyond the cleaned process one. */
export function runSaba(
  args: readonly string[],
  env: Record<string, string>,
  options: SabaOptions = {},
): Promise<SabaResult> {
  const proc = spawn(process.execPath, [SABA_BIN, ...args], {
    cwd: options.cwd ?? REPO_ROOT,
    env: { ...cleanEnv(), ...env, ...options.env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  proc.stdout.on('data', (c: Buffer) => {
    stdout += c.toString('utf8');
  });
  proc.stderr.on('data', (c: Buffer) => {
    stderr += c.toString('utf8');
  });
  proc.stdin.end(options.stdin ?? '');
  return new Promise((resolve, reject) => {
    proc.once('error', reject);
    proc.once('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

/** Starts the server (no local agent, SQLite in a temp dir) and waits for it to listen. */
export async function startCliServer(): Promise<CliServer> {
  const dir = await mkdtemp(join(tmpdir(), 'saba-cli-e2e-'));
  const key = `cli-e2e-${process.pid}-${Date.now()}`;
  const proc = spawn(process.execPath, ['--import', 'tsx', 'apps/server/src/main.ts'], {
    cwd: REPO_ROOT,
    env: {
      ...cleanEnv(),
      SABA_PORT: '0',
      SABA_HOST: '127.0.0.1',
      SABA_NO_AGENT: '1',
      SABA_FSYNC: 'never',
      SABA_API_KEY: key,
      SABA_DATA_DIR: join(dir, 'data'),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  proc.stderr.on('data', (c: Buffer) => {
    err += c.toString('utf8');
  });
  const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
  let url: string;
  try {
    url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`the server did not listen in 30 s: ${out}${err}`)), 30_000);
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
  } catch (e) {
    await rm(dir, { recursive: true, force: true });
    throw e;
  }
  const env = { MACKEREL_APIKEY: key, MACKEREL_APIBASE: url, TZ: 'UTC' };
  return {
    url,
    key,
    dir,
    call: async (method, path, body) => {
      const res = await fetch(`${url}${path}`, {
        method,
        headers: { 'x-api-key': key, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      });
      const text = await res.text();
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch {
        json = undefined;
      }
      return { status: res.status, json };
    },
    // --conf points at nothing, so no config of the machine running the tests is read.
    saba: (args, options = {}) => runSaba(['--conf', join(dir, 'no-such.conf'), ...args], env, options),
    close: async () => {
      if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGTERM');
      await exited;
      await rm(dir, { recursive: true, force: true });
    },
  };
}
