// mkr's y/n question (Songmu/prompter's YN with default yes): asked only when stdin and stdout are
// terminals; anywhere else the default answer is taken without asking, as mkr does, so scripts that
// pipe `mkr retire` keep working.
import { createInterface } from 'node:readline';
import type { Io } from './command.ts';

/** Asks `message (y/n) [y]: ` and resolves true for yes; re-asks on anything but y, n or an empty line. */
export async function confirmYes(io: Io, message: string): Promise<boolean> {
  const question = `${message} (y/n) [y]: `;
  if (io.stdin.isTTY !== true || io.stdout.isTTY !== true) {
    io.stdout.write(question);
    return true;
  }
  const rl = createInterface({ input: io.stdin, terminal: false });
  try {
    for (;;) {
      io.stdout.write(question);
      const line = await new Promise<string | undefined>((resolve) => {
        rl.once('line', resolve);
        rl.once('close', () => resolve(undefined));
      });
      if (line === undefined) return true;
      const answer = line.trim();
      if (answer === '' || answer === 'y') return true;
      if (answer === 'n') return false;
      io.stdout.write('# Enter `y` or `n`\n');
    }
  } finally {
    rl.close();
  }
}
