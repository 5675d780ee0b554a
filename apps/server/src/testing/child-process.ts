// The real server and admin CLI as child processes (`node --import tsx ...`), for tests of what
// only a process shows: signals, exit codes, what is printed, what survives a restart or kill -9.
import { type ChildProcessWithoutNullStreams, execFile, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** The repository root (this file is apps/server/src/testing/child-process.ts). */
export const REPO_ROOT = fileURLToPath(new URL('../../../../', import.meta.url));

/** The environment of a child: this process's, without Saba's settings or the test runner's markers, plus `extra`. */
export function childEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (!k.startsWith('SABA_') && !k.startsWith('NODE_TEST')) env[k] = v;
  }
  return { ...env, ...extra };
}

/** How a child process ended. */
export interface Exit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
}

/** A server started by `node --import tsx apps/server/src/main.ts`. */
export interface ChildServer {
  readonly proc: ChildProcessWithoutNullStreams;
  /** `http://127.0.0.1:<port>` from the "listening" line. */
  readonly url: string;
  /** Everything written to stdout so far. */
  stdout(): string;
  stderr(): string;
  /** Resolves with the first match of `re` in stdout (waiting for more output as needed). */
  waitFor(re: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>;
  readonly exited: Promise<Exit>;
  /** Sends `signal` and waits for the exit. */
  stop(signal?: NodeJS.Signals): Promise<Exit>;
}

/**
 * Starts the server on 127.0.0.1 with a free port and waits for its "listening" line. `env`
 * adds to (or overrides) SABA_PORT=0 and SABA_HOST=127.0.0.1; pass SABA_DATA_DIR.
 */
export async function spawnServer(env: Record<string, string>, timeoutMs = 20_000): Promise<ChildServer> {
  const proc = spawn(process.execPath, ['--import', 'tsx', 'apps/server/src/main.ts'], {
    cwd: REPO_ROOT,
    env: childEnv({ SABA_PORT: '0', SABA_HOST: '127.0.0.1', SABA_NO_AGENT: '1', ...env }),
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  const waiters = new Set<() => void>();
  proc.stdout.on('data', (c: Buffer) => {
    out += c.toString('utf8');
    for (const w of waiters) w();
  });
  proc.stderr.on('data', (c: Buffer) => {
    err += c.toString('utf8');
  });
  const exited = new Promise<Exit>((resolve) => proc.once('exit', (code, signal) => resolve({ code, signal })));
  let hasExited = false;
  void exited.then(() => {
    hasExited = true;
    for (const w of waiters) w();
  });
  const waitFor = (re: RegExp, ms = timeoutMs): Promise<RegExpMatchArray> =>
    new Promise((resolve, reject) => {
      const check = () => {
        const m = out.match(re);
        if (m !== null) {
          done();
          resolve(m);
        } else if (hasExited) {
          done();
          reject(new Error(`server exited before printing ${re}; stdout: ${out}\nstderr: ${err}`));
        }
      };
      const timer = setTimeout(() => {
        done();
        reject(new Error(`no ${re} within ${ms} ms; stdout: ${out}\nstderr: ${err}`));
      }, ms);
      const done = () => {
        clearTimeout(timer);
        waiters.delete(check);
      };
      waiters.add(check);
      check();
    });
  try {
    const m = await waitFor(/saba: listening on (http:\/\/\S+) /);
    return {
      proc,
      url: m[1] as string,
      stdout: () => out,
      stderr: () => err,
      waitFor,
      exited,
      stop: async (signal = 'SIGTERM') => {
        if (!hasExited) proc.kill(signal);
        return exited;
      },
    };
  } catch (e) {
    proc.kill('SIGKILL');
    await exited;
    throw e;
  }
}

/** What a finished command printed, and its exit code. */
export interface RunResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs `node --import tsx <script> ...args` from the repo root (e.g. apps/server/src/admin-main.ts),
 * writing `input` to its standard input when given.
 */
export function runScript(
  script: string,
  args: readonly string[],
  env: Record<string, string>,
  input?: string,
): Promise<RunResult> {
  return new Promise((resolve) => {
    const child = execFile(
      process.execPath,
      ['--import', 'tsx', script, ...args],
      { cwd: REPO_ROOT, env: childEnv(env), timeout: 30_000 },
      (error, stdout, stderr) => {
        const code = error === null ? 0 : typeof error.code === 'number' ? error.code : 1;
        resolve({ code, stdout, stderr });
      },
    );
    if (input !== undefined) child.stdin?.end(input);
  });
}
