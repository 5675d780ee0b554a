// saba-agent's own cost: RSS and CPU-seconds per hour, with no plugins and with 10 metric plugins,
// against a real Saba server on loopback. The agent runs as users run it (the bundled
// bin/saba-agent.cjs with its shebang's flags). Node's floor (an idle `node --lite-mode` with a
// timer) is measured in the same run, since RSS is mostly Node's own.
//
// Time is compressed by default: SABA_AGENT_MINUTE_MS=1000 makes one simulated hour (60 ticks,
// one host spec update, 60 posts) last 60 s; every periodic job of the agent scales with it.
// SABA_BENCH_AGENT_MINUTE_MS=60000 SABA_BENCH_AGENT_MINUTES=10 measures in real time instead.
import { type ChildProcess, spawn } from 'node:child_process';
import { chmod, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { processCpu } from '../../../tools/loadgen/process-cpu.ts';
import { REPO_ROOT, startSaba } from '../../../tools/loadgen/server-process.ts';

const MINUTE_MS = Number(process.env.SABA_BENCH_AGENT_MINUTE_MS ?? 1000);
const MINUTES = Number(process.env.SABA_BENCH_AGENT_MINUTES ?? 60);
const WARMUP_MINUTES = 3;
const KEY = 'agent-bench-key';
const BIN = join(REPO_ROOT, 'apps/agent/bin/saba-agent.cjs');
/** The bin with the Node flags of its shebang, as users run it. */
const AGENT = [
  ...((await readFile(BIN, 'utf8')).split('\n', 1)[0] ?? '').split(/\s+/).filter((w) => w.startsWith('--')),
  BIN,
];

interface Figures {
  readonly rssMeanMb: number;
  readonly rssMaxMb: number;
  readonly hwmMb: number;
  /** From the scheduler's exact run time of every thread (se.sum_exec_runtime in each task's sched file). */
  readonly cpuPerHour: number;
  /** From utime + stime, which this kernel samples at its tick: a wake-up can be charged a whole tick. */
  readonly tickCpuPerHour: number;
  readonly childCpuPerHour: number;
}

/** Seconds every thread of `pid` has run, exactly (se.sum_exec_runtime, in ms, of each task). */
async function runTime(pid: number): Promise<number> {
  let ms = 0;
  for (const task of await readdir(`/proc/${pid}/task`)) {
    const sched = await readFile(`/proc/${pid}/task/${task}/sched`, 'utf8').catch(() => '');
    ms += Number(/^se\.sum_exec_runtime\s*:\s*([\d.]+)/m.exec(sched)?.[1] ?? 0);
  }
  return ms / 1000;
}

function status(pid: number, field: string): Promise<number> {
  return readFile(`/proc/${pid}/status`, 'utf8').then(
    (t) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(t)?.[1]) / 1024,
  );
}

