export { HOST_LABEL, hostSeriesLabels, SERVICE_LABEL, serviceSeriesLabels } from '@saba/model';
export {
  DEFAULT_REF_CACHE_ENTRIES,
  type HostLookup,
  MackerelIngest,
  type MackerelIngestOptions,
  type StoredHostMetrics,
  type StoredServiceMetrics,
} from './mackerel/ingest.ts';
export { DEFAULT_MAX_ITEMS, MAX_METRIC_NAME_LENGTH, METRIC_NAME_PATTERN } from './mackerel/metric-value.ts';
export {
  encodeGrpcMessage,
  frameMessage,
  GRPC_ACCEPT_ENCODING,
  GRPC_STATUS,
  type GrpcCode,
  GrpcError,
  grpcCodecOf,
  grpcStatusOf,
  grpcTimeoutOf,
  METRICS_EXPORT_PATH,
  messageEncoding,
  type UnaryMessage,
  UnaryMessageReader,
} from './otlp/grpc.ts';
export {
  DEFAULT_OTLP_MAX_DECOMPRESSED,
  MAX_OTLP_SENT_BYTES,
  OtlpIngest,
  type OtlpIngestOptions,
  type OtlpResult,
} from './otlp/ingest.ts';
export { encodingOf, exportResponse, type OtlpAnswer, type OtlpEncoding, statusResponse } from './otlp/response.ts';
export {
  DEFAULT_MAX_DECODED_BYTES,
  RemoteWriteIngest,
  type RemoteWriteIngestOptions,
  type RemoteWriteResult,
} from './remote-write/ingest.ts';
