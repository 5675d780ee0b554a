/** Runs the task it is given once fewer than its limit are running; resolves with the task's result. */
export type Limiter = <T>(task: () => Promise<T>) => Promise<T>;

/**
 * A limiter of `limit` concurrent tasks, started in the order they were given. A host page asks
 * for each metric separately; 6 at once is what a browser opens per origin over HTTP/1.1, so more
 * would only queue in the browser where the page cannot reorder them.
 */
export function createLimiter(limit: number): Limiter {
  if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`limit must be a positive integer, got ${limit}`);
  let running = 0;
  const waiting: Array<() => void> = [];
  const next = (): void => {
    running--;
    const start = waiting.shift();
    if (start !== undefined) start();
  };
  return <T>(task: () => Promise<T>): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      const start = (): void => {
        running++;
        let p: Promise<T>;
        try {
          p = task();
        } catch (err) {
          p = Promise.reject(err);
        }
        void p.then(resolve, reject).finally(next);
      };
      if (running < limit) start();
      else waiting.push(start);
    });
}