async function childCpu(pid: number): Promise<number> {
  const rest = (await readFile(`/proc/${pid}/stat`, 'utf8')).split(') ')[1]?.split(' ') ?? [];
  return (Number(rest[13]) + Number(rest[14])) / 100; // cutime + cstime: waited-for children
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Runs one process for WARMUP + MINUTES minutes and measures it after the warm-up. */
async function measure(proc: ChildProcess): Promise<Figures> {
  const pid = proc.pid as number;
  await sleep(WARMUP_MINUTES * MINUTE_MS);
  const cpu0 = processCpu(pid);
  const run0 = await runTime(pid);
  const child0 = await childCpu(pid);
  const rss: number[] = [];
  const end = Date.now() + MINUTES * MINUTE_MS;
  while (Date.now() < end) {
    rss.push(await status(pid, 'VmRSS'));
    await sleep(Math.min(1000, MINUTE_MS / 4));
  }
  const cpu1 = processCpu(pid);
  const run1 = await runTime(pid);
  const hours = MINUTES / 60; // simulated hours
  const figures = {
    rssMeanMb: rss.reduce((a, b) => a + b, 0) / rss.length,
    rssMaxMb: Math.max(...rss),
    hwmMb: await status(pid, 'VmHWM'),
    cpuPerHour: (run1 - run0) / hours,
    tickCpuPerHour: (cpu1.user + cpu1.system - cpu0.user - cpu0.system) / hours,
    childCpuPerHour: ((await childCpu(pid)) - child0) / hours,
  };
  proc.kill('SIGTERM');
  await new Promise((r) => proc.once('exit', r));
  return figures;
}

async function agentRun(url: string, dir: string, plugins: number): Promise<Figures> {
  const lines = [
    `apikey = "${KEY}"`,
    `apibase = "${url}"`,
    `root = "${dir}/root"`,
    `pidfile = "${dir}/pid"`,
    'cloud_platform = "none"',
  ];
  for (let i = 0; i < plugins; i++) {
    // A plugin as small as the official example ones: three values, one process per minute.
    const script = join(dir, `plugin-${i}.sh`);
    await writeFile(
      script,
      `#!/bin/sh\nnow=$(date +%s)\nprintf 'bench${i}.a\\t1\\t%s\\nbench${i}.b\\t2\\t%s\\nbench${i}.c\\t3\\t%s\\n' $now $now $now\n`,
    );
    await chmod(script, 0o755);
    lines.push(`[plugin.metrics.bench${i}]`, `command = ["${script}"]`);
  }
  await writeFile(join(dir, 'agent.conf'), `${lines.join('\n')}\n`);
  const proc = spawn(process.execPath, [...AGENT, '-conf', join(dir, 'agent.conf')], {
    env: { ...process.env, SABA_AGENT_MINUTE_MS: String(MINUTE_MS) },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  return measure(proc);
}

async function nodeFloor(): Promise<Figures> {
  // A timer a minute, like the agent's idle loops (a 1 s timer alone costs ~13 ms of CPU a second here).
  const proc = spawn(process.execPath, [...AGENT.slice(0, -1), '-e', 'setInterval(() => {}, 60000)'], {
    stdio: 'ignore',
  });
  return measure(proc);
}

const dir = await mkdtemp(join(tmpdir(), 'saba-agent-bench-'));
const server = await startSaba({ dataDir: join(dir, 'server'), apiKey: KEY, fsync: 'never' });
try {
  // Build the bundle first so that no run measures a rebuild.
  await new Promise((r) => spawn(process.execPath, [...AGENT, 'version'], { stdio: 'ignore' }).once('exit', r));
  const [floor, none, ten] = await Promise.all([
    nodeFloor(),
    agentRun(server.url, await mkdtemp(join(dir, 'a-')), 0),
    agentRun(server.url, await mkdtemp(join(dir, 'b-')), 10),
  ]);
  const row = (name: string, f: Figures) =>
    `| ${name.padEnd(22)} | ${f.rssMeanMb.toFixed(1).padStart(8)} | ${f.rssMaxMb.toFixed(1).padStart(7)} | ${f.hwmMb.toFixed(1).padStart(6)} | ${f.cpuPerHour.toFixed(2).padStart(12)} | ${f.tickCpuPerHour.toFixed(2).padStart(11)} | ${f.childCpuPerHour.toFixed(2).padStart(13)} |`;
  console.log(
    `agent over ${MINUTES} minutes of ${MINUTE_MS} ms after ${WARMUP_MINUTES} of warm-up; CPU per simulated hour`,
  );
  console.log('| process                | RSS mean | RSS max | VmHWM  | CPU-s / hour | tick CPU-s  | plugins CPU-s |');
  console.log('| ---------------------- | -------- | ------- | ------ | ------------ | ----------- | ------------- |');
  console.log(row('node floor (idle)', floor));
  console.log(row('saba-agent, no plugins', none));
  console.log(row('saba-agent, 10 plugins', ten));
} finally {
  await server.stop('SIGTERM');
  await rm(dir, { recursive: true, force: true });
}
