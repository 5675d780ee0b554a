import type { FullAlert } from '../../api/alerts.ts';
import { Link } from '../../app/Link.tsx';
import { AlertStatusBadge } from '../../app/StatusBadge.tsx';
import { alertDuration, targetText, valueText } from './alert-view.ts';
import { type AlertNames, monitorName, monitorService } from './use-alert-names.tsx';

function When({ sec }: { sec: number }) {
  const d = new Date(sec * 1000);
  return <time dateTime={d.toISOString()}>{d.toLocaleString()}</time>;
}

/** Alerts as a table: status, monitor (the link to the alert), target, value, opened, duration; closed ones add when and why. */
export function AlertTable(props: {
  alerts: readonly FullAlert[];
  names: AlertNames;
  closed: boolean;
  nowSec: number;
  fresh?: ReadonlySet<string>;
}) {
  const { names } = props;
  return (
    <div class="table-wrap">
      <table class="alerts-table">
        <thead>
          <tr>
            <th scope="col">Status</th>
            <th scope="col">Monitor</th>
            <th scope="col">Host or service</th>
            <th scope="col" class="col-optional">
              Value or message
            </th>
            <th scope="col" class="col-optional">
              Opened
            </th>
            <th scope="col">{props.closed ? 'Lasted' : 'For'}</th>
            {props.closed && (
              <th scope="col" class="col-optional">
                Closed, reason
              </th>
            )}
          </tr>
        </thead>
        <tbody>
          {props.alerts.map((a) => {
            const target = targetText(a, names.hosts, monitorService(names, a.monitorId));
            return (
              <tr key={a.id} class={props.fresh?.has(a.id) ? 'fresh' : undefined} data-alert={a.id}>
                <td>
                  {props.closed && a.closedAt !== undefined ? (
                    <span class="badge closed">
                      <span class="shape shape-square" aria-hidden="true" />
                      closed
                    </span>
                  ) : (
                    <AlertStatusBadge status={a.status} />
                  )}
                </td>
                <th scope="row">
                  <Link href={`/alerts/${encodeURIComponent(a.id)}`} class="alert-link">
                    {monitorName(names, a.monitorId)}
                  </Link>
                  <span class="muted type-name"> {a.type}</span>
                </th>
                <td class="target">
                  {a.hostId !== undefined ? (
                    <Link href={`/hosts/${encodeURIComponent(a.hostId)}`}>{target}</Link>
                  ) : (
                    target
                  )}
                </td>
                <td class="col-optional value">{valueText(a)}</td>
                <td class="col-optional">
                  <When sec={a.openedAt} />
                </td>
                <td class="num">{alertDuration(a, props.nowSec)}</td>
                {props.closed && (
                  <td class="col-optional">
                    {a.closedAt !== undefined && <When sec={a.closedAt} />}
                    {a.reason !== undefined && <span class="reason">{a.reason}</span>}
                  </td>
                )}
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
