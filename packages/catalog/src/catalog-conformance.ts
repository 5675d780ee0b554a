import { alertClosingTests } from './conformance/alert-closing.ts';
import { alertGroupTests } from './conformance/alert-groups.ts';
import { alertListTests } from './conformance/alert-lists.ts';
import { alertTests } from './conformance/alerts.ts';
import { checkTests } from './conformance/checks.ts';
import { dashboardTests } from './conformance/dashboards.ts';
import { docTests } from './conformance/docs.ts';
import { droppedCheckTests } from './conformance/dropped-checks.ts';
import type { OpenCatalog } from './conformance/fixture.ts';
import { graphAnnotationTests } from './conformance/graph-annotations.ts';
import { graphDefTests } from './conformance/graph-defs.ts';
import { hostWriteTests } from './conformance/host-writes.ts';
import { hostTests } from './conformance/hosts.ts';
import { metadataTests } from './conformance/metadata.ts';
import { monitorCleanupTests } from './conformance/monitor-cleanup.ts';
import { monitorTests } from './conformance/monitors.ts';
import { orgTests } from './conformance/orgs.ts';
import { outboxTests } from './conformance/outbox.ts';
import { serviceCleanupTests } from './conformance/service-cleanup.ts';
import { serviceTests } from './conformance/services.ts';
import { userTests } from './conformance/users.ts';

/**
 * Registers the behaviour every Catalog driver must share (node:test). `open` gives a fresh,
 * empty catalog per test; its close() must also clean up what the driver created.
 */
export function catalogConformance(open: OpenCatalog): void {
  orgTests(open);
  hostTests(open);
  hostWriteTests(open);
  serviceTests(open);
  serviceCleanupTests(open);
  metadataTests(open);
  graphDefTests(open);
  graphAnnotationTests(open);
  checkTests(open);
  alertGroupTests(open);
  outboxTests(open);
  monitorTests(open);
  monitorCleanupTests(open);
  alertTests(open);
  alertListTests(open);
  alertClosingTests(open);
  droppedCheckTests(open);
  docTests(open);
  userTests(open);
  dashboardTests(open);
}
