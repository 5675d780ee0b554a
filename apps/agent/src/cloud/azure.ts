// Azure Instance Metadata Service, as mackerel-agent reads it (spec/cloud.go, AzureVMGenerator):
// one text leaf per request, api-version=2017-04-02, header "Metadata: true" (IMDS answers 400
// without it). The provider string is "AzureVM"; metadata keys are renamed as below.
import type { CloudSpec } from '@saba/client';
import { type FetchPolicy, requestMetadata, retry } from './metadata-http.ts';

/** Default origin of Azure IMDS. */
export const azureDefaultEndpoint = 'http://169.254.169.254';

/** The official agent's probe policy: 2 attempts 2 s apart with a 3 s timeout each. */
export const azureOfficialPolicy: FetchPolicy = { attempts: 2, intervalMs: 2000, timeoutMs: 3000 };

// IMDS leaf (under /metadata/instance) -> meta.cloud.metadata key.
const leaves: readonly (readonly [string, string])[] = [
  ['compute/location', 'location'],
  ['compute/offer', 'imageReferenceOffer'],
  ['compute/osType', 'osSystemType'],
  ['compute/publisher', 'imageReferencePublisher'],
  ['compute/sku', 'imageReferenceSku'],
  ['compute/vmId', 'vmID'],
  ['compute/vmSize', 'virtualMachineSizeType'],
  ['network/interface/0/ipv4/ipAddress/0/privateIpAddress', 'privateIpAddress'],
  ['network/interface/0/ipv4/ipAddress/0/publicIpAddress', 'publicIpAddress'],
];

/** GET one leaf as text; rejects on network errors only. */
function getLeaf(origin: string, leaf: string, timeoutMs: number, signal?: AbortSignal) {
  return requestMetadata(`${origin}/metadata/instance/${leaf}?api-version=2017-04-02&format=text`, {
    headers: { Metadata: 'true' },
    timeoutMs,
    ...(signal ? { signal } : {}),
  });
}

/** The official probe: compute/vmId answers 200; only network errors are retried. */
export async function probeAzure(origin: string, policy: FetchPolicy, signal?: AbortSignal): Promise<boolean> {
  try {
    const res = await retry(
      policy.attempts,
      policy.intervalMs,
      () => getLeaf(origin, 'compute/vmId', policy.timeoutMs, signal),
      signal,
    );
    return res.status === 200;
  } catch {
    return false;
  }
}

/** Reads meta.cloud and the customIdentifier (vmId); keys answered with non-200 are left out. */
export async function readAzure(
  origin: string,
  signal?: AbortSignal,
): Promise<{ spec: CloudSpec; customIdentifier: string }> {
  const metadata: Record<string, string> = {};
  for (const [leaf, key] of leaves) {
    try {
      const res = await getLeaf(origin, leaf, azureOfficialPolicy.timeoutMs, signal);
      if (res.status === 200) metadata[key] = res.body;
    } catch {
      // The official loop stops at the first network error and keeps what it has.
      break;
    }
  }
  let vmId = metadata.vmID ?? '';
  if (vmId === '') vmId = await fetchVmId(origin, signal);
  return {
    spec: { provider: 'AzureVM', metadata },
    customIdentifier: vmId === '' ? '' : `${vmId}.virtual_machine.azure.microsoft.com`,
  };
}

/** The official SuggestCustomIdentifier: vmId with 3 attempts 2 s apart; '' when it stays unknown. */
async function fetchVmId(origin: string, signal?: AbortSignal): Promise<string> {
  try {
    return await retry(
      3,
      azureOfficialPolicy.intervalMs,
      async () => {
        const res = await getLeaf(origin, 'compute/vmId', azureOfficialPolicy.timeoutMs, signal);
        if (res.status !== 200 || res.body === '') throw new Error(`vmId: status ${res.status}`);
        return res.body;
      },
      signal,
    );
  } catch {
    return '';
  }
}
