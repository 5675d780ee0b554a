import assert from 'node:assert/strict';
import { test } from 'node:test';
import { startFakeAzure } from '../testing/fake-metadata-servers.ts';
import { azureOfficialPolicy, probeAzure, readAzure } from './azure.ts';
import { requestMetadata } from './metadata-http.ts';

// No public IP: that leaf answers 404 and is left out.
const leaves = {
  'compute/location': 'japaneast',
  'compute/offer': '0001-com-ubuntu-server-jammy',
  'compute/osType': 'Linux',
  'compute/publisher': 'Canonical',
  'compute/sku': '22_04-lts-gen2',
  'compute/vmId': '02aab8a4-74ef-476e-8182-f6d2ba4166a6',
  'compute/vmSize': 'Standard_B2s',
  'network/interface/0/ipv4/ipAddress/0/privateIpAddress': '10.0.0.4',
};

test('Azure: IMDS refuses requests without "Metadata: true" (400)', async () => {
  const server = await startFakeAzure(leaves);
  try {
    const url = `${server.origin}/metadata/instance/compute/vmId?api-version=2017-04-02&format=text`;
    assert.equal((await requestMetadata(url, { timeoutMs: 10_000 })).status, 400);
  } finally {
    await server.close();
  }
});

test('Azure: probe on vmId, then renamed keys and the customIdentifier', async () => {
  const server = await startFakeAzure(leaves);
  try {
    assert.equal(await probeAzure(server.origin, azureOfficialPolicy), true);
    assert.deepEqual(await readAzure(server.origin), {
      spec: {
        provider: 'AzureVM',
        metadata: {
          location: 'japaneast',
          imageReferenceOffer: '0001-com-ubuntu-server-jammy',
          osSystemType: 'Linux',
          imageReferencePublisher: 'Canonical',
          imageReferenceSku: '22_04-lts-gen2',
          vmID: '02aab8a4-74ef-476e-8182-f6d2ba4166a6',
          virtualMachineSizeType: 'Standard_B2s',
          privateIpAddress: '10.0.0.4',
        },
      },
      customIdentifier: '02aab8a4-74ef-476e-8182-f6d2ba4166a6.virtual_machine.azure.microsoft.com',
    });
    for (const r of server.requests) {
      assert.equal(r.headers.metadata, 'true');
      assert.match(r.url, /\?api-version=2017-04-02&format=text$/);
    }
  } finally {
    await server.close();
  }
});

test('Azure: a 404 on vmId is "not Azure", answered by one request', async () => {
  const server = await startFakeAzure({});
  try {
    assert.equal(await probeAzure(server.origin, azureOfficialPolicy), false);
    assert.equal(server.requests.length, 1);
  } finally {
    await server.close();
  }
});
