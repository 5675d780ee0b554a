import assert from 'node:assert/strict';
import { test } from 'node:test';
import { TooManyRequestsError } from '@saba/model';
import { LoginThrottle } from './login-throttle.ts';

const MINUTE = 60_000;

/** A throttle on a clock the test moves. */
function throttle(): { t: LoginThrottle; advance: (ms: number) => void } {
  let now = 1_700_000_000_000;
  return { t: new LoginThrottle(() => now), advance: (ms) => (now += ms) };
}

/** `n` failed attempts of `email`. */
function fail(t: LoginThrottle, email: string, n: number): void {
  for (let i = 0; i < n; i++) t.attempt(email);
}

test('10 failures within 15 minutes close the email until the oldest is 15 minutes old', () => {
  const { t, advance } = throttle();
  for (let i = 0; i < 10; i++) {
    assert.doesNotThrow(() => t.attempt('ada@example.com'), `attempt ${i + 1}`);
    advance(MINUTE);
  }
  // The first failure was 10 minutes ago.
  assert.throws(() => t.attempt('ada@example.com'), TooManyRequestsError);
  assert.throws(() => t.attempt('ada@example.com'), /try again in 300 s/);
  advance(5 * MINUTE - 1);
  assert.throws(() => t.attempt('ada@example.com'), TooManyRequestsError, 'refused attempts add no failure');
  advance(1);
  // The window slides: one failure aged out, so one more try, which closes it again.
  assert.doesNotThrow(() => t.attempt('ada@example.com'));
  assert.throws(() => t.attempt('ada@example.com'), TooManyRequestsError);
});

test('failures spread wider than the window never close the email', () => {
  const { t, advance } = throttle();
  for (let i = 0; i < 50; i++) {
    t.attempt('ada@example.com');
    advance(2 * MINUTE);
  }
});

test('emails are counted apart, ASCII case-insensitively', () => {
  const { t } = throttle();
  fail(t, 'Ada@Example.com', 5);
  fail(t, 'ada@example.COM', 5);
  assert.throws(() => t.attempt('ada@example.com'), TooManyRequestsError);
  assert.doesNotThrow(() => t.attempt('bob@example.com'));
});

test('a sign-in forgets the failures before it', () => {
  const { t } = throttle();
  fail(t, 'ada@example.com', 9);
  t.succeed('ada@example.com');
  fail(t, 'ada@example.com', 10);
  assert.throws(() => t.attempt('ada@example.com'), TooManyRequestsError);
});

test('past 10,000 emails the one with the fewest failures is dropped: spraying emails reopens none', () => {
  const { t } = throttle();
  fail(t, 'first@example.com', 9);
  fail(t, 'target@example.com', 10);
  for (let i = 0; i < 20_000; i++) t.attempt(`spray-${i}@example.com`);
  assert.throws(() => t.attempt('target@example.com'), TooManyRequestsError, 'still closed');
  t.attempt('first@example.com');
  assert.throws(() => t.attempt('first@example.com'), TooManyRequestsError, 'its nine failures were kept');
});
