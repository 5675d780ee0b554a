import type { JsonObject } from '@saba/model';
import type { ConfigurableType, MonitorConfig } from './config.ts';

/**
 * The organization's services and roles, for checking scopes and service names. Absent when a
 * stored monitor is loaded: references were checked when it was written, and a service deleted
 * since must not make it unreadable.
 */
export interface KindContext {
  hasService(service: string): boolean;
  hasRole(service: string, role: string): boolean;
  /** Now, in epoch seconds (a future `trainingPeriodFrom` is refused). */
  readonly now: number;
}

/** One monitor type: its schema (API in, API out) in one place (STYLE habit 6). */
export interface MonitorKind<C extends MonitorConfig = MonitorConfig> {
  readonly type: C['type'] & ConfigurableType;
  /**
   * Validates a create or PUT body (spec §8) into settings; BadDataError with a message naming the
   * field otherwise. On PUT, `previous` holds the stored settings: fields whose omission keeps
   * the stored value (connectivity `alertStatusOnGone`, external `headers`) are taken from it.
   */
  parse(input: JsonObject, ctx: KindContext | undefined, previous?: C): C;
  /** The settings as the API answers them, without `id`: every field Mackerel answers, absent ones left out. */
  toJson(config: C): JsonObject;
}
