// `type: email` (spec api §11.1, features §4.3): a plain-text mail through the server's SMTP
// relay, with the link to the alert, the host or service, the memo and the value vs threshold.
// It goes to the listed `emails` and to the organization's users in `userIds`, whose addresses
// are looked up when the mail is sent (SendDeps.userEmails), so a changed address is followed.
import { asciiLower, BadDataError, type JsonObject, stringArray } from '@saba/model';
import { createTransport } from 'nodemailer';
import type {
  AlertGroupNotification,
  AlertNotification,
  HostNotification,
  MonitorNotification,
  Notification,
} from '../notification.ts';
import { alertGroupTitle, alertMessage, alertTitle, isoTime, rolesText } from '../payload/alert-text.ts';
import { eventUrl, hostEventTitle, hostLabel, hostRolesText, monitorEventTitle } from '../payload/event-text.ts';
import { alertGroupUrl, alertUrl, graphUrl } from '../payload/links.ts';
import { IDEMPOTENCY_HEADER } from '../send/post-json.ts';
import { permanent, retryable, SENT } from '../send/result.ts';
import { parseEvents, parseName, takesEvent } from './fields.ts';
import type { ChannelCommon, ChannelKind, SendDeps, SendResult } from './kind.ts';

/** An email channel's settings. */
export interface EmailChannel extends ChannelCommon {
  readonly type: 'email';
  readonly emails: readonly string[];
  /**
   * Ids of the organization's users, kept exactly as given (the API checks that each is a user of
   * the organization); their addresses are looked up at send time.
   */
  readonly userIds: readonly string[];
}

/**
 * An address as a relay takes it: local@domain, no spaces, quotes, brackets or commas (which
 * would let one field name several recipients). Deliberately narrower than RFC 5322.
 */
const EMAIL =
  /^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*$/;

/**
 * Most recipients of one channel, addresses and users together: one mail goes to all of them, and
 * relays cap RCPT at about 100.
 */
const MAX_RECIPIENTS = 100;

function parseEmails(o: JsonObject): string[] {
  const emails = stringArray(o, 'emails');
  for (const [i, e] of emails.entries()) {
    if (e.length > 254 || !EMAIL.test(e)) throw new BadDataError(`"emails"[${i}] is not a valid email address: "${e}"`);
  }
  if (emails.length > MAX_RECIPIENTS) throw new BadDataError(`"emails" has more than ${MAX_RECIPIENTS} addresses`);
  return [...new Set(emails)];
}

/**
 * Who a mail goes to now: `emails`, then the current address of each user in `userIds` (a user
 * who is gone is skipped), each address once, compared ASCII case-insensitively. Rejects when the
 * users cannot be looked up.
 */
export async function emailRecipients(c: EmailChannel, deps: SendDeps): Promise<string[]> {
  const users = c.userIds.length === 0 || deps.userEmails === undefined ? [] : await deps.userEmails(c.userIds);
  const seen = new Set<string>();
  const out: string[] = [];
  for (const e of [...c.emails, ...users]) {
    const k = asciiLower(e);
    if (seen.has(k)) continue;
    seen.add(k);
    out.push(e);
  }
  return out;
}

/** The first line of a notification's mail, and its subject after `[Saba] `. */
function titleOf(n: Notification): string {
  if (n.event === 'alert') return alertTitle(n);
  if (n.event === 'alertGroup') return alertGroupTitle(n);
  return n.event === 'monitor' ? monitorEventTitle(n) : hostEventTitle(n);
}

/** The mail's subject: `[Saba] CRITICAL loadavg5 on host-1`, `[Saba] Host host-1 retired`. */
export function emailSubject(n: Notification): string {
  return `[Saba] ${titleOf(n)}`;
}

function line(label: string, value: string): string[] {
  return value === '' ? [] : [`${label}: ${value}`];
}

/** The plain-text body of an alert mail. */
export function emailAlertText(n: AlertNotification): string {
  const { alert, monitor, host, service } = n;
  return [
    alertTitle(n),
    '',
    ...line('Message', alertMessage(n)),
    ...line('Alert', alertUrl(n)),
    ...line('Host', host === null ? '' : (host.displayName ?? host.name)),
    ...line('Service', service?.name ?? ''),
    ...line('Roles', rolesText(n)),
    ...line('Graphs', graphUrl(n) ?? ''),
    ...line('Monitor', monitor.name),
    ...line('Opened at', isoTime(alert.openedAt)),
    ...line('Closed at', alert.closedAt === null ? '' : isoTime(alert.closedAt)),
    ...line('Reason', alert.reason ?? ''),
    ...line('Organization', n.orgName),
    ...(monitor.memo === '' ? [] : ['', 'Memo:', monitor.memo]),
    '',
  ].join('\n');
}

/** The plain-text body of an alert-group mail. */
export function emailAlertGroupText(n: AlertGroupNotification): string {
  const g = n.group;
  return [
    alertGroupTitle(n),
    '',
    ...line('Alert group', alertGroupUrl(n)),
    ...line('Opened at', isoTime(g.openedAt)),
    ...line('Closed at', g.closedAt === null ? '' : isoTime(g.closedAt)),
    ...line('Organization', n.orgName),
    ...(n.setting.memo === '' ? [] : ['', 'Memo:', n.setting.memo]),
    '',
  ].join('\n');
}

