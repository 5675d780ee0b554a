import assert from 'node:assert/strict';
import { test } from 'node:test';
import { startFakeEc2 } from '../testing/fake-metadata-servers.ts';
import { Ec2Session, probeEc2, readEc2 } from './ec2.ts';

// A private instance: no public-hostname/public-ipv4 (IMDS answers 404 for them).
const metadata = {
  'services/partition': 'aws',
  'instance-id': 'i-0123456789abcdef0',
  'instance-type': 't3.micro',
  'placement/availability-zone': 'ap-northeast-1a',
  'security-groups': 'default\nweb',
  'ami-id': 'ami-0abcdef1234567890',
  hostname: 'ip-10-0-1-23.ap-northeast-1.compute.internal',
  'local-hostname': 'ip-10-0-1-23.ap-northeast-1.compute.internal',
  'local-ipv4': '10.0.1.23',
  'reservation-id': 'r-0fedcba9876543210',
};

// What IMDS answered, in meta.cloud.metadata's keys (no services/partition), plus the keys it
// answered with 404: the official agent sends those as "".
const { 'services/partition': _partition, ...answered } = metadata;
const expectedSpec = {
  provider: 'ec2',
  metadata: { ...answered, 'public-hostname': '', 'public-ipv4': '' },
};

const modes: { imdsv2: 'required' | 'optional' | 'unavailable'; tokenHeader: boolean }[] = [
  { imdsv2: 'required', tokenHeader: true },
  { imdsv2: 'optional', tokenHeader: true },
  // The token call fails: the agent falls back to IMDSv1 for the rest of the session.
  { imdsv2: 'unavailable', tokenHeader: false },
];

for (const m of modes) {
  test(`EC2 with IMDSv2 ${m.imdsv2}: probe, then metadata and customIdentifier`, async () => {
    const server = await startFakeEc2({ imdsv2: m.imdsv2, metadata });
    try {
      const session = new Ec2Session(server.origin);
      assert.equal(await probeEc2(session), true);
      const info = await readEc2(session);
      assert.deepEqual(info, { spec: expectedSpec, customIdentifier: 'i-0123456789abcdef0.ec2.amazonaws.com' });

      // One token call for the whole session, asking for 6 hours.
      const puts = server.requests.filter((r) => r.method === 'PUT');
      assert.equal(puts.length, 1);
      assert.equal(puts[0]?.url, '/latest/api/token');
      assert.equal(puts[0]?.headers['x-aws-ec2-metadata-token-ttl-seconds'], '21600');
      const gets = server.requests.filter((r) => r.method === 'GET');
      assert.equal(gets.length, 12); // services/partition + 11 keys
      for (const g of gets) assert.equal('x-aws-ec2-metadata-token' in g.headers, m.tokenHeader);
    } finally {
      await server.close();
    }
  });
}

test('EC2 probe: the partition must start with "aws"; a 404 ends the probe without retry', async () => {
  for (const [partition, expected] of [
    ['aws-cn', true],
    ['aws-us-gov', true],
    ['openstack', false],
  ] as const) {
    const server = await startFakeEc2({ imdsv2: 'required', metadata: { 'services/partition': partition } });
    try {
      assert.equal(await probeEc2(new Ec2Session(server.origin)), expected, partition);
    } finally {
      await server.close();
    }
  }
  const server = await startFakeEc2({ imdsv2: 'required', metadata: {} });
  try {
    assert.equal(await probeEc2(new Ec2Session(server.origin)), false);
    assert.equal(server.requests.filter((r) => r.method === 'GET').length, 1);
  } finally {
    await server.close();
  }
});

test('EC2 read: a network error drops the whole cloud spec', async () => {
  const server = await startFakeEc2({ imdsv2: 'required', metadata });
  const origin = server.origin;
  await server.close();
  assert.equal(await readEc2(new Ec2Session(origin)), undefined);
});
