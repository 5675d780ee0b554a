// The agent of the machine the server runs on: `npm start` starts saba-agent beside the server
// (unless SABA_NO_AGENT=1) so a new user sees their own host's graphs within two minutes.
//
// It is a separate process speaking the public API with its own key, exactly like any other
// agent (STYLE.md habit 7): its config lives in <data>/agent/, and files in <data>/agent/conf.d/
// are included, so plugins can be added there.
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { Catalog } from '@saba/catalog';
import { msToSec, nowMs, type OrgId } from '@saba/model';

/** A supervised agent child; `stop` ends it (SIGTERM, then SIGKILL after 30 s). */
export interface LocalAgent {
  stop(): Promise<void>;
}

/** Where the server listens and which organization the local agent reports to. */
export interface LocalAgentOptions {
  readonly catalog: Catalog;
  readonly dataDir: string;
  readonly orgName: string;
  /** The server's URL as bound; a wildcard host is reached on loopback. */
  readonly url: string;
  /**
   * The server's TLS certificate file, trusted by the agent besides the system's authorities
   * (NODE_EXTRA_CA_CERTS), so a self-signed certificate works on this machine too.
   */
  readonly tlsCertFile?: string;
  readonly log: (line: string) => void;
}

/**
 * The agent's argv after `node`: the Node flags of its shebang line (they do not apply when it is
 * started with process.execPath), then its bin script.
 */
export function agentCommand(): string[] {
  const bin = join(
    dirname(createRequire(import.meta.url).resolve('@saba/agent/package.json')),
    'bin',
    'saba-agent.cjs',
  );
  const shebang = readFileSync(bin, 'utf8').split('\n', 1)[0] ?? '';
  const flags = shebang.split(/\s+/).filter((w) => w.startsWith('--'));
  return [...flags, bin];
}

/** Writes the local agent's config (with a working key) and starts the agent, restarting it if it dies. */
export async function startLocalAgent(o: LocalAgentOptions): Promise<LocalAgent | undefined> {
  const org = await o.catalog.orgs.getByName(o.orgName);
  if (org === undefined) {
    o.log(`saba: no organization "${o.orgName}"; not starting the local agent`);
    return undefined;
  }
  const dir = join(o.dataDir, 'agent');
  const conf = join(dir, 'mackerel-agent.conf');
  let child: ChildProcess | undefined;
  let stopping = false;
  let restarts = 0;

  const launch = async (): Promise<void> => {
    await writeConfig(o, org.id, dir, conf);
    await stopOrphan(join(dir, 'agent.pid'), o.log);
    // Its own process group: a Ctrl-C in the terminal reaches the server only, which then stops the
    // agent with one SIGTERM. Both getting a signal made the agent take the server's SIGTERM for a
    // second signal and stop without flushing.
    const proc = spawn(process.execPath, [...agentCommand(), '-conf', conf], {
      stdio: ['ignore', 'inherit', 'pipe'],
      detached: true,
      ...(o.tlsCertFile === undefined ? {} : { env: { ...process.env, NODE_EXTRA_CA_CERTS: o.tlsCertFile } }),
    });
    child = proc;
    prefixLines(proc, o.log);
    const started = Date.now();
    proc.once('exit', (code, signal) => {
      child = undefined;
      if (stopping) return;
      // Back off while it keeps failing at start; a long run resets the count.
      restarts = Date.now() - started > 60_000 ? 0 : restarts + 1;
      const delay = Math.min(60_000, 1000 * 2 ** restarts);
      o.log(`saba: the local agent exited (${signal ?? code}); restarting in ${delay / 1000} s`);
      setTimeout(() => {
        if (!stopping) launch().catch((e: Error) => o.log(`saba: restarting the local agent failed: ${e.message}`));
      }, delay).unref();
    });
  };
  await launch();
  o.log(`saba: started the local agent (config ${conf}; SABA_NO_AGENT=1 turns it off)`);
  return {
    async stop() {
      stopping = true;
      const proc = child;
      if (proc === undefined || proc.exitCode !== null) return;
      const exited = new Promise<void>((r) => proc.once('exit', () => r()));
      proc.kill('SIGTERM');
      const kill = setTimeout(() => proc.kill('SIGKILL'), 30_000);
      await exited;
      clearTimeout(kill);
    },
  };
}

/** Writes the config, keeping the key of the previous one while it still works for this organization. */
async function writeConfig(o: LocalAgentOptions, orgId: OrgId, dir: string, conf: string): Promise<void> {
  await mkdir(join(dir, 'conf.d'), { recursive: true, mode: 0o700 });
  let key: string | undefined;
  try {
    key = /^apikey\s*=\s*"([^"]+)"/m.exec(await readFile(conf, 'utf8'))?.[1];
  } catch {
    // first start
  }
  if (key === undefined || (await o.catalog.orgs.authenticate(key))?.orgId !== orgId) {
    const created = await o.catalog.orgs.createKey(orgId, 'local agent', 'write', msToSec(nowMs()));
    key = created.key;
  }
  const url = new URL(o.url);
  if (url.hostname === '0.0.0.0' || url.hostname === '[::]') url.hostname = '127.0.0.1';
  const text = [
    '# Written by saba at every start for the agent of this machine (npm start).',
    '# Add plugins and settings in conf.d/*.conf beside this file; they are kept.',
    `apikey = "${key}"`,
    `apibase = "${url.origin}"`,
    `root = "${join(dir, 'root')}"`,
    `pidfile = "${join(dir, 'agent.pid')}"`,
    `include = "${join(dir, 'conf.d', '*.conf')}"`,
    '',
  ].join('\n');
  await writeFile(conf, text, { mode: 0o600 });
}

/**
 * Stops an agent left running by a server that was killed (SIGKILL leaves its child behind):
 * otherwise the new agent would refuse to start on the same pidfile.
 */
async function stopOrphan(pidfile: string, log: (line: string) => void): Promise<void> {
  let pid: number;
  try {
    pid = Number((await readFile(pidfile, 'utf8')).trim());
    if (!(await readFile(`/proc/${pid}/cmdline`, 'utf8')).includes('saba-agent')) return;
  } catch {
    return; // no pidfile, or its process is gone
  }
  log(`saba: stopping the local agent left running by an earlier server (pid ${pid})`);
  process.kill(pid, 'SIGTERM');
  for (let waited = 0; waited < 30_000; waited += 100) {
    await new Promise((r) => setTimeout(r, 100));
    try {
      process.kill(pid, 0);
    } catch {
      return;
    }
  }
  process.kill(pid, 'SIGKILL');
}

function prefixLines(proc: ChildProcess, log: (line: string) => void): void {
  let rest = '';
  proc.stderr?.setEncoding('utf8');
  proc.stderr?.on('data', (chunk: string) => {
    const lines = (rest + chunk).split('\n');
    rest = lines.pop() ?? '';
    for (const l of lines) log(`saba-agent: ${l}`);
  });
}
