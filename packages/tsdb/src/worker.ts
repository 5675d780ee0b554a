import { Worker } from 'node:worker_threads';
import { SabaError } from '@saba/model';

/** What a worker entry posts back: its result, or the kind and message of the error it hit. */
export type WorkerReply<T> = { ok: true; value: T } | { ok: false; kind: SabaError['kind']; message: string };

/** A job running on another thread, that can be stopped. */
export interface WorkerJob<T> {
  readonly result: Promise<T>;
  /** Stops the thread; `result` then rejects. */
  stop(): Promise<void>;
}

/**
 * Runs a TypeScript module in a worker thread with `data` as its workerData. Heavy block work
 * (compaction decodes and re-encodes ~2 M samples/s) runs there so the event loop keeps
 * answering requests. Loader hooks are per thread, so the worker registers tsx before
 * importing the module.
 */
export function runInWorker<T>(module: URL, data: unknown): WorkerJob<T> {
  const api = import.meta.resolve('tsx/esm/api');
  const boot = `import(${JSON.stringify(api)}).then(({ register }) => { register(); return import(${JSON.stringify(module.href)}); })`;
  const worker = new Worker(boot, { eval: true, workerData: data });
  const result = new Promise<T>((resolve, reject) => {
    let settled = false;
    worker.once('message', (reply: WorkerReply<T>) => {
      settled = true;
      if (reply.ok) resolve(reply.value);
      else reject(new SabaError(reply.kind, reply.message));
      void worker.terminate();
    });
    worker.once('error', (err) => {
      settled = true;
      reject(err);
    });
    worker.once('exit', (code) => {
      if (!settled) reject(new SabaError('unavailable', `worker stopped (exit code ${code}) before it finished`));
    });
  });
  return {
    result,
    stop: async () => {
      await worker.terminate();
    },
  };
}

/** Turns an error into a reply a worker can post. */
export function errorReply(err: unknown): WorkerReply<never> {
  if (err instanceof SabaError) return { ok: false, kind: err.kind, message: err.message };
  return { ok: false, kind: 'internal', message: err instanceof Error ? (err.stack ?? err.message) : String(err) };
}
