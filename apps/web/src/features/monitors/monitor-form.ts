// The monitor forms: which fields each kind's form offers, how form values become the API body and
// back, and the check the browser runs before sending. The check is the monitor kinds' own parse
// (packages/monitor/src/kinds, pure modules bundled into the UI, ~8 KB gzipped), so the form and
// the API refuse the same bodies with the same words (STYLE habit 6); the server checks again.
import { BadDataError } from '../../../../../packages/model/src/errors.ts';
import { RATE_METRICS } from '../../../../../packages/monitor/src/judge/rate-metrics.ts';
import { parseMonitor } from '../../../../../packages/monitor/src/kinds/registry.ts';

/** The host monitors' percentage pseudo-metrics (cpu%, memory%, ...), offered before the hosts' metric names. */
export const RATE_METRIC_NAMES: readonly string[] = [...RATE_METRICS.keys()];

/** How a field is entered. */
export type FieldInput =
  | 'text'
  | 'textarea'
  | 'number'
  | 'select'
  | 'checkbox'
  | 'scopes'
  | 'roles'
  | 'service'
  | 'metric'
  | 'headers'
  | 'datetime';

/** One field of a monitor form: the API field it fills, its label and how it is entered. */
export interface FormField {
  readonly key: string;
  readonly label: string;
  readonly input: FieldInput;
  /** The API refuses the monitor without it. */
  readonly required?: boolean;
  /** Choices of a select; '' is "not set". */
  readonly options?: readonly string[];
  readonly hint?: string;
  /** Offered when editing only (anomaly detection's retraining start cannot be set on create). */
  readonly editOnly?: boolean;
}

/** The monitor types the forms create, in the order of spec §8.2. */
export const MONITOR_TYPES = [
  'host',
  'connectivity',
  'service',
  'external',
  'expression',
  'anomalyDetection',
  'query',
] as const;

/** One monitor type the forms create. */
export type FormType = (typeof MONITOR_TYPES)[number];

/** What each type is called on the page. */
export const TYPE_LABELS: Readonly<Record<FormType, string>> = {
  host: 'Host metric',
  connectivity: 'Connectivity',
  service: 'Service metric',
  external: 'External HTTP',
  expression: 'Expression',
  anomalyDetection: 'Anomaly detection for roles',
  query: 'Query (PromQL)',
};

const name = (required: boolean): FormField => ({ key: 'name', label: 'Name', input: 'text', required });
const COMMON_TAIL: readonly FormField[] = [
  {
    key: 'memo',
    label: 'Memo',
    input: 'textarea',
    hint: 'Shown on alerts and in notifications; up to 2,048 characters.',
  },
  {
    key: 'notificationInterval',
    label: 'Re-notify every (minutes)',
    input: 'number',
    hint: 'At least 10; empty: notify once per status change.',
  },
  { key: 'isMute', label: 'Muted (alerts open, nothing is notified)', input: 'checkbox' },
];
const THRESHOLDS: readonly FormField[] = [
  { key: 'operator', label: 'Alert when the value is', input: 'select', required: true, options: ['>', '<'] },
  { key: 'warning', label: 'Warning threshold', input: 'number' },
  { key: 'critical', label: 'Critical threshold', input: 'number' },
];
const ATTEMPTS: FormField = {
  key: 'maxCheckAttempts',
  label: 'Alert after this many failed checks',
  input: 'number',
  hint: '1–10',
};
const SCOPES: readonly FormField[] = [
  { key: 'scopes', label: 'Only hosts in', input: 'scopes', hint: 'None ticked: every host.' },
  { key: 'excludeScopes', label: 'Except hosts in', input: 'scopes' },
];
const SENSITIVITY = ['', 'insensitive', 'normal', 'sensitive'] as const;

