import assert from 'node:assert/strict';
import { test } from 'node:test';
import { BadDataError, type JsonObject } from '@saba/model';
import type { ChannelCommon, ChannelKind } from '../channels/kind.ts';
import { parseChannel } from '../channels/registry.ts';

/** One schema table row: a body and either the settings it gives (those keys only) or a piece of the 400 message. */
export interface ChannelRow<C extends ChannelCommon> {
  readonly name: string;
  readonly input: JsonObject;
  readonly want?: Partial<C>;
  readonly err?: string;
}

/**
 * One test per row, through parseChannel as the API calls it. Every row that parses is also sent
 * through toJson and parsed back, as a stored channel is loaded, and must come back equal.
 */
export function runChannelRows<C extends ChannelCommon>(kind: ChannelKind<C>, rows: readonly ChannelRow<C>[]): void {
  for (const row of rows) {
    test(`${kind.type} schema: ${row.name}`, () => {
      const parse = () => parseChannel(row.input) as unknown as C;
      if (row.err !== undefined) {
        assert.throws(parse, (e: unknown) => {
          assert.ok(e instanceof BadDataError, `not a BadDataError: ${String(e)}`);
          assert.ok(e.message.includes(row.err as string), `message "${e.message}" lacks "${row.err}"`);
          return true;
        });
        return;
      }
      const got = parse();
      for (const [k, v] of Object.entries(row.want ?? {})) assert.deepEqual(got[k as keyof C], v, `field ${k}`);
      const json = kind.toJson(got);
      assert.equal(json.id, undefined, 'toJson must leave "id" to the caller');
      assert.deepEqual(kind.parse(json), got, 'round trip through toJson');
    });
  }
}
