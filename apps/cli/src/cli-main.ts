// The process entry the bundle exports: runs main() on the real process streams.
import { main } from './main.ts';

/** Runs saba with `argv` on this process's stdin, stdout, stderr and environment. */
export function runProcess(argv: readonly string[]): Promise<number> {
  return main(argv, { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin, env: process.env });
}
