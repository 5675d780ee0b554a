// The pidfile: refuses a second agent on the same pidfile, as mackerel-agent does.
import { readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { mkdir } from '@saba/agent-config/sync-fs';

/** Writes our pid; throws when another live process holds the pidfile. */
export async function createPidfile(path: string): Promise<void> {
  let other: number | undefined;
  try {
    other = Number(readFileSync(path, 'utf8').trim());
  } catch {
    // no pidfile yet
  }
  if (other !== undefined && Number.isInteger(other) && other > 0 && other !== process.pid && alive(other)) {
    throw new Error(`pidfile ${path} names a running process (pid ${other}); is another agent running?`);
  }
  await mkdir(dirname(path), { recursive: true });
  writeFileSync(path, `${process.pid}\n`);
}

/** Removes the pidfile if it is still ours. */
export function removePidfile(path: string): void {
  try {
    if (Number(readFileSync(path, 'utf8').trim()) === process.pid) unlinkSync(path);
  } catch {
    // already gone
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}
