import { useState } from 'preact/hooks';
import { retireHosts, setHostStatus } from '../../api/hosts.ts';
import { HOST_STATUSES, type HostStatus } from '../../api/types.ts';
import { ConfirmDialog } from '../../app/ConfirmDialog.tsx';

/** What to do with the selected hosts: set their status, or retire them after a confirmation. */
export function BulkActions(props: {
  ids: readonly string[];
  onDone: (message: string) => void;
  onError: (message: string) => void;
}) {
  const [status, setStatus] = useState<HostStatus>('working');
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const n = props.ids.length;
  const hosts = `${n} host${n === 1 ? '' : 's'}`;
  const run = (action: () => Promise<void>, done: string) => {
    setBusy(true);
    action().then(
      () => {
        setBusy(false);
        setConfirming(false);
        props.onDone(done);
      },
      (err: Error) => {
        setBusy(false);
        setConfirming(false);
        props.onError(err.message);
      },
    );
  };
  return (
    <fieldset class="bulk-actions">
      <legend class="visually-hidden">Selected hosts</legend>
      <span>{hosts} selected</span>
      <label>
        <span>Set status</span>
        <select value={status} onChange={(e) => setStatus(e.currentTarget.value as HostStatus)}>
          {HOST_STATUSES.map((s) => (
            <option key={s} value={s}>
              {s}
            </option>
          ))}
        </select>
      </label>
      <button
        type="button"
        disabled={busy}
        onClick={() => run(() => setHostStatus(props.ids, status), `Set ${hosts} to ${status}.`)}
      >
        Apply
      </button>
      <button type="button" class="danger" disabled={busy} onClick={() => setConfirming(true)}>
        Retire…
      </button>
      {confirming && (
        <ConfirmDialog
          title={`Retire ${hosts}?`}
          confirmLabel={`Retire ${hosts}`}
          danger
          busy={busy}
          onCancel={() => setConfirming(false)}
          onConfirm={() => run(() => retireHosts(props.ids), `Retired ${hosts}.`)}
        >
          <p>
            Retired hosts leave the host list and their alerts close. This cannot be undone: an agent on the machine
            registers it again as a new host only after its id file is deleted.
          </p>
        </ConfirmDialog>
      )}
    </fieldset>
  );
}
