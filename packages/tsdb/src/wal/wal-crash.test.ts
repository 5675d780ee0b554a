import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { openReplayed, range, seqOf, tempDir } from './test-kit.ts';

const writer = fileURLToPath(new URL('./testdata/crash-writer.ts', import.meta.url));

/** Runs the writer until `killAfterMs` after its first acknowledgement, kills it with SIGKILL; returns the seqs it saw acknowledged. */
function runAndKill(dir: string, killAfterMs: number): Promise<number[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', writer, dir], { stdio: ['ignore', 'pipe', 'inherit'] });
    const acked: number[] = [];
    let text = '';
    let timer: NodeJS.Timeout | null = null;
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      text += chunk;
      const lines = text.split('\n');
      text = lines.pop()!;
      for (const l of lines) if (!l.startsWith('ready')) acked.push(Number(l));
      if (acked.length > 0 && timer === null) timer = setTimeout(() => child.kill('SIGKILL'), killAfterMs);
    });
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (signal === 'SIGKILL') resolve(acked);
      else reject(new Error(`writer exited with ${code ?? signal} before being killed`));
    });
  });
}

test('after kill -9 at a random moment, replay holds every acknowledged record, in order', async (t) => {
  const dir = path.join(tempDir(t), 'wal');
  let total = 0;
  for (const killAfterMs of [40, 130, 77, 210]) {
    const acked = await runAndKill(dir, killAfterMs);
    assert.ok(acked.length > 0);
    const { wal, records } = await openReplayed(dir);
    await wal.close();
    const seqs = records.map(seqOf);
    // Appends are logged in call order, so the log is exactly seqs 0..n-1: no gap, no duplicate.
    assert.deepEqual(seqs, range(seqs.length));
    assert.ok(Math.max(...acked) < seqs.length, `acknowledged ${Math.max(...acked)}, replayed ${seqs.length}`);
    assert.ok(seqs.length > total, 'each run added records');
    total = seqs.length;
  }
});
