import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import {
  type FakeServer,
  startFakeAzure,
  startFakeEc2,
  startFakeGce,
  startSilentServer,
} from '../testing/fake-metadata-servers.ts';
import { detectCloud } from './detect.ts';

const hintsDir = join(import.meta.dirname, '../../testdata/cloud');

const ec2Metadata = { 'services/partition': 'aws', 'instance-id': 'i-0abc', 'instance-type': 'm5.large' };
const gceDocument = '{"instance":{"id":7,"hostname":"h","machineType":"a/b","zone":"c/d"},"project":{"projectId":"p"}}';
const azureLeaves = { 'compute/vmId': 'vm-1', 'compute/location': 'japaneast' };

type Behaviour = 'answers' | 'silent';

/** Starts the three services: each either answers as its cloud does, or never answers. */
async function startServices(b: { ec2: Behaviour; gce: Behaviour; azure: Behaviour }) {
  const ec2 = b.ec2 === 'answers' ? await startFakeEc2({ imdsv2: 'required', metadata: ec2Metadata }) : undefined;
  const gce = b.gce === 'answers' ? await startFakeGce(gceDocument) : undefined;
  const azure = b.azure === 'answers' ? await startFakeAzure(azureLeaves) : undefined;
  const servers: Record<'ec2' | 'gce' | 'azure', FakeServer> = {
    ec2: ec2 ?? (await startSilentServer()),
    gce: gce ?? (await startSilentServer()),
    azure: azure ?? (await startSilentServer()),
  };
  return servers;
}

const cases: {
  name: string;
  platform: 'auto' | 'none' | 'ec2' | 'gce' | 'azurevm';
  hints: string;
  services: { ec2: Behaviour; gce: Behaviour; azure: Behaviour };
  provider: string | undefined;
  customIdentifier?: string;
  /** Services that must not have been asked anything. */
  untouched: ('ec2' | 'gce' | 'azure')[];
  /** Under the 1 s an unanswered quick probe waits, or (one timeout) under the 3 s of the official settings. */
  maxMs: number;
}[] = [
  {
    name: "'none' sends no request at all",
    platform: 'none',
    hints: 'nitro-ec2',
    services: { ec2: 'answers', gce: 'answers', azure: 'answers' },
    provider: undefined,
    untouched: ['ec2', 'gce', 'azure'],
    maxMs: 900,
  },
  {
    name: 'auto on a Nitro EC2 host asks only IMDS',
    platform: 'auto',
    hints: 'nitro-ec2',
    services: { ec2: 'answers', gce: 'answers', azure: 'answers' },
    provider: 'ec2',
    customIdentifier: 'i-0abc.ec2.amazonaws.com',
    untouched: ['gce', 'azure'],
    maxMs: 1000,
  },
  {
    name: 'auto on a Xen EC2 host without DMI: EC2 wins, the unanswered quick probes are cancelled',
    platform: 'auto',
    hints: 'xen-ec2',
    services: { ec2: 'answers', gce: 'silent', azure: 'silent' },
    provider: 'ec2',
    customIdentifier: 'i-0abc.ec2.amazonaws.com',
    untouched: [],
    maxMs: 900,
  },
  {
    name: 'auto on GCE asks only the GCE server',
    platform: 'auto',
    hints: 'gce',
    services: { ec2: 'answers', gce: 'answers', azure: 'answers' },
    provider: 'gce',
    customIdentifier: '7.gce.cloud.google.com',
    untouched: ['ec2', 'azure'],
    maxMs: 1000,
  },
  {
    name: 'auto on Azure asks only IMDS',
    platform: 'auto',
    hints: 'azure',
    services: { ec2: 'answers', gce: 'answers', azure: 'answers' },
    provider: 'AzureVM',
    customIdentifier: 'vm-1.virtual_machine.azure.microsoft.com',
    untouched: ['ec2', 'gce'],
    maxMs: 1000,
  },
  {
    name: 'auto on a plain KVM guest: DMI rules every cloud out without a request',
    platform: 'auto',
    hints: 'qemu',
    services: { ec2: 'answers', gce: 'answers', azure: 'answers' },
    provider: undefined,
    untouched: ['ec2', 'gce', 'azure'],
    maxMs: 900,
  },
  {
    name: 'auto on an on-premises Hyper-V guest: no Azure asset tag, no request',
    platform: 'auto',
    hints: 'hyperv-onprem',
    services: { ec2: 'answers', gce: 'answers', azure: 'answers' },
    provider: undefined,
    untouched: ['ec2', 'gce', 'azure'],
    maxMs: 900,
  },
  {
    name: 'auto without DMI (container on GCE): the quick GCE probe finds it',
    platform: 'auto',
    hints: 'no-dmi',
    services: { ec2: 'answers', gce: 'answers', azure: 'silent' },
    provider: 'gce',
    customIdentifier: '7.gce.cloud.google.com',
    untouched: ['ec2'],
    maxMs: 900,
  },
  {
    name: 'auto without DMI and nothing answering: undefined after one short timeout',
    platform: 'auto',
    hints: 'no-dmi',
    services: { ec2: 'silent', gce: 'silent', azure: 'silent' },
    provider: undefined,
    untouched: ['ec2'],
    maxMs: 2500,
  },
  {
    name: "explicit 'ec2' skips the hints",
    platform: 'ec2',
    hints: 'no-dmi',
    services: { ec2: 'answers', gce: 'silent', azure: 'silent' },
    provider: 'ec2',
    customIdentifier: 'i-0abc.ec2.amazonaws.com',
    untouched: ['gce', 'azure'],
    maxMs: 1000,
  },
  {
    name: "explicit 'gce' skips the hints",
    platform: 'gce',
    hints: 'nitro-ec2',
    services: { ec2: 'answers', gce: 'answers', azure: 'answers' },
    provider: 'gce',
    customIdentifier: '7.gce.cloud.google.com',
    untouched: ['ec2', 'azure'],
    maxMs: 1000,
  },
  {
    name: "explicit 'azurevm' skips the hints",
    platform: 'azurevm',
    hints: 'qemu',
    services: { ec2: 'answers', gce: 'answers', azure: 'answers' },
    provider: 'AzureVM',
    customIdentifier: 'vm-1.virtual_machine.azure.microsoft.com',
    untouched: ['ec2', 'gce'],
    maxMs: 1000,
  },
];

for (const c of cases) {
  test(`detectCloud: ${c.name}`, async () => {
    const servers = await startServices(c.services);
    try {
      const started = performance.now();
      const info = await detectCloud({
        platform: c.platform,
        root: join(hintsDir, c.hints),
        // A trailing slash is tolerated.
        endpoints: { ec2: `${servers.ec2.origin}/`, gce: servers.gce.origin, azure: servers.azure.origin },
      });
      const elapsed = performance.now() - started;
      assert.equal(info?.spec.provider, c.provider);
      if (c.customIdentifier !== undefined) assert.equal(info?.customIdentifier, c.customIdentifier);
      for (const name of c.untouched) assert.equal(servers[name].requests.length, 0, `${name} was asked`);
      assert.ok(elapsed < c.maxMs, `took ${elapsed.toFixed(0)} ms`);
    } finally {
      await Promise.all(Object.values(servers).map((s) => s.close()));
    }
  });
}
