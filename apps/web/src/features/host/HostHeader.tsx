import { useState } from 'preact/hooks';
import { retireHosts, setHostStatus } from '../../api/hosts.ts';
import { HOST_STATUSES, type Host, type HostStatus } from '../../api/types.ts';
import { ConfirmDialog } from '../../app/ConfirmDialog.tsx';
import { hostLabel, roleFullnames } from '../hosts/host-filter.ts';

/** Under the host's name: its id, roles and memo, with the status change and retirement. */
export function HostHeader(props: {
  host: Host;
  onChanged: () => void;
  onRetired: () => void;
  onError: (message: string) => void;
}) {
  const h = props.host;
  const [busy, setBusy] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const changeStatus = (status: HostStatus) => {
    setBusy(true);
    setHostStatus([h.id], status).then(
      () => {
        setBusy(false);
        props.onChanged();
      },
      (err: Error) => {
        setBusy(false);
        props.onError(err.message);
      },
    );
  };
  const retire = () => {
    setBusy(true);
    retireHosts([h.id]).then(props.onRetired, (err: Error) => {
      setBusy(false);
      setConfirming(false);
      props.onError(err.message);
    });
  };
  return (
    <div class="host-header">
      <p class="muted">
        {h.id}
        {h.displayName !== undefined && h.displayName !== '' && ` · ${h.name}`}
      </p>
      {roleFullnames(h).length > 0 && (
        <ul class="chips" aria-label="Roles">
          {roleFullnames(h).map((r) => (
            <li key={r} class="chip">
              {r}
            </li>
          ))}
        </ul>
      )}
      {h.memo !== '' && <p class="memo">{h.memo}</p>}
      {!h.isRetired && (
        <div class="host-actions">
          <label>
            <span>Status</span>
            <select
              value={h.status}
              disabled={busy}
              onChange={(e) => changeStatus(e.currentTarget.value as HostStatus)}
            >
              {HOST_STATUSES.map((s) => (
                <option key={s} value={s}>
                  {s}
                </option>
              ))}
            </select>
          </label>
          <button type="button" class="danger" disabled={busy} onClick={() => setConfirming(true)}>
            Retire…
          </button>
        </div>
      )}
      {confirming && (
        <ConfirmDialog
          title={`Retire ${hostLabel(h)}?`}
          confirmLabel="Retire host"
          danger
          busy={busy}
          onCancel={() => setConfirming(false)}
          onConfirm={retire}
        >
          <p>
            The host leaves the host list and its alerts close without a notification. This cannot be undone: to monitor
            the machine again, delete the agent's id file and restart it, which registers a new host.
          </p>
        </ConfirmDialog>
      )}
    </div>
  );
}
