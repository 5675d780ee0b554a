// One line each for a monitor's target and its alert condition, as the monitor list shows them.

/** A monitor as the API answers it, the fields the summaries read. */
type MonitorLike = { readonly type: string; readonly [k: string]: unknown };

function list(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((s): s is string => typeof s === 'string') : [];
}

function scopeText(m: MonitorLike, everything: string): string {
  const scopes = list(m.scopes);
  const except = list(m.excludeScopes);
  const base = scopes.length === 0 ? everything : scopes.join(', ');
  return except.length === 0 ? base : `${base} except ${except.join(', ')}`;
}

/** What the monitor watches: metric and hosts, service metric, URL, expression, roles or query. */
export function targetSummary(m: MonitorLike): string {
  switch (m.type) {
    case 'host':
      return `${String(m.metric)} on ${scopeText(m, 'every host')}`;
    case 'connectivity':
      return scopeText(m, 'every host');
    case 'service':
      return `${String(m.service)}: ${String(m.metric)}`;
    case 'external':
      return `${String(m.method ?? 'GET')} ${String(m.url)}`;
    case 'expression':
      return String(m.expression);
    case 'anomalyDetection':
      return list(m.scopes).join(', ');
    case 'query':
      return String(m.query);
    default:
      return '';
  }
}

function thresholds(m: MonitorLike, unit = ''): string[] {
  const op = String(m.operator ?? '>');
  const out: string[] = [];
  if (typeof m.warning === 'number') out.push(`warning ${op} ${m.warning}${unit}`);
  if (typeof m.critical === 'number') out.push(`critical ${op} ${m.critical}${unit}`);
  return out;
}

/** When it alerts: thresholds (with the averaging), interruption windows, response and certificate limits. */
export function conditionSummary(m: MonitorLike): string {
  const parts: string[] = [];
  switch (m.type) {
    case 'host':
    case 'service': {
      const unit = m.type === 'host' && String(m.metric).endsWith('%') ? '%' : '';
      parts.push(...thresholds(m, unit));
      if (typeof m.duration === 'number' && m.duration > 1) parts.push(`average of ${m.duration} points`);
      if (typeof m.missingDurationWarning === 'number')
        parts.push(`warning after ${m.missingDurationWarning} min silent`);
      if (typeof m.missingDurationCritical === 'number')
        parts.push(`critical after ${m.missingDurationCritical} min silent`);
      break;
    }
    case 'connectivity':
      parts.push(`${String(m.alertStatusOnGone ?? 'CRITICAL')} when a host stops posting`);
      break;
    case 'external':
      parts.push(typeof m.expectedStatusCode === 'number' ? `status ${m.expectedStatusCode}` : 'status 2xx/3xx');
      if (typeof m.containsString === 'string') parts.push(`body contains "${m.containsString}"`);
      if (typeof m.responseTimeWarning === 'number') parts.push(`warning > ${m.responseTimeWarning} ms`);
      if (typeof m.responseTimeCritical === 'number') parts.push(`critical > ${m.responseTimeCritical} ms`);
      if (typeof m.certificationExpirationCritical === 'number')
        parts.push(`certificate < ${m.certificationExpirationCritical} days`);
      break;
    case 'expression':
    case 'query':
      parts.push(...thresholds(m));
      break;
    case 'anomalyDetection':
      if (typeof m.warningSensitivity === 'string') parts.push(`warning: ${m.warningSensitivity}`);
      if (typeof m.criticalSensitivity === 'string') parts.push(`critical: ${m.criticalSensitivity}`);
      break;
  }
  if (typeof m.maxCheckAttempts === 'number' && m.maxCheckAttempts > 1)
    parts.push(`after ${m.maxCheckAttempts} checks`);
  return parts.join(', ');
}