/** The fields of each type's form, in the order they are shown. */
export const FORM_FIELDS: Readonly<Record<FormType, readonly FormField[]>> = {
  host: [
    name(true),
    {
      key: 'metric',
      label: 'Metric',
      input: 'metric',
      required: true,
      hint: 'A host metric, or cpu%, memory%, disk%, swap% (thresholds in percent). It cannot be changed later.',
    },
    ...THRESHOLDS,
    { key: 'duration', label: 'Average of the latest points', input: 'number', required: true, hint: '1–10' },
    ATTEMPTS,
    ...SCOPES,
    ...COMMON_TAIL,
  ],
  connectivity: [
    name(false),
    {
      key: 'alertStatusOnGone',
      label: 'Status when a host stops posting',
      input: 'select',
      options: ['CRITICAL', 'WARNING'],
    },
    ...SCOPES,
    ...COMMON_TAIL,
  ],
  service: [
    name(true),
    { key: 'service', label: 'Service', input: 'service', required: true },
    { key: 'metric', label: 'Service metric', input: 'text', required: true },
    ...THRESHOLDS,
    { key: 'duration', label: 'Average of the latest points', input: 'number', required: true, hint: '1–10' },
    ATTEMPTS,
    {
      key: 'missingDurationWarning',
      label: 'Warn after no posts for (minutes)',
      input: 'number',
      hint: 'A multiple of 10, up to a week.',
    },
    { key: 'missingDurationCritical', label: 'Critical after no posts for (minutes)', input: 'number' },
    ...COMMON_TAIL,
  ],
  external: [
    name(true),
    { key: 'url', label: 'URL', input: 'text', required: true },
    { key: 'method', label: 'Method', input: 'select', options: ['GET', 'POST', 'PUT', 'DELETE'] },
    {
      key: 'service',
      label: 'Service (for the response time)',
      input: 'service',
      hint: 'Needed for response-time thresholds.',
    },
    { key: 'responseTimeWarning', label: 'Response time warning (ms)', input: 'number' },
    { key: 'responseTimeCritical', label: 'Response time critical (ms)', input: 'number' },
    { key: 'responseTimeDuration', label: 'Response time averaged over (minutes)', input: 'number', hint: '1–10' },
    { key: 'containsString', label: 'The body must contain', input: 'text' },
    { key: 'expectedStatusCode', label: 'Expected status code', input: 'number', hint: 'Empty: any 2xx or 3xx.' },
    ATTEMPTS,
    { key: 'certificationExpirationWarning', label: 'Certificate expiry warning (days left)', input: 'number' },
    { key: 'certificationExpirationCritical', label: 'Certificate expiry critical (days left)', input: 'number' },
    { key: 'skipCertificateVerification', label: 'Skip certificate verification', input: 'checkbox' },
    { key: 'followRedirect', label: 'Follow redirects', input: 'checkbox' },
    { key: 'headers', label: 'Request headers', input: 'headers', hint: 'One "Name: value" a line.' },
    { key: 'requestBody', label: 'Request body', input: 'textarea' },
    { key: 'dualstack', label: 'IP version', input: 'select', options: ['', 'ipv4', 'ipv6', 'auto'] },
    ...COMMON_TAIL,
  ],
  expression: [
    name(true),
    {
      key: 'expression',
      label: 'Expression',
      input: 'textarea',
      required: true,
      hint: 'A graph expression giving one series, e.g. max(role(shop:web, loadavg5)).',
    },
    ...THRESHOLDS,
    { key: 'evaluateBackwardMinutes', label: 'Judge the value from minutes ago', input: 'number', hint: '2–10' },
    ...COMMON_TAIL,
  ],
  anomalyDetection: [
    name(true),
    { key: 'scopes', label: 'Roles', input: 'roles', required: true },
    { key: 'warningSensitivity', label: 'Warning sensitivity', input: 'select', options: SENSITIVITY },
    { key: 'criticalSensitivity', label: 'Critical sensitivity', input: 'select', options: SENSITIVITY },
    ATTEMPTS,
    {
      key: 'trainingPeriodFrom',
      label: 'Retrain from',
      input: 'datetime',
      editOnly: true,
      hint: 'Retrains the model on data since then.',
    },
    ...COMMON_TAIL,
  ],
  query: [
    name(true),
    { key: 'query', label: 'PromQL query', input: 'textarea', required: true },
    { key: 'legend', label: 'Legend', input: 'text', hint: '{{label}} is replaced by the series label.' },
    ...THRESHOLDS,
    { key: 'evaluateBackwardMinutes', label: 'Judge the value from minutes ago', input: 'number', hint: '0–10' },
    ...COMMON_TAIL,
  ],
};

/** A form field's value: text for text, numbers, selects and dates; a flag; a list of scopes. */
export type FieldValue = string | boolean | readonly string[];

/** The values of a form, by API field. */
export type FormValues = Readonly<Record<string, FieldValue>>;

/** Whether `t` is a type the forms create. */
export function isFormType(t: string): t is FormType {
  return (MONITOR_TYPES as readonly string[]).includes(t);
}

/** The fields of a form: create forms leave out edit-only ones. */
export function formFields(type: FormType, editing: boolean): readonly FormField[] {
  return FORM_FIELDS[type].filter((f) => editing || f.editOnly !== true);
}

/** A new monitor's starting values: what the API would default to, and a threshold comparison of `>`. */
export function newFormValues(type: FormType): FormValues {
  const out: Record<string, FieldValue> = {};
  for (const f of FORM_FIELDS[type]) out[f.key] = emptyValue(f);
  if ('operator' in out) out.operator = '>';
  if ('duration' in out) out.duration = '1';
  if ('maxCheckAttempts' in out) out.maxCheckAttempts = type === 'anomalyDetection' ? '3' : '1';
  if (type === 'connectivity') out.alertStatusOnGone = 'CRITICAL';
  if (type === 'external') out.method = 'GET';
  return out;
}

