// A Saba server child (`node --import tsx apps/server/src/main.ts`) whose output is handed over
// line by line with the moment each line arrived: the server logs every alert event it hands to
// its NotifyFunc (no notify stage is configured), so the arrival of that line is when the event
// left the engine, plus a pipe hop. tools/loadgen's startSaba keeps the output as one text only.
import { spawn } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { REPO_ROOT } from '../../../../tools/loadgen/server-process.ts';
import { killOnExit } from '../../../../tools/prometheus-peer/server.ts';

/** A running server child on 127.0.0.1. */
export interface SabaChild {
  readonly url: string;
  readonly pid: number;
  /** Sends SIGTERM (drain and exit) and waits for the exit; SIGKILL after 60 s. */
  stop(): Promise<void>;
  /** Everything it printed on stderr (kept to report a failure). */
  errors(): string;
}

/** Epoch milliseconds with sub-millisecond precision, the same clock in every part of this process. */
export function epochMs(): number {
  return performance.timeOrigin + performance.now();
}

const LISTENING = /saba: listening on (http:\/\/\S+) /;

/**
 * Starts the server over `dataDir` (whose catalog may be prepared) with read-write key `apiKey`,
 * and calls `onLine(line, atMs)` for each stdout line as it arrives (atMs from `epochMs`).
 * `nodeArgs` go before the entry point (`--cpu-prof`: node refuses it in NODE_OPTIONS).
 */
export async function startSabaChild(
  dataDir: string,
  apiKey: string,
  onLine: (line: string, atMs: number) => void,
  nodeArgs: readonly string[] = [],
): Promise<SabaChild> {
  const child = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', 'apps/server/src/main.ts'], {
    cwd: REPO_ROOT,
    env: {
      ...process.env,
      SABA_PORT: '0',
      SABA_HOST: '127.0.0.1',
      SABA_DATA_DIR: dataDir,
      SABA_API_KEY: apiKey,
      // The server alone: `npm start` would also run an agent for this machine.
      SABA_NO_AGENT: '1',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  killOnExit(child);
  let errors = '';
  let partial = '';
  const exited = new Promise<void>((resolve) => {
    child.once('exit', () => resolve());
    child.once('error', (e) => {
      errors += `spawn: ${e.message}\n`;
      resolve();
    });
  });
  let listening: ((url: string) => void) | undefined;
  const url = new Promise<string>((resolve) => {
    listening = resolve;
  });
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    const at = epochMs();
    const lines = (partial + chunk).split('\n');
    partial = lines.pop() ?? '';
    for (const line of lines) {
      const m = LISTENING.exec(line);
      if (m !== null) listening?.(m[1] as string);
      onLine(line, at);
    }
  });
  child.stderr.setEncoding('utf8').on('data', (s: string) => {
    errors += s;
  });
  const started = await Promise.race([
    url,
    exited.then(() => undefined),
    new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), 60_000).unref()),
  ]);
  const stop = async (): Promise<void> => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    await exited;
    clearTimeout(timer);
  };
  if (started === undefined) {
    await stop();
    throw new Error(`saba did not start listening:\n${errors}`);
  }
  return { url: started, pid: child.pid ?? -1, stop, errors: () => errors };
}
