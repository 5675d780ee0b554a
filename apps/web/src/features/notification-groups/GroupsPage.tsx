import { useEffect, useState } from 'preact/hooks';
import { listServices } from '../../api/hosts.ts';
import {
  type Channel,
  deleteGroup,
  listChannels,
  listGroups,
  listMonitors,
  type MonitorSummary,
  type NotificationGroup,
} from '../../api/notifications.ts';
import type { Service } from '../../api/types.ts';
import { ConfirmDialog } from '../../app/ConfirmDialog.tsx';
import { Link } from '../../app/Link.tsx';
import { GroupForm } from './GroupForm.tsx';
import { type GroupNode, groupTree } from './group-tree.ts';

interface Loaded {
  readonly groups: NotificationGroup[];
  readonly channels: Channel[];
  readonly services: Service[];
  readonly monitors: MonitorSummary[];
}

/** A labelled list of chips, left out when empty. */
function Named(props: { label: string; items: readonly string[] }) {
  if (props.items.length === 0) return null;
  return (
    <div class="group-named">
      <span class="muted">{props.label}:</span>
      <ul class="chips">
        {props.items.map((t) => (
          <li key={t} class="chip">
            {t}
          </li>
        ))}
      </ul>
    </div>
  );
}

/** One group of the tree and, nested, its child groups. */
function GroupItem(props: {
  node: GroupNode;
  data: Loaded;
  onEdit: (g: NotificationGroup) => void;
  onDelete: (g: NotificationGroup) => void;
}) {
  const { group: g, children, repeat } = props.node;
  const channelName = new Map(props.data.channels.map((c) => [c.id, c.name]));
  const monitorName = new Map(props.data.monitors.map((m) => [m.id, m.name]));
  if (repeat) {
    return (
      <li class="group-node repeat" data-group={g.id}>
        <span>{g.name}</span> <span class="muted">(shown above)</span>
      </li>
    );
  }
  const isDefault = g.type === 'group-default';
  return (
    <li class="group-node" data-group={g.id}>
      <div class="group-card">
        <div class="group-head">
          <h2 class="group-name">{g.name}</h2>
          {isDefault && <span class="chip">Default: receives everything</span>}
          <span class="chip">{g.notificationLevel === 'critical' ? 'Critical only' : 'Every status'}</span>
        </div>
        <Named label="Channels" items={g.childChannelIds.map((id) => channelName.get(id) ?? id)} />
        <Named label="Services" items={g.services.map((s) => s.name)} />
        <Named
          label="Monitors"
          items={g.monitors.map((m) => `${monitorName.get(m.id) ?? m.id}${m.skipDefault ? ' (only here)' : ''}`)}
        />
        {g.childChannelIds.length === 0 && g.childNotificationGroupIds.length === 0 && (
          <p class="muted">Sends to no channel.</p>
        )}
        <div class="row-actions">
          <button type="button" onClick={() => props.onEdit(g)} aria-label={`Edit ${g.name}`}>
            Edit
          </button>
          {!isDefault && (
            <button type="button" class="danger" onClick={() => props.onDelete(g)} aria-label={`Delete ${g.name}…`}>
              Delete…
            </button>
          )}
        </div>
      </div>
      {children.length > 0 && (
        <ul class="group-tree" aria-label={`Child groups of ${g.name}`}>
          {children.map((c) => (
            <GroupItem key={c.group.id} node={c} data={props.data} onEdit={props.onEdit} onDelete={props.onDelete} />
          ))}
        </ul>
      )}
    </li>
  );
}

/** The notification groups page: the routing tree, default group first; create, edit and delete. */
export function GroupsPage() {
  const [data, setData] = useState<Loaded | undefined>(undefined);
  // undefined: no form; null: a new group; a group: editing it.
  const [editing, setEditing] = useState<NotificationGroup | null | undefined>(undefined);
  const [deleting, setDeleting] = useState<NotificationGroup | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  const [notice, setNotice] = useState('');
  const [reload, setReload] = useState(0);
  useEffect(() => {
    document.title = 'Notification groups · Saba';
  }, []);
  useEffect(() => {
    const ac = new AbortController();
    Promise.all([
      listGroups(ac.signal),
      listChannels(ac.signal),
      listServices(ac.signal),
      listMonitors(ac.signal),
    ]).then(
      ([groups, channels, services, monitors]) => {
        setData({ groups, channels, services, monitors });
        setError('');
      },
      (err: Error) => {
        if (!ac.signal.aborted) setError(err.message);
      },
    );
    return () => ac.abort();
  }, [reload]);
  const remove = (g: NotificationGroup) => {
    setBusy(true);
    deleteGroup(g.id).then(
      () => {
        setBusy(false);
        setDeleting(undefined);
        setNotice(`Deleted ${g.name}.`);
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
    <section class="page groups-page">
      <div class="page-head">
        <h1 tabIndex={-1}>Notification groups</h1>
        {editing === undefined && data !== undefined && (
          <button type="button" class="primary" onClick={() => setEditing(null)}>
            New group
          </button>
        )}
      </div>
      <p class="muted">
        A group receives the notifications of the services and monitors it names and passes them to its{' '}
        <Link href="/channels">channels</Link> and child groups. The default group receives everything.
      </p>
      {editing !== undefined && data !== undefined && (
        <GroupForm
          key={editing?.id ?? 'new'}
          {...(editing !== null ? { group: editing } : {})}
          groups={data.groups}
          channels={data.channels}
          services={data.services}
          monitors={data.monitors}
          onCancel={() => setEditing(undefined)}
          onSaved={(g) => {
            setEditing(undefined);
            setNotice(editing === null ? `Created ${g.name}.` : `Saved ${g.name}.`);
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
        {data === undefined ? 'Loading groups…' : `${data.groups.length} group${data.groups.length === 1 ? '' : 's'}.`}
        {notice !== '' && ` ${notice}`}
      </p>
      {data !== undefined && (
        <ul class="group-tree root" aria-label="Routing tree">
          {groupTree(data.groups).map((n) => (
            <GroupItem key={n.group.id} node={n} data={data} onEdit={setEditing} onDelete={setDeleting} />
          ))}
        </ul>
      )}
      {deleting !== undefined && (
        <ConfirmDialog
          title={`Delete ${deleting.name}?`}
          confirmLabel="Delete group"
          danger
          busy={busy}
          onCancel={() => setDeleting(undefined)}
          onConfirm={() => remove(deleting)}
        >
          <p>
            Its parents stop passing notifications through it; its channels are kept, and the default group still
            receives everything.
          </p>
        </ConfirmDialog>
      )}
    </section>
  );
}
