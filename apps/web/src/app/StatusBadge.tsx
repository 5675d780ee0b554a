import type { AlertStatus, HostStatus } from '../api/types.ts';

// A status shows a shape and its name beside its colour, so it reads without telling colours apart.
const HOST_SHAPES: Record<HostStatus, string> = {
  working: 'circle',
  standby: 'ring',
  maintenance: 'triangle',
  poweroff: 'square',
};
const ALERT_SHAPES: Record<AlertStatus, string> = {
  OK: 'circle',
  WARNING: 'triangle',
  CRITICAL: 'diamond',
  UNKNOWN: 'ring',
};

/** A host status: shape, colour and name. */
export function HostStatusBadge({ status }: { status: HostStatus }) {
  return (
    <span class={`badge host-${status}`}>
      <span class={`shape shape-${HOST_SHAPES[status]}`} aria-hidden="true" />
      {status}
    </span>
  );
}

/** An alert status: shape, colour and name. */
export function AlertStatusBadge({ status }: { status: AlertStatus }) {
  return (
    <span class={`badge alert-${status.toLowerCase()}`}>
      <span class={`shape shape-${ALERT_SHAPES[status]}`} aria-hidden="true" />
      {status}
    </span>
  );
}
