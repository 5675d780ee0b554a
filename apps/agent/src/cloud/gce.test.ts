import assert from 'node:assert/strict';
import { test } from 'node:test';
import { startFakeGce } from '../testing/fake-metadata-servers.ts';
import { fetchGceDocument, gceOfficialPolicy, parseGceDocument } from './gce.ts';
import { requestMetadata } from './metadata-http.ts';

// Shaped like /computeMetadata/v1/?recursive=true; the id is above 2^53 on purpose.
const document = `{"instance":{"attributes":{"ssh-keys":"user:ssh-ed25519 AAAA"},"hostname":"web-1.asia-northeast1-b.c.my-project.internal","id":4520031799277581759,"machineType":"projects/123456789012/machineTypes/e2-medium","zone":"projects/123456789012/zones/asia-northeast1-b","networkInterfaces":[{"ip":"10.146.0.2"}]},"project":{"numericProjectId":123456789012,"projectId":"my-project"}}`;

test('GCE: the metadata server refuses requests without Metadata-Flavor (403)', async () => {
  const server = await startFakeGce(document);
  try {
    const res = await requestMetadata(`${server.origin}/computeMetadata/v1/?recursive=true`, { timeoutMs: 10_000 });
    assert.equal(res.status, 403);
  } finally {
    await server.close();
  }
});

test('GCE: fetch with the header, keep the 19-digit id exact', async () => {
  const server = await startFakeGce(document);
  try {
    const body = await fetchGceDocument(server.origin, gceOfficialPolicy);
    assert.equal(server.requests[0]?.headers['metadata-flavor'], 'Google');
    assert.deepEqual(parseGceDocument(body), {
      spec: {
        provider: 'gce',
        metadata: {
          hostname: 'web-1.asia-northeast1-b.c.my-project.internal',
          'instance-id': '4520031799277581759',
          'instance-type': 'e2-medium',
          zone: 'asia-northeast1-b',
          projectId: 'my-project',
        },
      },
      customIdentifier: '4520031799277581759.gce.cloud.google.com',
    });
  } finally {
    await server.close();
  }
});

const parses: { name: string; body: string; expected: unknown }[] = [
  { name: 'not JSON', body: '<html>', expected: undefined },
  {
    name: 'no instance object: only projectId, no customIdentifier',
    body: '{"project":{"projectId":"p"}}',
    expected: { spec: { provider: 'gce', metadata: { projectId: 'p' } }, customIdentifier: '' },
  },
  {
    name: 'instance without id: "0" as Go prints a zero uint64',
    body: '{"instance":{"hostname":"h","machineType":"m","zone":"z"}}',
    expected: {
      spec: { provider: 'gce', metadata: { hostname: 'h', 'instance-id': '0', 'instance-type': 'm', zone: 'z' } },
      customIdentifier: '',
    },
  },
];

for (const c of parses) {
  test(`GCE document: ${c.name}`, () => {
    assert.deepEqual(parseGceDocument(c.body), c.expected);
  });
}
