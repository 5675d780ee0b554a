import type { KeepAliveClient } from './keep-alive-client.ts';

/** The registration body of a bench host, as mackerel-agent's first start sends it (no meta: it is not read here). */
export function hostBody(name: string): string {
  return JSON.stringify({ name, meta: {}, interfaces: [], roleFullnames: ['bench:web'], checks: [] });
}

/**
 * Registers one host per name with `POST /api/v0/hosts` (`concurrency` at a time; `client` holds
 * the API key) and returns their ids in the order of `names`.
 */
export async function registerHosts(
  client: KeepAliveClient,
  names: readonly string[],
  concurrency = 20,
): Promise<string[]> {
  const ids: string[] = new Array(names.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < names.length) {
      const i = next++;
      const r = await client.ok('POST', '/api/v0/hosts', hostBody(names[i] as string));
      const id = (JSON.parse(r.body) as { id?: unknown }).id;
      if (typeof id !== 'string') throw new Error(`POST /api/v0/hosts answered ${r.body}`);
      ids[i] = id;
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, names.length) }, worker));
  return ids;
}