/** The plain-text body of a host or monitor mail: the title, the page, what it is, and its memo. */
export function emailEventText(n: HostNotification | MonitorNotification): string {
  const memo = n.event === 'monitor' ? n.monitor.memo : n.host.memo;
  const facts =
    n.event === 'monitor'
      ? [...line('Monitor', eventUrl(n) ?? n.monitor.name), ...line('Type', n.monitor.type)]
      : [...line('Host', eventUrl(n) ?? hostLabel(n.host)), ...line('Roles', hostRolesText(n.host))];
  return [
    titleOf(n),
    '',
    ...facts,
    ...line('Organization', n.orgName),
    ...(memo === '' ? [] : ['', 'Memo:', memo]),
    '',
  ].join('\n');
}

/** The plain-text body of any notification's mail. */
export function emailText(n: Notification): string {
  if (n.event === 'alert') return emailAlertText(n);
  if (n.event === 'alertGroup') return emailAlertGroupText(n);
  return emailEventText(n);
}

/**
 * The Message-ID of a notification's mail: the idempotency key (base64url, so any key makes a
 * valid id) at the web UI's host, so a repeat carries the same Message-ID and can be dropped.
 */
export function emailMessageId(n: Notification): string {
  let host = 'saba.invalid';
  try {
    const h = new URL(n.baseUrl).hostname;
    if (/^[A-Za-z0-9.-]+$/.test(h)) host = h;
  } catch {
    // A malformed baseUrl only costs the Message-ID its domain.
  }
  return `<${Buffer.from(n.key).toString('base64url')}@${host}>`;
}

/** Error codes nodemailer gives without an SMTP reply that a retry would hit again. */
const PERMANENT_CODES = new Set([
  'EENVELOPE',
  'EMESSAGE',
  'EAUTH',
  'ENOAUTH',
  'ECONFIG',
  'EREQUIRETLS',
  'EMAXRECIPIENTS',
]);

/** SMTP replies 4xx are transient (retry), 5xx are refusals; no reply at all is a network error (retry). */
export function resultOfSmtpError(err: unknown): SendResult {
  const e = err as { responseCode?: unknown; code?: unknown; message?: unknown };
  const message = typeof e.message === 'string' ? e.message : String(err);
  if (typeof e.responseCode === 'number') {
    return e.responseCode >= 500 ? permanent(`SMTP ${message}`) : retryable(`SMTP ${message}`);
  }
  return typeof e.code === 'string' && PERMANENT_CODES.has(e.code) ? permanent(message) : retryable(message);
}

async function sendMail(c: EmailChannel, n: Notification, deps: SendDeps): Promise<SendResult> {
  const smtp = deps.smtp;
  if (smtp === undefined) return permanent('no SMTP server is configured: email cannot be sent');
  if (c.userIds.length > 0 && deps.userEmails === undefined) {
    return permanent('the addresses of "userIds" cannot be looked up here: email cannot be sent');
  }
  let to: string[];
  try {
    to = await emailRecipients(c, deps);
  } catch (err) {
    return retryable(`looking up the users' addresses failed: ${(err as Error).message}`);
  }
  if (to.length === 0) return permanent('no recipients: "emails" is empty and no user of "userIds" exists any more');
  // One connection per mail, closed after it (no pool): notifications are rare and relays drop idle sockets.
  const transport = createTransport({
    host: smtp.host,
    port: smtp.port,
    secure: smtp.secure,
    ...(smtp.user === undefined ? {} : { auth: { user: smtp.user, pass: smtp.pass ?? '' } }),
    connectionTimeout: deps.timeoutMs,
    greetingTimeout: deps.timeoutMs,
    socketTimeout: deps.timeoutMs,
    disableFileAccess: true,
    disableUrlAccess: true,
  });
  try {
    // Some rejected recipients with others accepted is still sent: a retry would repeat the mail
    // to those who have it, and a refused address is refused again.
    await transport.sendMail({
      from: smtp.from,
      to,
      subject: emailSubject(n),
      text: emailText(n),
      messageId: emailMessageId(n),
      headers: { [IDEMPOTENCY_HEADER]: n.key },
    });
    return SENT;
  } catch (err) {
    return resultOfSmtpError(err);
  } finally {
    transport.close();
  }
}

/** The email channel type. */
export const emailKind: ChannelKind<EmailChannel> = {
  type: 'email',
  parse(o) {
    const emails = parseEmails(o);
    const userIds = stringArray(o, 'userIds');
    // Spec features §4.3: "chosen addresses and/or organization users", so one of them at least.
    if (emails.length === 0 && userIds.length === 0) {
      throw new BadDataError('"emails" must list at least one address, or "userIds" one user');
    }
    if (emails.length + userIds.length > MAX_RECIPIENTS) {
      throw new BadDataError(`"emails" and "userIds" together name more than ${MAX_RECIPIENTS} recipients`);
    }
    return { type: 'email', name: parseName(o), emails, userIds, events: parseEvents(o) };
  },
  toJson(c) {
    return { type: c.type, name: c.name, emails: c.emails, userIds: c.userIds, events: c.events };
  },
  accepts(c, n) {
    return takesEvent(c.events, n);
  },
  send: sendMail,
};
