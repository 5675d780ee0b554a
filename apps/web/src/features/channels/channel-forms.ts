// The channel form of each type, described once: which fields it offers, which are required, how
// its values become the API's body and back. The schemas themselves (packages/notify/src/channels)
// cannot run in the browser: the registry pulls in the email channel's SMTP client. So this
// description is tested against them instead (channel-forms.test.ts): every field it offers is
// accepted and round-trips, every field it marks required is required there, and nothing more.
import type { Channel } from '../../api/notifications.ts';
import type { OrgUser } from '../../api/settings.ts';

/** The channel types the forms offer: Mackerel's three first, then Saba's. */
export const CHANNEL_TYPES = ['webhook', 'slack', 'email', 'microsoft-teams', 'pagerduty', 'oncall-webhook'] as const;

/** One channel type. */
export type ChannelType = (typeof CHANNEL_TYPES)[number];

/** The events a channel can take (spec api §11.1), in the spec's order, with what each means. */
export const EVENT_LABELS: ReadonlyArray<readonly [string, string]> = [
  ['alert', 'Alerts'],
  ['alertGroup', 'Alert groups'],
  ['hostStatus', 'Host status changes'],
  ['hostRegister', 'Hosts registered'],
  ['hostRetire', 'Hosts retired'],
  ['monitor', 'Monitor changes'],
];

/** How a field is edited; `users` ticks users of the organization (their ids). */
export type FieldKind = 'text' | 'url' | 'emails' | 'users' | 'events' | 'checkbox' | 'level' | 'secret';

/** One field of a form; `key` is the body's field, or `mentions.<status>` for Slack's mentions. */
export interface FormField {
  readonly key: string;
  readonly label: string;
  readonly kind: FieldKind;
  readonly required: boolean;
  readonly hint?: string;
}

/** A form's values by field key: text, a checkbox, or the chosen events or user ids. */
export type FormValues = Readonly<Record<string, string | boolean | readonly string[]>>;

/** Fields none of which is required alone, but one of which must be filled; the problem shows at the first. */
export interface OneOf {
  readonly keys: readonly string[];
  readonly message: string;
}

/** One type's form. */
export interface ChannelForm {
  readonly label: string;
  readonly fields: readonly FormField[];
  readonly oneOf?: OneOf;
}

const NAME: FormField = { key: 'name', label: 'Name', kind: 'text', required: true };
const EVENTS: FormField = { key: 'events', label: 'Events', kind: 'events', required: false };
const GRAPH: FormField = {
  key: 'enabledGraphImage',
  label: 'Graph image',
  kind: 'checkbox',
  required: false,
  hint: 'Kept for Mackerel clients; Saba links to the graphs instead.',
};
const LEVEL: FormField = {
  key: 'level',
  label: 'Level',
  kind: 'level',
  required: false,
  hint: 'Critical only: no WARNING, and OK only for alerts that reached CRITICAL.',
};

function url(hint: string): FormField {
  return { key: 'url', label: 'URL', kind: 'url', required: true, hint };
}

/** Every type's form (docs/notifications.md gives each field's meaning). */
export const CHANNEL_FORMS: Readonly<Record<ChannelType, ChannelForm>> = {
  webhook: {
    label: 'Webhook',
    fields: [NAME, url('http or https; user:pass@ in it is sent as Basic auth.'), EVENTS, GRAPH],
  },
  slack: {
    label: 'Slack',
    fields: [
      NAME,
      url('The incoming-webhook URL.'),
      { key: 'mentions.ok', label: 'Mention on OK', kind: 'text', required: false },
      { key: 'mentions.warning', label: 'Mention on WARNING', kind: 'text', required: false },
      { key: 'mentions.critical', label: 'Mention on CRITICAL', kind: 'text', required: false, hint: 'e.g. <!here>' },
      EVENTS,
      GRAPH,
    ],
  },
  email: {
    label: 'Email',
    fields: [
      NAME,
      {
        key: 'emails',
        label: 'Addresses',
        kind: 'emails',
        required: false,
        hint: 'One per line, or separated by commas. Addresses, users or both: one at least.',
      },
      {
        key: 'userIds',
        label: 'Users',
        kind: 'users',
        required: false,
        hint: "Mail goes to each ticked user's address at the time it is sent.",
      },
      EVENTS,
    ],
    // Spec features §4.3: "chosen addresses and/or organization users".
    oneOf: { keys: ['emails', 'userIds'], message: 'Give at least one address or tick one user.' },
  },
  'microsoft-teams': {
    label: 'Microsoft Teams',
    fields: [NAME, url('The Workflows webhook URL.'), EVENTS],
  },
  pagerduty: {
    label: 'PagerDuty',
    fields: [
      NAME,
      {
        key: 'integrationKey',
        label: 'Integration key',
        kind: 'secret',
        required: true,
        hint: '32 letters and digits.',
      },
      LEVEL,
      {
        key: 'closeIncidentOnAlertClose',
        label: 'Resolve the incident when the alert closes',
        kind: 'checkbox',
        required: false,
      },
      {
        key: 'endpoint',
        label: 'Events API endpoint',
        kind: 'url',
        required: false,
        hint: "Empty for PagerDuty's own; another Events v2 receiver otherwise.",
      },
    ],
  },
  'oncall-webhook': {
    label: 'On-call webhook',
    fields: [NAME, url('Grafana OnCall or another on-call tool’s webhook.'), LEVEL],
  },
};

/** Whether `type` is one the forms offer (a channel of another type is shown but not edited). */
export function isChannelType(type: string): type is ChannelType {
  return (CHANNEL_TYPES as readonly string[]).includes(type);
}

