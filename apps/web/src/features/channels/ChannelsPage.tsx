import { useEffect, useState } from 'preact/hooks';
import { type Channel, deleteChannel, listChannels, resumeChannel } from '../../api/notifications.ts';
import { ConfirmDialog } from '../../app/ConfirmDialog.tsx';
import { Link } from '../../app/Link.tsx';
import { ChannelDeliveries } from './ChannelDeliveries.tsx';
import { ChannelForm } from './ChannelForm.tsx';
import { isChannelType } from './channel-forms.ts';
import { channelState, eventsText, sortChannels, targetText, typeLabel } from './channel-view.ts';

const formatTime = (d: Date) => d.toLocaleString();

/** One channel: what it is, where it sends, what it takes, whether delivery suspended it, and its recent deliveries on demand. */
function ChannelRow(props: {
  channel: Channel;
  busy: boolean;
  onEdit: () => void;
  onDelete: () => void;
  onResume: () => void;
}) {
  const c = props.channel;
  const state = channelState(c, formatTime);
  const [showDeliveries, setShowDeliveries] = useState(false);
  const deliveriesId = `deliveries-${c.id}`;
  return (
    <li
      class={`channel${state.suspended ? ' suspended' : ''}${showDeliveries ? ' with-deliveries' : ''}`}
      data-channel={c.id}
    >
      <div class="channel-head">
        <h2 class="channel-name">{c.name}</h2>
        <span class="chip">{typeLabel(c.type)}</span>
      </div>
      <dl class="channel-facts">
        <dt>Sends to</dt>
        <dd>{targetText(c) || '—'}</dd>
        <dt>Events</dt>
        <dd>{eventsText(c)}</dd>
        <dt>State</dt>
        <dd>
          {state.suspended ? (
            <span class="badge channel-suspended">
              <span class="shape shape-triangle" aria-hidden="true" />
              {state.label}
            </span>
          ) : (
            <span class="badge channel-active">
              <span class="shape shape-circle" aria-hidden="true" />
              Active
            </span>
          )}
        </dd>
      </dl>
      {state.suspended && (
        <p class="suspended-note">
          Delivery failed for an hour, so nothing is sent to this channel; notifications wait. Fix the receiver, then
          resume: what waited is sent at once.
        </p>
      )}
      <div class="row-actions">
        {state.suspended && (
          <button type="button" class="primary" disabled={props.busy} onClick={props.onResume}>
            Resume
          </button>
        )}
        <button
          type="button"
          class="disclosure"
          aria-expanded={showDeliveries}
          aria-controls={showDeliveries ? deliveriesId : undefined}
          aria-label={`Recent deliveries of ${c.name}`}
          onClick={() => setShowDeliveries((s) => !s)}
        >
          Recent deliveries
        </button>
        {isChannelType(c.type) && (
          <button type="button" onClick={props.onEdit} aria-label={`Edit ${c.name}`}>
            Edit
          </button>
        )}
        <button type="button" class="danger" onClick={props.onDelete} aria-label={`Delete ${c.name}…`}>
          Delete…
        </button>
      </div>
      {showDeliveries && <ChannelDeliveries channelId={c.id} channelName={c.name} id={deliveriesId} />}
    </li>
  );
}

/** The channels page: every channel, suspended ones first with Resume; create, edit and delete. */
export function ChannelsPage() {
  const [channels, setChannels] = useState<Channel[] | undefined>(undefined);
  // undefined: no form; null: a new channel; a channel: editing it.
  const [editing, setEditing] = useState<Channel | null | undefined>(undefined);
  const [deleting, setDeleting] = useState<Channel | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  const [notice, setNotice] = useState('');
  const [reload, setReload] = useState(0);
  useEffect(() => {
    document.title = 'Channels · Saba';
  }, []);
  useEffect(() => {
    const ac = new AbortController();
    listChannels(ac.signal).then(
      (list) => {
        setChannels(sortChannels(list));
        setError('');
      },
      (err: Error) => {
        if (!ac.signal.aborted) setError(err.message);
      },
    );
    return () => ac.abort();
  }, [reload]);
  const run = (action: () => Promise<unknown>, done: string) => {
    setBusy(true);
    action().then(
      () => {
        setBusy(false);
        setDeleting(undefined);
        setNotice(done);
        setReload((r) => r + 1);
      },
      (err: Error) => {
        setBusy(false);
        setDeleting(undefined);
        setError(err.message);
      },
    );
  };
  return (
    <section class="page channels-page">
      <div class="page-head">
        <h1 tabIndex={-1}>Notification channels</h1>
        {editing === undefined && (
          <button type="button" class="primary" onClick={() => setEditing(null)}>
            New channel
          </button>
        )}
      </div>
      <p class="muted">
        Where notifications go. Which notifications reach a channel is decided by the{' '}
        <Link href="/notification-groups">notification groups</Link>.
      </p>
      {editing !== undefined && (
        <ChannelForm
          key={editing?.id ?? 'new'}
          {...(editing !== null ? { channel: editing } : {})}
          onCancel={() => setEditing(undefined)}
          onSaved={(c) => {
            setEditing(undefined);
            setNotice(editing === null ? `Created ${c.name}.` : `Saved ${c.name}.`);
            setReload((r) => r + 1);
          }}
        />
      )}
      {error !== '' && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      <p class="status-line" aria-live="polite">
        {channels === undefined
          ? 'Loading channels…'
          : `${channels.length} channel${channels.length === 1 ? '' : 's'}.`}
        {notice !== '' && ` ${notice}`}
      </p>
      {channels !== undefined && channels.length === 0 && (
        <p class="empty">No channels yet. Create one, and it joins the default notification group.</p>
      )}
      {channels !== undefined && channels.length > 0 && (
        <ul class="channel-list">
          {channels.map((c) => (
            <ChannelRow
              key={c.id}
              channel={c}
              busy={busy}
              onEdit={() => setEditing(c)}
              onDelete={() => setDeleting(c)}
              onResume={() => run(() => resumeChannel(c.id), `Resumed ${c.name}.`)}
            />
          ))}
        </ul>
      )}
      {deleting !== undefined && (
        <ConfirmDialog
          title={`Delete ${deleting.name}?`}
          confirmLabel="Delete channel"
          danger
          busy={busy}
          onCancel={() => setDeleting(undefined)}
          onConfirm={() => run(() => deleteChannel(deleting.id), `Deleted ${deleting.name}.`)}
        >
          <p>The channel leaves every notification group and receives nothing more. This cannot be undone.</p>
        </ConfirmDialog>
      )}
    </section>
  );
}
