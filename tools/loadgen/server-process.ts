import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { killOnExit } from '../prometheus-peer/server.ts';

/** How to start a Saba server child. */
export interface SabaOptions {
  /** Its data directory: fresh for a clean run. */
  readonly dataDir: string;
  /** The default organization's read-write key. */
  readonly apiKey: string;
  /** SABA_FSYNC; the server's default (`batch`, durable group commit) when absent. */
  readonly fsync?: 'batch' | 'interval' | 'never';
  /** Node flags before the entry point, e.g. `--cpu-prof`. */
  readonly execArgv?: readonly string[];
  readonly readyTimeoutMs?: number;
}

/** A running Saba server on 127.0.0.1. */
export interface SabaServer {
  /** Base URL, e.g. `http://127.0.0.1:41234`. */
  readonly url: string;
  readonly pid: number;
  /** Milliseconds from spawn until it printed that it listens. */
  readonly readyMs: number;
  /** Everything it printed so far, stdout and stderr. */
  log(): string;
  /** Sends `signal` (SIGTERM: drain and exit 0) and resolves with the exit code once it is gone. */
  stop(signal?: 'SIGTERM' | 'SIGKILL'): Promise<number | null>;
}

/** The repository root, where `apps/server/src/main.ts` runs from. */
export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

const LISTENING = /saba: listening on (http:\/\/\S+) /;

/**
 * Starts `node --import tsx apps/server/src/main.ts` on a port the kernel picks (SABA_PORT=0) and
 * waits for its `saba: listening on <url>` line.
 */
export async function startSaba(opts: SabaOptions): Promise<SabaServer> {
  const t0 = performance.now();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    SABA_PORT: '0',
    SABA_HOST: '127.0.0.1',
    SABA_DATA_DIR: opts.dataDir,
    SABA_API_KEY: opts.apiKey,
    // The server alone: `npm start` would also run an agent for this machine.
    SABA_NO_AGENT: '1',
  };
  if (opts.fsync !== undefined) env.SABA_FSYNC = opts.fsync;
  const child = spawn(process.execPath, [...(opts.execArgv ?? []), '--import', 'tsx', 'apps/server/src/main.ts'], {
    cwd: REPO_ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  killOnExit(child);
  let log = '';
  let exitCode: number | null | undefined;
  const exited = new Promise<number | null>((resolve) => {
    child.once('exit', (code) => {
      exitCode = code;
      resolve(code);
    });
    child.once('error', (e) => {
      log += `spawn: ${e.message}\n`;
      exitCode = null;
      resolve(null);
    });
  });
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`saba not listening in time:\n${log}`)),
      opts.readyTimeoutMs ?? 60_000,
    );
    const seen = (s: string): void => {
      log += s;
      const m = LISTENING.exec(log);
      if (m !== null) {
        clearTimeout(timer);
        resolve(m[1] as string);
      }
    };
    child.stdout.setEncoding('utf8').on('data', seen);
    child.stderr.setEncoding('utf8').on('data', seen);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`saba exited (${code}) before listening:\n${log}`));
    });
  });
  const stop = async (signal: 'SIGTERM' | 'SIGKILL' = 'SIGTERM'): Promise<number | null> => {
    if (exitCode !== undefined) return exitCode;
    child.kill(signal);
    // The server drains for at most 25 s, then closes the tsdb; 60 s means it hangs.
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    const code = await exited;
    clearTimeout(timer);
    return code;
  };
  return { url, pid: child.pid ?? -1, readyMs: performance.now() - t0, log: () => log, stop };
}
