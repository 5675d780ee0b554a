import { closeSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { UnavailableError } from '@saba/model';

/** A held lock on a data directory. */
export interface DirLock {
  release(): void;
}

/**
 * Takes the data directory's LOCK file (holding our pid), so two processes never write one
 * directory. A lock left by a process that died (kill -9) is taken over: Node has no flock,
 * so liveness is checked with signal 0 on the recorded pid.
 */
export function acquireLock(dir: string): DirLock {
  const path = join(dir, 'LOCK');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(path, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return { release: () => rmSync(path, { force: true }) };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const pid = Number.parseInt(readFileSync(path, 'utf8'), 10);
      if (Number.isInteger(pid) && isAlive(pid)) {
        throw new UnavailableError(`data directory ${dir} is in use by process ${pid}`);
      }
      rmSync(path, { force: true });
    }
  }
  throw new UnavailableError(`cannot lock data directory ${dir}`);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
