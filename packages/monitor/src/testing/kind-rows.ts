import assert from 'node:assert/strict';
import { test } from 'node:test';
import { BadDataError, type JsonObject } from '@saba/model';
import type { MonitorConfig } from '../kinds/config.ts';
import type { KindContext, MonitorKind } from '../kinds/kind.ts';

/** The `now` of kindContext unless given: 2023-11-14T22:13:20Z. */
export const TEST_NOW = 1_700_000_000;

/** A KindContext over a literal list of services and their roles: a plain value, not a fake of a real part. */
export function kindContext(services: Readonly<Record<string, readonly string[]>>, now = TEST_NOW): KindContext {
  return {
    hasService: (s) => Object.hasOwn(services, s),
    hasRole: (s, r) => Object.hasOwn(services, s) && (services[s] ?? []).includes(r),
    now,
  };
}

/** One table row: a body and either the settings it gives (those keys only) or a piece of the 400 message. */
export interface KindRow<C extends MonitorConfig> {
  readonly name: string;
  readonly input: JsonObject;
  readonly want?: Partial<C>;
  readonly err?: string;
  /** The stored settings, for a PUT row. */
  readonly previous?: C;
  /** Parse without a context, as a stored monitor is loaded. */
  readonly noContext?: boolean;
}

/**
 * One test per row. Every row that parses is also sent through toJson and parsed back without a
 * context, as a stored monitor is loaded, and must come back equal.
 */
export function runKindRows<C extends MonitorConfig>(
  kind: MonitorKind<C>,
  ctx: KindContext,
  rows: readonly KindRow<C>[],
): void {
  for (const row of rows) {
    test(`${kind.type}: ${row.name}`, () => {
      const parse = () => kind.parse(row.input, row.noContext ? undefined : ctx, row.previous);
      if (row.err !== undefined) {
        assert.throws(parse, (e: unknown) => {
          assert.ok(e instanceof BadDataError, `not a BadDataError: ${String(e)}`);
          assert.ok(e.message.includes(row.err as string), `message "${e.message}" lacks "${row.err}"`);
          return true;
        });
        return;
      }
      const got = parse();
      for (const [k, v] of Object.entries(row.want ?? {})) {
        assert.deepEqual(got[k as keyof C], v, `field ${k}`);
      }
      const json = kind.toJson(got);
      assert.equal(json.id, undefined, 'toJson must leave "id" to the caller');
      assert.deepEqual(kind.parse(json, undefined), got, 'round trip through toJson');
    });
  }
}
