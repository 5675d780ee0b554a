import { checkTests } from './conformance/checks.ts';
import type { OpenCatalog } from './conformance/fixture.ts';
import { graphDefTests } from './conformance/graph-defs.ts';
import { hostWriteTests } from './conformance/host-writes.ts';
import { hostTests } from './conformance/hosts.ts';
import { metadataTests } from './conformance/metadata.ts';
import { orgTests } from './conformance/orgs.ts';
import { serviceTests } from './conformance/services.ts';

/**
 * Registers the behaviour every Catalog driver must share (node:test). `open` gives a fresh,
 * empty catalog per test; its close() must also clean up what the driver created.
 */
export function catalogConformance(open: OpenCatalog): void {
  orgTests(open);
  hostTests(open);
  hostWriteTests(open);
  serviceTests(open);
  metadataTests(open);
  graphDefTests(open);
  checkTests(open);
}
