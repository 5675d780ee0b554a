import { kindContext, runKindRows } from '../testing/kind-rows.ts';
import type { ExternalMonitor } from './config.ts';
import { externalKind } from './external.ts';

const ctx = kindContext({ web: ['app'] });
const base = { type: 'external', name: 'top page', url: 'https://example.com/' } as const;

const stored: ExternalMonitor = {
  type: 'external',
  name: 'top page',
  memo: '',
  notificationInterval: null,
  isMute: false,
  url: 'https://example.com/',
  method: 'GET',
  service: null,
  responseTimeWarning: null,
  responseTimeCritical: null,
  responseTimeDuration: null,
  containsString: null,
  maxCheckAttempts: 1,
  certificationExpirationWarning: null,
  certificationExpirationCritical: null,
  skipCertificateVerification: false,
  headers: [{ name: 'Authorization', value: 'Bearer t' }],
  requestBody: null,
  expectedStatusCode: null,
  followRedirect: false,
  dualstack: null,
};

runKindRows(externalKind, ctx, [
  {
    name: 'minimal, with defaults',
    input: base,
    want: { ...stored, headers: null },
  },
  {
    name: "the Go client's body: headers null, extra keys",
    input: { ...base, id: 'x', headers: null, memo: null, service: null, isMute: null },
    want: { headers: null, service: null, memo: '' },
  },
  {
    name: 'everything set',
    input: {
      ...base,
      method: 'POST',
      service: 'web',
      responseTimeWarning: 500,
      responseTimeCritical: 1500.5,
      responseTimeDuration: 5,
      containsString: 'ok',
      maxCheckAttempts: 3,
      certificationExpirationWarning: 30,
      certificationExpirationCritical: 0,
      skipCertificateVerification: true,
      headers: [{ name: 'X-Token', value: 'a b' }],
      requestBody: '{"q":1}',
      expectedStatusCode: 204,
      followRedirect: true,
      dualstack: 'auto',
    },
    want: {
      method: 'POST',
      service: 'web',
      responseTimeCritical: 1500.5,
      responseTimeDuration: 5,
      certificationExpirationCritical: 0,
      headers: [{ name: 'X-Token', value: 'a b' }],
      expectedStatusCode: 204,
      dualstack: 'auto',
    },
  },
  {
    name: 'http url',
    input: { ...base, url: 'http://127.0.0.1:8080/health' },
    want: { url: 'http://127.0.0.1:8080/health' },
  },
  {
    name: 'empty strings are none',
    input: { ...base, containsString: '', service: '' },
    want: { containsString: null, service: null },
  },
  { name: 'service alone is allowed', input: { ...base, service: 'web' }, want: { service: 'web' } },
  { name: 'headers [] is kept as []', input: { ...base, headers: [] }, want: { headers: [] } },
  { name: 'url missing', input: { type: 'external', name: 'x' }, err: '"url" is required' },
  { name: 'url unparseable', input: { ...base, url: 'example.com' }, err: '"url" "example.com" is not a valid URL' },
  { name: 'url ftp', input: { ...base, url: 'ftp://example.com/' }, err: '"url" must be http or https, got "ftp"' },
  { name: 'method unknown', input: { ...base, method: 'PATCH' }, err: '"method" must be one of' },
  { name: 'service unknown', input: { ...base, service: 'shop' }, err: 'service "shop" does not exist' },
  {
    name: 'response time without service',
    input: { ...base, responseTimeWarning: 100, responseTimeDuration: 3 },
    err: '"service" is required',
  },
  {
    name: 'responseTimeDuration without service',
    input: { ...base, responseTimeDuration: 3 },
    err: '"service" is required',
  },
  {
    name: 'response time without duration',
    input: { ...base, service: 'web', responseTimeCritical: 100 },
    err: '"responseTimeDuration"',
  },
  {
    name: 'responseTimeDuration 0',
    input: { ...base, service: 'web', responseTimeDuration: 0 },
    err: '"responseTimeDuration" must be',
  },
  {
    name: 'negative response time',
    input: { ...base, service: 'web', responseTimeWarning: -1, responseTimeDuration: 1 },
    err: '≥ 0',
  },
  {
    name: 'certificate days on http',
    input: { ...base, url: 'http://example.com/', certificationExpirationWarning: 7 },
    err: 'need an https "url"',
  },
  {
    name: 'certificate days fractional',
    input: { ...base, certificationExpirationWarning: 1.5 },
    err: '"certificationExpirationWarning"',
  },
  {
    name: 'expectedStatusCode 600',
    input: { ...base, expectedStatusCode: 600 },
    err: '"expectedStatusCode" must be a whole number 100–599',
  },
  { name: 'headers not an array', input: { ...base, headers: { a: 'b' } }, err: '"headers" must be an array' },
  { name: 'header not an object', input: { ...base, headers: ['X-A: b'] }, err: '"headers"[0] must be an object' },
  {
    name: 'header name with a space',
    input: { ...base, headers: [{ name: 'X A', value: 'b' }] },
    err: '"headers"[0].name',
  },
  {
    name: 'header value missing',
    input: { ...base, headers: [{ name: 'X-A' }] },
    err: '"headers"[0].value must be a string',
  },
  {
    name: 'header value with CRLF',
    input: { ...base, headers: [{ name: 'X-A', value: 'b\r\nX-B: c' }] },
    err: 'line breaks',
  },
  {
    name: 'followRedirect a string',
    input: { ...base, followRedirect: 'yes' },
    err: '"followRedirect" must be true or false',
  },
  { name: 'dualstack unknown', input: { ...base, dualstack: 'ipv5' }, err: '"dualstack" must be one of' },
  { name: 'requestBody a number', input: { ...base, requestBody: 1 }, err: '"requestBody" must be a string' },
  { name: 'PUT: omitted headers are kept', input: base, previous: stored, want: { headers: stored.headers } },
  {
    name: 'PUT: null headers are kept',
    input: { ...base, headers: null },
    previous: stored,
    want: { headers: stored.headers },
  },
  { name: 'PUT: [] clears the headers', input: { ...base, headers: [] }, previous: stored, want: { headers: [] } },
  {
    name: 'PUT: given headers replace the stored ones',
    input: { ...base, headers: [{ name: 'Accept', value: '*/*' }] },
    previous: stored,
    want: { headers: [{ name: 'Accept', value: '*/*' }] },
  },
]);
