import { compress } from 'snappyjs';
import type { SeriesData } from '../prometheus-peer/mix-data.ts';
import { encodeWriteRequest } from '../prometheus-peer/remote-write.ts';

/**
 * The Mackerel name of a mix series. The mix names its series for Prometheus, dots turned to
 * underscores (`interface_eth0_rxBytes_3`); its base names hold no underscore, so turning them
 * back gives the agent's dotted names (`interface.eth0.rxBytes.3`).
 */
export function mackerelName(mixName: string): string {
  return mixName.replaceAll('_', '.');
}

/**
 * A `POST /api/v0/tsdb` body: samples [from, to) of every series of `host` as one bare JSON
 * array, minute by minute (all metrics of a minute, then the next), as an agent sends a batch or
 * a catch-up after an outage. Times are the mix's whole-second timestamps in epoch seconds.
 */
export function mackerelBody(hostId: string, host: readonly SeriesData[], from: number, to = from + 1): string {
  const id = JSON.stringify(hostId);
  const names = host.map((d) => mackerelName(d.series.name));
  const items: string[] = [];
  for (let i = from; i < to; i++) {
    for (let k = 0; k < host.length; k++) {
      const { ts, vs } = (host[k] as SeriesData).samples;
      items.push(`{"hostId":${id},"name":"${names[k]}","time":${(ts[i] as number) / 1000},"value":${vs[i]}}`);
    }
  }
  return `[${items.join(',')}]`;
}

/**
 * The same samples as `mackerelBody` as a remote_write request, snappy-compressed: one series
 * per metric of `host`, labelled `{__name__, host}` as Saba stores a host metric.
 */
export function remoteWriteBody(hostId: string, host: readonly SeriesData[], from: number, to = from + 1): Uint8Array {
  return compress(
    encodeWriteRequest(
      host.map((d) => ({
        labels: { __name__: d.series.name, host: hostId },
        ts: d.samples.ts,
        vs: d.samples.vs,
        from,
        to,
      })),
    ),
  );
}

/** The series of a mix grouped by host: the mix puts series 100h to 100h + 99 on host h. */
export function byHost(data: readonly SeriesData[], perHost = 100): SeriesData[][] {
  const out: SeriesData[][] = [];
  for (let i = 0; i < data.length; i += perHost) out.push(data.slice(i, i + perHost));
  return out;
}
