// One line of `saba alerts list`, in mkr's layout:
//   <id> <openedAt> <STATUS> <monitor name> [<metric> <value> <op> <threshold>] [<host> <hostStatus> [svc:roles]]
// with the time in ISO 8601 extended (spec §7) and colours only when asked for.
import type { Host, JsonObject } from '@saba/client';
import { isoExtended } from '../../iso-time.ts';

const RESET = '\u001b[0m';
const paint = (code: number, text: string): string => `\u001b[${code}m${text}${RESET}`;

/** The alert with its host and monitor, either of which may be unknown (deleted, or a service alert). */
export interface JoinedAlert {
  readonly alert: JsonObject;
  readonly host: Host | undefined;
  readonly monitor: JsonObject | undefined;
}

const num = (v: unknown): string => (typeof v === 'number' ? v.toFixed(2) : String(v));

function thresholdText(alert: JsonObject, m: JsonObject, subject: string): string {
  const value = num(alert.value);
  const limit = alert.status === 'CRITICAL' ? m.critical : alert.status === 'WARNING' ? m.warning : undefined;
  if (typeof limit === 'number') return `${subject} ${value} ${String(m.operator)} ${num(limit)}`;
  return `${subject} ${value}`;
}

// An expression on one line, the way mkr shows it: newlines and their indentation become one space.
function oneLine(expr: string): string {
  return expr
    .replace(/\s*[\r\n]+\s*/g, ' ')
    .trim()
    .replaceAll('( ', '(')
    .replaceAll(' )', ')');
}

function monitorText(alert: JsonObject, m: JsonObject): string {
  let detail = '';
  const status = alert.status;
  switch (m.type) {
    case 'host':
      detail = thresholdText(alert, m, String(m.metric));
      break;
    case 'service':
      detail = thresholdText(alert, m, `${String(m.service)} ${String(m.metric)}`);
      break;
    case 'external': {
      const httpStatus = /^[2345]\d\d$/.test(String(alert.message ?? ''));
      const value = num(alert.value);
      const message = String(alert.message ?? '');
      const limit = status === 'CRITICAL' ? m.responseTimeCritical : m.responseTimeWarning;
      if (status === 'CRITICAL' || status === 'WARNING') {
        const prefix = status === 'CRITICAL' ? `${String(m.url)} ` : '';
        detail =
          httpStatus && typeof limit === 'number'
            ? `${prefix}${value} > ${num(limit)} msec, status:${message}`
            : `${prefix}${value} msec, ${message}`;
      } else {
        detail = `${value} msec, status:${message}`;
      }
      break;
    }
    case 'expression': {
      const expr = oneLine(String(m.expression ?? ''));
      detail = status === 'UNKNOWN' ? expr : thresholdText(alert, m, expr);
      break;
    }
    case 'connectivity':
    case 'anomalyDetection':
      break;
    default:
      detail = String(m.type);
  }
  return detail === '' ? String(m.name) : `${String(m.name)} ${detail}`;
}

// A check's message, first line only, at most 100 characters, "..." when cut (mkr's formatCheckMessage).
function checkText(message: string): string {
  let text = message;
  let cut = false;
  const nl = text.search(/[\r\n]/);
  if (nl !== -1) {
    text = text.slice(0, nl);
    cut = true;
  }
  const chars = [...text];
  if (chars.length > 100) {
    text = chars.slice(0, 100).join('');
    cut = true;
  }
  return cut ? `${text}...` : text;
}

const STATUS_COLOUR: Readonly<Record<string, number>> = { CRITICAL: 31, WARNING: 33, OK: 32 };
const HOST_COLOUR: Readonly<Record<string, number>> = { working: 34, standby: 32, maintenance: 33 };

function hostText(host: Host, colour: boolean): string {
  let status: string = host.isRetired ? 'retired' : host.status;
  const code = HOST_COLOUR[status];
  if (colour && code !== undefined) status = paint(code, status);
  const roles = Object.keys(host.roles ?? {})
    .sort()
    .map((svc) => `${svc}:${(host.roles[svc] ?? []).join(',')}`);
  return ` ${host.name} ${status} [${roles.join(', ')}]`;
}

/** The line for one alert; `colour` paints the status (and the host status) as mkr does on a terminal. */
export function alertLine({ alert, host, monitor }: JoinedAlert, colour: boolean): string {
  let monitorMsg = monitor === undefined ? '' : monitorText(alert, monitor);
  if (alert.type === 'check') monitorMsg = checkText(String(alert.message ?? ''));
  let status = String(alert.status);
  if (colour) {
    // mkr pads the coloured status with a space inside the colour.
    const code = STATUS_COLOUR[status];
    status = code === undefined ? `${status} ` : paint(code, `${status} `);
  }
  const opened = isoExtended(Number(alert.openedAt));
  return `${String(alert.id)} ${opened} ${status} ${monitorMsg}${host === undefined ? '' : hostText(host, colour)}`;
}
