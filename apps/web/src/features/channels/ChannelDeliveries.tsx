import { useEffect, useState } from 'preact/hooks';
import { type Delivery, listDeliveries } from '../../api/notifications.ts';
import { Link } from '../../app/Link.tsx';
import { AlertStatusBadge } from '../../app/StatusBadge.tsx';
import { deliveriesSummary, deliveryAbout, deliveryState } from './delivery-view.ts';

/** How many of a channel's deliveries the list shows: the API's default page. */
const SHOWN = 50;

const formatTime = (d: Date) => d.toLocaleString();

function When({ sec }: { sec: number }) {
  const d = new Date(sec * 1000);
  return <time dateTime={d.toISOString()}>{formatTime(d)}</time>;
}

/** One delivery; each cell holds one element or text, so at phone width it sits beside its label (channels.css). */
function DeliveryRow({ d }: { d: Delivery }) {
  const about = deliveryAbout(d.event);
  const state = deliveryState(d, formatTime);
  return (
    <tr data-delivery={d.id}>
      <td data-label="When">
        <When sec={d.createdAt} />
      </td>
      <td data-label="What">
        <div>
          <span class="delivery-what">
            {about.what}
            {about.alertStatus !== null && <AlertStatusBadge status={about.alertStatus} />}
          </span>
          {about.subject !== '' && (
            <span class="delivery-subject">
              {about.href !== null ? <Link href={about.href}>{about.subject}</Link> : about.subject}
            </span>
          )}
        </div>
      </td>
      <td data-label="Status">
        <div>
          <span class={`badge delivery-${state.tone}`}>
            <span class={`shape shape-${state.shape}`} aria-hidden="true" />
            {state.label}
          </span>
          {state.note !== '' && <span class="delivery-note">{state.note}</span>}
        </div>
      </td>
      <td data-label="Attempts" class="num">
        {d.attempts}
      </td>
      <td data-label="Last error" class="delivery-error">
        {d.lastError ?? '—'}
      </td>
    </tr>
  );
}

/** A channel's recent deliveries, newest first: when, what about, where each stands, and the last error. */
export function ChannelDeliveries(props: { channelId: string; channelName: string; id: string }) {
  const [list, setList] = useState<Delivery[] | undefined>(undefined);
  const [error, setError] = useState('');
  const [reload, setReload] = useState(0);
  useEffect(() => {
    const ac = new AbortController();
    listDeliveries(props.channelId, SHOWN, ac.signal).then(
      (l) => {
        setList(l);
        setError('');
      },
      (err: Error) => {
        if (!ac.signal.aborted) setError(err.message);
      },
    );
    return () => ac.abort();
  }, [props.channelId, reload]);
  return (
    <section class="deliveries" id={props.id} aria-label={`Recent deliveries of ${props.channelName}`}>
      <div class="deliveries-head">
        <p class="deliveries-summary" aria-live="polite">
          {list === undefined ? (error === '' ? 'Loading deliveries…' : '') : deliveriesSummary(list)}
        </p>
        <button type="button" onClick={() => setReload((r) => r + 1)}>
          Refresh
        </button>
      </div>
      {error !== '' && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      {list !== undefined && list.length > 0 && (
        <table class="deliveries-table">
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">What</th>
              <th scope="col">Status</th>
              <th scope="col" class="num">
                Attempts
              </th>
              <th scope="col">Last error</th>
            </tr>
          </thead>
          <tbody>
            {list.map((d) => (
              <DeliveryRow key={d.id} d={d} />
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
