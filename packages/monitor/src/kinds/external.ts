import { BadDataError, type JsonObject, optionalNumber } from '@saba/model';
import type { ExternalMonitor, HeaderField } from './config.ts';
import {
  checkServiceExists,
  commonJson,
  optionalBoolean,
  optionalChoice,
  optionalText,
  optionalWhole,
  parseCommon,
  parseMaxCheckAttempts,
  requiredText,
  withoutNulls,
} from './fields.ts';
import type { MonitorKind } from './kind.ts';

/** An HTTP header name: an RFC 9110 token. */
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/** A header value may not break the request line: no CR, LF or NUL. */
const HEADER_VALUE_FORBIDDEN = /[\r\n\0]/;

/** The URL: http or https, parseable; kept as given so the API answers what it was sent. */
function parseUrl(o: JsonObject): { url: string; https: boolean } {
  const url = requiredText(o, 'url');
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new BadDataError(`"url" "${url}" is not a valid URL`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new BadDataError(`"url" must be http or https, got "${parsed.protocol.slice(0, -1)}"`);
  }
  return { url, https: parsed.protocol === 'https:' };
}

/** Headers: undefined when absent or null (the caller decides what that keeps), else each checked. */
function parseHeaders(o: JsonObject): HeaderField[] | undefined {
  const v = o.headers;
  if (v === undefined || v === null) return undefined;
  if (!Array.isArray(v)) throw new BadDataError('"headers" must be an array of {"name", "value"}');
  return v.map((h: unknown, i) => {
    const where = `"headers"[${i}]`;
    if (typeof h !== 'object' || h === null || Array.isArray(h)) {
      throw new BadDataError(`${where} must be an object {"name", "value"}`);
    }
    const { name, value } = h as JsonObject;
    if (typeof name !== 'string' || !HEADER_NAME.test(name)) {
      throw new BadDataError(`${where}.name must be an HTTP header name, got ${JSON.stringify(name)}`);
    }
    if (typeof value !== 'string') throw new BadDataError(`${where}.value must be a string`);
    if (HEADER_VALUE_FORBIDDEN.test(value)) {
      throw new BadDataError(`${where}.value must not contain line breaks or NUL`);
    }
    return { name, value };
  });
}

/** A response-time threshold in ms: a number ≥ 0, null when absent. */
function parseMillis(o: JsonObject, field: string): number | null {
  const v = optionalNumber(o, field);
  if (v === undefined) return null;
  if (v < 0) throw new BadDataError(`"${field}" must be ≥ 0 milliseconds, got ${v}`);
  return v;
}

/** `type: external`: an HTTP check run every minute. */
export const externalKind: MonitorKind<ExternalMonitor> = {
  type: 'external',
  parse(o, ctx, previous) {
    const common = parseCommon(o);
    const { url, https } = parseUrl(o);
    const service = optionalText(o, 'service');
    if (service !== null) checkServiceExists(service, 'service', ctx);

    const responseTimeWarning = parseMillis(o, 'responseTimeWarning');
    const responseTimeCritical = parseMillis(o, 'responseTimeCritical');
    const responseTimeDuration = optionalWhole(o, 'responseTimeDuration', 1, 10) ?? null;
    const timed = responseTimeWarning !== null || responseTimeCritical !== null;
    // The response time is posted as a service metric, so it needs a service to go to (spec features §2.6).
    if (service === null && (timed || responseTimeDuration !== null)) {
      throw new BadDataError(
        '"service" is required with "responseTimeWarning", "responseTimeCritical" or "responseTimeDuration"',
      );
    }
    if (timed && responseTimeDuration === null) {
      throw new BadDataError('"responseTimeDuration" (1–10 minutes) is required with a response-time threshold');
    }

    const certificationExpirationWarning =
      optionalWhole(o, 'certificationExpirationWarning', 0, Number.MAX_SAFE_INTEGER) ?? null;
    const certificationExpirationCritical =
      optionalWhole(o, 'certificationExpirationCritical', 0, Number.MAX_SAFE_INTEGER) ?? null;
    if (!https && (certificationExpirationWarning !== null || certificationExpirationCritical !== null)) {
      throw new BadDataError(
        '"certificationExpirationWarning" and "certificationExpirationCritical" need an https "url"',
      );
    }

    // Omitted or null headers keep the stored ones on PUT; [] clears them (spec §8.1, Go client's note).
    const headers = parseHeaders(o) ?? previous?.headers ?? null;
    return {
      type: 'external',
      ...common,
      url,
      method: optionalChoice(o, 'method', ['GET', 'POST', 'PUT', 'DELETE'] as const) ?? 'GET',
      service,
      responseTimeWarning,
      responseTimeCritical,
      responseTimeDuration,
      containsString: optionalText(o, 'containsString'),
      maxCheckAttempts: parseMaxCheckAttempts(o, 1),
      certificationExpirationWarning,
      certificationExpirationCritical,
      skipCertificateVerification: optionalBoolean(o, 'skipCertificateVerification') ?? false,
      headers,
      requestBody: optionalText(o, 'requestBody'),
      expectedStatusCode: optionalWhole(o, 'expectedStatusCode', 100, 599) ?? null,
      followRedirect: optionalBoolean(o, 'followRedirect') ?? false,
      dualstack: optionalChoice(o, 'dualstack', ['ipv4', 'ipv6', 'auto'] as const) ?? null,
    };
  },
  toJson(c) {
    return withoutNulls({
      ...commonJson(c.type, c),
      url: c.url,
      method: c.method,
      service: c.service,
      responseTimeWarning: c.responseTimeWarning,
      responseTimeCritical: c.responseTimeCritical,
      responseTimeDuration: c.responseTimeDuration,
      containsString: c.containsString,
      maxCheckAttempts: c.maxCheckAttempts,
      certificationExpirationWarning: c.certificationExpirationWarning,
      certificationExpirationCritical: c.certificationExpirationCritical,
      skipCertificateVerification: c.skipCertificateVerification,
      // null (never given) is left out rather than answered as []: [] would mean "send no headers" when read back.
      headers: c.headers,
      requestBody: c.requestBody,
      expectedStatusCode: c.expectedStatusCode,
      followRedirect: c.followRedirect,
      dualstack: c.dualstack,
    });
  },
};