function emptyValue(f: FormField): FieldValue {
  if (f.input === 'checkbox') return false;
  if (f.input === 'scopes' || f.input === 'roles') return [];
  return '';
}

/** `2026-11-21T09:30` in the browser's zone, as a datetime-local input shows epoch seconds. */
export function localInput(epochSec: number): string {
  const d = new Date(epochSec * 1000);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}`;
}

/** Epoch seconds of a datetime-local value in the browser's zone; NaN when it is not one. */
export function fromLocalInput(value: string): number {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/.test(value)) return Number.NaN;
  return Math.floor(new Date(value).getTime() / 1000);
}

/** "Name: value" lines as header objects; a line without a colon keeps it all as the name, which the schema refuses. */
function headerList(text: string): Array<{ name: string; value: string }> {
  return text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '')
    .map((l) => {
      const at = l.indexOf(':');
      return at < 0 ? { name: l, value: '' } : { name: l.slice(0, at).trim(), value: l.slice(at + 1).trim() };
    });
}

/**
 * The API body of a form. Empty fields are left out, so the schema says which are required; a
 * number that does not read as one is sent as text, so the schema names the field. `previous`
 * (editing) makes emptied headers `[]`: left out, the API would keep the stored ones (spec §8.1).
 */
export function formBody(
  type: FormType,
  values: FormValues,
  previous?: { readonly [k: string]: unknown },
): Record<string, unknown> {
  const body: Record<string, unknown> = { type };
  for (const f of formFields(type, previous !== undefined)) {
    const v = values[f.key];
    if (v === undefined) continue;
    if (f.input === 'checkbox') {
      body[f.key] = v === true;
    } else if (Array.isArray(v)) {
      // Scopes are sent even when empty: a PUT without them resets them anyway (spec §8.1).
      body[f.key] = [...v];
    } else if (typeof v === 'string') {
      const s = f.input === 'textarea' || f.input === 'headers' ? v : v.trim();
      if (f.input === 'headers') {
        const list = headerList(s);
        if (list.length > 0 || Array.isArray(previous?.headers)) body[f.key] = list;
      } else if (s === '') {
        // Left out: "not set".
      } else if (f.input === 'number') {
        const n = Number(s);
        body[f.key] = Number.isFinite(n) ? n : s;
      } else if (f.input === 'datetime') {
        const n = fromLocalInput(s);
        body[f.key] = Number.isNaN(n) ? s : n;
      } else {
        body[f.key] = s;
      }
    }
  }
  return body;
}

/** A stored monitor's form values (the way back from its API JSON). */
export function formValues(m: { readonly type: string; readonly [k: string]: unknown }): FormValues {
  if (!isFormType(m.type)) return {};
  const out: Record<string, FieldValue> = { ...newFormValues(m.type) };
  for (const f of FORM_FIELDS[m.type]) {
    const v = m[f.key];
    if (v === undefined || v === null) {
      // Absent in the API answer means not set; selects with no '' choice keep their default.
      if (f.input !== 'select' || f.options?.includes('') === true) out[f.key] = emptyValue(f);
      continue;
    }
    if (f.input === 'checkbox') out[f.key] = v === true;
    else if (f.input === 'scopes' || f.input === 'roles')
      out[f.key] = Array.isArray(v) ? v.filter((s) => typeof s === 'string') : [];
    else if (f.input === 'headers')
      out[f.key] = Array.isArray(v)
        ? (v as Array<{ name: string; value: string }>).map((h) => `${h.name}: ${h.value}`).join('\n')
        : '';
    else if (f.input === 'datetime') out[f.key] = typeof v === 'number' ? localInput(v) : '';
    else out[f.key] = String(v);
  }
  return out;
}

/** The organization's services and roles as the schema asks about them. */
export interface ServiceRoles {
  readonly name: string;
  readonly roles: readonly string[];
}

/**
 * The schema's verdict on a body: null when the API would take it, else the BadDataError's
 * message the API would answer. `previous` is the stored monitor when editing.
 */
export function checkMonitor(
  body: Readonly<Record<string, unknown>>,
  services: readonly ServiceRoles[],
  nowSec: number,
  previous?: { readonly [k: string]: unknown },
): string | null {
  const roles = new Map(services.map((s) => [s.name, new Set(s.roles)]));
  const ctx = {
    hasService: (s: string) => roles.has(s),
    hasRole: (s: string, r: string) => roles.get(s)?.has(r) === true,
    now: nowSec,
  };
  try {
    // The stored settings load as the server loads them: without checking references.
    const prev = previous === undefined ? undefined : parseMonitor(previous, undefined);
    parseMonitor(body, ctx, prev);
    return null;
  } catch (err) {
    if (err instanceof BadDataError) return err.message;
    throw err;
  }
}