/** A new channel's values: the schema's defaults (alerts only, every level, incidents resolved). */
export function emptyValues(type: ChannelType): FormValues {
  const out: Record<string, string | boolean | readonly string[]> = {};
  for (const f of CHANNEL_FORMS[type].fields) {
    if (f.kind === 'events') out[f.key] = ['alert'];
    else if (f.kind === 'users') out[f.key] = [];
    else if (f.kind === 'level') out[f.key] = 'all';
    else if (f.kind === 'checkbox') out[f.key] = f.key === 'closeIncidentOnAlertClose';
    else out[f.key] = '';
  }
  return out;
}

/** The form's values of a stored channel. */
export function valuesOf(c: Channel): FormValues {
  if (!isChannelType(c.type)) return {};
  const source = c as unknown as Readonly<Record<string, unknown>>;
  const out: Record<string, string | boolean | readonly string[]> = { ...emptyValues(c.type) };
  for (const f of CHANNEL_FORMS[c.type].fields) {
    const v = f.key.startsWith('mentions.')
      ? c.mentions?.[f.key.slice('mentions.'.length) as 'ok' | 'warning' | 'critical']
      : source[f.key];
    if (f.kind === 'emails' && Array.isArray(v)) out[f.key] = v.join('\n');
    else if ((f.kind === 'events' || f.kind === 'users') && Array.isArray(v)) out[f.key] = v as string[];
    else if (typeof v === 'string' || typeof v === 'boolean') out[f.key] = v;
  }
  return out;
}

/** The addresses of an emails field: split on commas, spaces and new lines. */
export function splitEmails(text: string): string[] {
  return text.split(/[\s,]+/).filter((e) => e !== '');
}

/** The body of `POST` or `PUT /api/v0/channels` for a form's values. */
export function channelBody(type: ChannelType, values: FormValues): Record<string, unknown> {
  const body: Record<string, unknown> = { type };
  const mentions: Record<string, string> = {};
  for (const f of CHANNEL_FORMS[type].fields) {
    const v = values[f.key];
    if (f.key.startsWith('mentions.')) {
      if (typeof v === 'string' && v !== '') mentions[f.key.slice('mentions.'.length)] = v;
    } else if (f.kind === 'emails') body[f.key] = splitEmails(typeof v === 'string' ? v : '');
    else if (f.kind === 'events' || f.kind === 'users') body[f.key] = Array.isArray(v) ? [...v] : [];
    else if (f.kind === 'checkbox') body[f.key] = v === true;
    // An empty optional URL is the schema's null (PagerDuty's own endpoint).
    else if (typeof v === 'string') body[f.key] = v === '' && !f.required ? null : v.trim();
  }
  if (type === 'slack') body.mentions = mentions;
  return body;
}

/** A field's problem, shown beside it. */
export interface FieldProblem {
  readonly key: string;
  readonly message: string;
}

/** Whether a field's value says nothing: blank text, no addresses, no events or users chosen. */
function isBlank(f: FormField, v: FormValues[string] | undefined): boolean {
  if (Array.isArray(v)) return v.length === 0;
  const text = typeof v === 'string' ? v.trim() : '';
  return f.kind === 'emails' ? splitEmails(text).length === 0 : text === '';
}

/**
 * What the browser can tell before asking the server: empty required fields (and a `oneOf` group
 * left wholly empty) and URLs that do not parse. Never stricter than the schema (tested); the
 * server's 400 message covers the rest.
 */
export function checkChannel(type: ChannelType, values: FormValues): FieldProblem[] {
  const out: FieldProblem[] = [];
  const { fields, oneOf } = CHANNEL_FORMS[type];
  for (const f of fields) {
    const v = values[f.key];
    const text = typeof v === 'string' ? v.trim() : '';
    if (f.required && isBlank(f, v)) {
      out.push({ key: f.key, message: `${f.label} is required.` });
    } else if (f.kind === 'url' && text !== '' && !isHttpUrl(text)) {
      out.push({ key: f.key, message: `${f.label} must be an http or https URL.` });
    } else if (oneOf !== undefined && f.key === oneOf.keys[0]) {
      const filled = fields.some((g) => oneOf.keys.includes(g.key) && !isBlank(g, values[g.key]));
      if (!filled) out.push({ key: f.key, message: oneOf.message });
    }
  }
  return out;
}

/** One checkbox of a users field: a user of the organization, or an id the channel names that is not (any more). */
export interface UserChoice {
  readonly id: string;
  readonly label: string;
}

/**
 * The checkboxes of a users field: the organization's users (screen name and email), then every
 * id the channel held when the form opened that is not among them, so saving keeps it unless it
 * is unticked. `users` undefined (not loaded) names those ids alone, without calling them unknown.
 */
export function userChoices(users: readonly OrgUser[] | undefined, held: readonly string[]): UserChoice[] {
  const listed = (users ?? []).map((u) => ({
    id: u.id,
    label: u.screenName === u.email || u.screenName === '' ? u.email : `${u.screenName} (${u.email})`,
  }));
  const known = new Set(listed.map((u) => u.id));
  const others = [...new Set(held)]
    .filter((id) => !known.has(id))
    .map((id) => ({ id, label: users === undefined ? `user ${id}` : `unknown user ${id}` }));
  return [...listed, ...others];
}

/** The ticked ids after ticking (at the end) or unticking `id`: the others keep their order. */
export function toggleId(chosen: readonly string[], id: string, on: boolean): string[] {
  if (on) return chosen.includes(id) ? [...chosen] : [...chosen, id];
  return chosen.filter((k) => k !== id);
}

function isHttpUrl(text: string): boolean {
  try {
    const u = new URL(text);
    return u.protocol === 'http:' || u.protocol === 'https:';
  } catch {
    return false;
  }
}
