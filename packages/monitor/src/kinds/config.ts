import type { AlertStatus, MonitorType } from '@saba/model';

/** `>` or `<`: the value is on the left, the threshold on the right (spec §8.2). */
export type Operator = '>' | '<';

/** Fields every monitor has (spec §8.2). */
export interface MonitorCommon {
  readonly name: string;
  /** '' when none; ≤ 2048 characters. */
  readonly memo: string;
  /** Minutes between re-notifications (≥ 10); null: never re-notify. */
  readonly notificationInterval: number | null;
  readonly isMute: boolean;
}

/** A scope: a whole service, or one role of it. */
export interface Scope {
  readonly service: string;
  /** Absent: every role of the service. */
  readonly role?: string;
}

/** Thresholds of a metric monitor; a monitor may have one of them or both. */
export interface Thresholds {
  readonly operator: Operator;
  readonly warning: number | null;
  readonly critical: number | null;
}

/** `type: host` (spec §8.3). */
export interface HostMonitor extends MonitorCommon, Thresholds {
  readonly type: 'host';
  /** A host metric name, or a rate pseudo-metric: cpu%, memory%, disk%, swap%, container-cpu%, container-memory%. */
  readonly metric: string;
  /** How many latest points are averaged, 1–10. */
  readonly duration: number;
  readonly maxCheckAttempts: number;
  readonly scopes: readonly Scope[];
  readonly excludeScopes: readonly Scope[];
}

/** `type: connectivity`. */
export interface ConnectivityMonitor extends MonitorCommon {
  readonly type: 'connectivity';
  readonly alertStatusOnGone: 'CRITICAL' | 'WARNING';
  readonly scopes: readonly Scope[];
  readonly excludeScopes: readonly Scope[];
}

/** `type: service`. */
export interface ServiceMonitor extends MonitorCommon, Thresholds {
  readonly type: 'service';
  readonly service: string;
  readonly metric: string;
  readonly duration: number;
  readonly maxCheckAttempts: number;
  /** Minutes without a post before WARNING / CRITICAL; multiples of 10, ≤ 1 week; null: off. */
  readonly missingDurationWarning: number | null;
  readonly missingDurationCritical: number | null;
}

/** One request header of an external monitor. */
export interface HeaderField {
  readonly name: string;
  readonly value: string;
}

/** `type: external` (HTTP). */
export interface ExternalMonitor extends MonitorCommon {
  readonly type: 'external';
  readonly url: string;
  readonly method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** Where the response time is posted as a service metric; required for response-time thresholds. */
  readonly service: string | null;
  readonly responseTimeWarning: number | null;
  readonly responseTimeCritical: number | null;
  readonly responseTimeDuration: number | null;
  readonly containsString: string | null;
  readonly maxCheckAttempts: number;
  readonly certificationExpirationWarning: number | null;
  readonly certificationExpirationCritical: number | null;
  readonly skipCertificateVerification: boolean;
  /** null: none given (the checker's default headers); [] sends none. */
  readonly headers: readonly HeaderField[] | null;
  readonly requestBody: string | null;
  readonly expectedStatusCode: number | null;
  readonly followRedirect: boolean;
  readonly dualstack: 'ipv4' | 'ipv6' | 'auto' | null;
}

/** `type: expression`. */
export interface ExpressionMonitor extends MonitorCommon, Thresholds {
  readonly type: 'expression';
  readonly expression: string;
  /** 2–10, default 2: the value judged is this many minutes old. */
  readonly evaluateBackwardMinutes: number;
}

/** Sensitivity of an anomaly-detection monitor. */
export type Sensitivity = 'insensitive' | 'normal' | 'sensitive';

/** `type: anomalyDetection` (stored and validated here; evaluated in its own issue). */
export interface AnomalyDetectionMonitor extends MonitorCommon {
  readonly type: 'anomalyDetection';
  /** Role scopes (`Service:role`). */
  readonly scopes: readonly Scope[];
  readonly warningSensitivity: Sensitivity | null;
  readonly criticalSensitivity: Sensitivity | null;
  readonly maxCheckAttempts: number;
  readonly trainingPeriodFrom: number | null;
}

/** `type: query` (stored and validated here; evaluated in its own issue). */
export interface QueryMonitor extends MonitorCommon, Thresholds {
  readonly type: 'query';
  readonly query: string;
  readonly legend: string;
  /** 0–10, default 0. */
  readonly evaluateBackwardMinutes: number;
}

/** A monitor's settings, by type, as the API takes and answers them. */
export type MonitorConfig =
  | HostMonitor
  | ConnectivityMonitor
  | ServiceMonitor
  | ExternalMonitor
  | ExpressionMonitor
  | AnomalyDetectionMonitor
  | QueryMonitor;

/** Settings of one type with the monitor's id. */
export type WithId<C extends MonitorConfig> = C & { readonly id: string };

/** A monitor with its id. */
export type Monitor = MonitorConfig & { readonly id: string };

/** The monitor types the API creates (check monitors come from agents' reports). */
export type ConfigurableType = Exclude<MonitorType, 'check'>;

/** What an evaluation concluded for one target. */
export interface Observation {
  readonly status: AlertStatus;
  /** The judged value, when there is one. */
  readonly value: number | null;
  /** Check and external monitors' text. */
  readonly message: string | null;
}
