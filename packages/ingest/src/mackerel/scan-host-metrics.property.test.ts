import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { looseBody, mutated, plainBody } from '../testing/json-text.ts';
import { assertSameMetrics } from '../testing/same-metrics.ts';
import { type HostMetrics, parseHostMetrics } from './parse-host-metrics.ts';
import { scanHostMetrics } from './scan-host-metrics.ts';

// The oracle is the slow path the server falls back to: JSON.parse of the UTF-8 text, then
// parseHostMetrics. It shares no code with the scanner.
const MAX_ITEMS = 8;

type Outcome = { parsed: HostMetrics } | { error: unknown };

function slowPath(bytes: Buffer): Outcome {
  try {
    return { parsed: parseHostMetrics(JSON.parse(bytes.toString('utf8')), MAX_ITEMS) };
  } catch (error) {
    return { error };
  }
}

/** The scanner answers as the slow path does, or leaves the body to it; it never throws. */
function agrees(text: string): { scanned: boolean; valid: boolean } {
  const bytes = Buffer.from(text, 'utf8');
  const got = scanHostMetrics(bytes, MAX_ITEMS);
  const want = slowPath(bytes);
  if ('error' in want) {
    assert.equal(got, undefined, `the slow path refuses ${JSON.stringify(text)} but the scanner read it`);
    return { scanned: false, valid: false };
  }
  if (got !== undefined) assertSameMetrics(got, want.parsed);
  return { scanned: got !== undefined, valid: true };
}

describe('scanHostMetrics against JSON.parse + parseHostMetrics', () => {
  it('reads every valid plain body, equal to the slow path value for value', () => {
    fc.assert(
      fc.property(plainBody, (text) => {
        const r = agrees(text);
        // A plain body is refused only past MAX_ITEMS (the slow path's LimitError).
        if (r.valid) assert.ok(r.scanned, `a valid plain body was left to the slow path: ${text}`);
      }),
      { numRuns: 2000 },
    );
  });

  it('never answers differently on bodies with odd fields, extra, missing or repeated keys', () => {
    fc.assert(
      fc.property(looseBody, (text) => void agrees(text)),
      { numRuns: 2000 },
    );
  });

  it('never answers differently on truncated and damaged bodies', () => {
    fc.assert(
      fc.property(fc.oneof(plainBody, looseBody).chain(mutated), (text) => void agrees(text)),
      {
        numRuns: 3000,
      },
    );
  });
});
