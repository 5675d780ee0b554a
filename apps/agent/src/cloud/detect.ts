// Which cloud this host runs on (config `cloud_platform`, spec §16), its `meta.cloud` and the
// customIdentifier that merges the host with the cloud integration's (spec §2.3).
//
// An explicit platform goes straight to that provider, as the official agent does. `auto`
// asks the candidates concurrently and keeps the first that answers (spec/cloud.go, Suggest);
// unlike the official agent it first reads local hints (hints.ts), so a host on no cloud gets
// its answer from a few file reads instead of the >= 2 s the GCE and Azure probes cost.
import type { CloudSpec } from '@saba/client';
import { azureDefaultEndpoint, azureOfficialPolicy, probeAzure, readAzure } from './azure.ts';
import { Ec2Session, ec2DefaultEndpoint, probeEc2, readEc2 } from './ec2.ts';
import { fetchGceDocument, gceDefaultEndpoint, gceOfficialPolicy, parseGceDocument } from './gce.ts';
import { readCloudHints } from './hints.ts';

/** What a cloud provider's metadata says about this host. */
export interface CloudInfo {
  spec: CloudSpec;
  /** '' when the provider gave no instance id; the caller then omits customIdentifier. */
  customIdentifier: string;
}

/** Options: which platform (config `cloud_platform`), and endpoint base URLs (tests point them at a loopback server). */
export interface DetectCloudOptions {
  readonly platform: 'auto' | 'none' | 'ec2' | 'gce' | 'azurevm';
  /** Origins (scheme://host[:port]) of the metadata services. */
  readonly endpoints?: { ec2?: string; gce?: string; azure?: string };
  /** Directory standing for `/` for DMI/hypervisor hint files (tests). Default '/'. */
  readonly root?: string;
}

// Without DMI no hint can rule GCE or Azure out, so they are asked once with this timeout
// instead of the official 2 attempts of 3 s (real metadata services answer in milliseconds).
const unhintedPolicy = { attempts: 1, intervalMs: 0, timeoutMs: 1000 } as const;

/** A positive probe hands back how to read the provider's metadata. */
type Reader = () => Promise<CloudInfo | undefined>;
type Probe = (signal: AbortSignal) => Promise<Reader | undefined>;

/** Runs the probes concurrently; the first positive one wins and the others are cancelled. */
function firstPositive(probes: readonly Probe[]): Promise<Reader | undefined> {
  if (probes.length === 0) return Promise.resolve(undefined);
  const controllers = probes.map(() => new AbortController());
  return new Promise((resolve) => {
    let pending = probes.length;
    probes.forEach((probe, i) => {
      const settle = (reader: Reader | undefined) => {
        pending--;
        if (reader !== undefined) {
          controllers.forEach((c, j) => {
            if (j !== i) c.abort();
          });
          resolve(reader);
        } else if (pending === 0) {
          resolve(undefined);
        }
      };
      probe(controllers[i]!.signal).then(settle, () => settle(undefined));
    });
  });
}

/** Strips a trailing slash so paths can be appended. */
function origin(url: string | undefined, fallback: string): string {
  return (url ?? fallback).replace(/\/+$/, '');
}

/** Detects the cloud this host runs on and reads its metadata; undefined when none (or platform 'none'). */
export async function detectCloud(options: DetectCloudOptions): Promise<CloudInfo | undefined> {
  const ec2 = origin(options.endpoints?.ec2, ec2DefaultEndpoint);
  const gce = origin(options.endpoints?.gce, gceDefaultEndpoint);
  const azure = origin(options.endpoints?.azure, azureDefaultEndpoint);
  switch (options.platform) {
    case 'none':
      return undefined;
    case 'ec2':
      return readEc2(new Ec2Session(ec2));
    case 'gce':
      // The official generator requests the document once and sends nothing when that fails.
      return fetchGceDocument(gce, { ...gceOfficialPolicy, attempts: 1 }).then(parseGceDocument, () => undefined);
    case 'azurevm':
      return readAzure(azure);
    case 'auto':
      break;
  }

  const hints = await readCloudHints(options.root ?? '/');
  const probes: Probe[] = [];
  if (hints.ec2) {
    // The official EC2 probe runs only when the hint matches, on hosts without DMI too.
    probes.push(async (signal) => {
      const session = new Ec2Session(ec2, signal);
      return (await probeEc2(session, signal)) ? () => readEc2(session, signal) : undefined;
    });
  }
  if (hints.gce || !hints.dmi) {
    const policy = hints.gce ? gceOfficialPolicy : unhintedPolicy;
    probes.push(async (signal) => {
      const document = await fetchGceDocument(gce, policy, signal);
      return async () => parseGceDocument(document);
    });
  }
  if (hints.azure || !hints.dmi) {
    const policy = hints.azure ? azureOfficialPolicy : unhintedPolicy;
    probes.push(async (signal) =>
      (await probeAzure(azure, policy, signal)) ? () => readAzure(azure, signal) : undefined,
    );
  }
  const reader = await firstPositive(probes);
  return reader?.();
}
