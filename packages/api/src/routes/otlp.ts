// OTLP/HTTP metrics at POST /v1/metrics (docs/otlp.md). Answers as the OTLP spec asks, so that
// senders retry what they should: 200 with ExportMetricsServiceResponse (partial_success when
// points were refused); 400 (not retried) for a malformed body; 429/503 (retried) when storage
// cannot take the write now. Bodies, errors included (google.rpc.Status), are in the request's
// encoding: protobuf or JSON.
import type { IncomingHttpHeaders } from 'node:http';
import { encodingOf, exportResponse, MAX_OTLP_SENT_BYTES, type OtlpAnswer, statusResponse } from '@saba/ingest';
import { BadDataError } from '@saba/model';
import type { ApiDeps } from '../deps.ts';
import type { Reply, Route } from '../http/route.ts';

function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const v = headers[name];
  return Array.isArray(v) ? v[0] : v;
}

function reply(a: OtlpAnswer): Reply {
  return { bytes: a.body, headers: { 'content-type': a.contentType } };
}

/** An error as google.rpc.Status in the request's encoding. */
function statusReply(status: number, message: string, headers: IncomingHttpHeaders): Reply {
  return reply(statusResponse(encodingOf(header(headers, 'content-type')), status, message));
}

/** The OTLP/HTTP metrics receiver: one route, any API key with write permission. */
export function otlpRoutes(deps: ApiDeps): Route[] {
  return [
    {
      method: 'POST',
      path: '/v1/metrics',
      access: 'write',
      name: 'otlp.metrics',
      maxBodyBytes: MAX_OTLP_SENT_BYTES,
      parseJson: false,
      // Mackerel's OTLP header is Mackerel-Api-Key; SDKs and the Collector can send any of them.
      senderKeyHeaders: true,
      errorReply: statusReply,
      handler: async ({ principal, rawBody, headers }) => {
        const contentType = header(headers, 'content-type');
        const encoding = encodingOf(contentType);
        if (encoding === undefined) {
          throw new BadDataError(
            `Content-Type ${JSON.stringify(contentType ?? '')} is not supported: send application/x-protobuf or application/json`,
          );
        }
        const r = await deps.otlp.post(principal.orgId, rawBody, encoding, header(headers, 'content-encoding'));
        return reply(exportResponse(encoding, r.rejected, r.message));
      },
    },
  ];
}
