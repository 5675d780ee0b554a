// fast-check arbitraries for the byte scanner's tests: JSON number texts in every form the
// grammar allows, and host metric bodies written token by token with random whitespace and key
// order, as text, so that the tests control the exact bytes the scanner sees.
import fc from 'fast-check';

const DIGITS = [...'0123456789'];
/** The alphabet of Mackerel host ids (base58). */
export const BASE58 = [...'123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz'];
/** The characters a metric name may hold. */
export const NAME_CHARS = [...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-'];

const digits = (minLength: number, maxLength: number) =>
  fc.string({ unit: fc.constantFrom(...DIGITS), minLength, maxLength });

/** Numbers at the edges of the scanner's exact path and of double precision, as text. */
export const EDGE_NUMBERS = [
  '0',
  '-0',
  '-0.0',
  '0e5',
  '-0E-3',
  '0.1',
  '1e+21',
  '1e21',
  '1E22',
  '1e23',
  '1.5E-7',
  '1e-22',
  '1e-23',
  '123456789012345',
  '1234567890123456',
  '123456789012345678',
  '9007199254740991',
  '9007199254740992',
  '9007199254740993',
  '9007199254740993e-5',
  // 2^53 + 1 rounds to 2^53 when summed as a double; divided by 10^16 that gives a different answer.
  '0.9007199254740993',
  '9007199254740993e-16',
  '900719925474099.3',
  '0.000000000000000000001',
  '4.9e-324',
  '2.2250738585072014e-308',
  '1.7976931348623157e308',
  '1.7976931348623159e308',
  '1e400',
  '-1e400',
  '1e-400',
  '1795266137',
  '1795266137.999',
  '43.81231231238123',
  '0.30000000000000004',
  '100000000000000000000000',
  '1.00000000000000000000000000001',
] as const;

/** Any JSON number, as text: from its grammar, from doubles as JavaScript writes them, and the edges. */
export const jsonNumberText: fc.Arbitrary<string> = fc.oneof(
  fc
    .tuple(
      fc.boolean(),
      fc.oneof(
        fc.constant('0'),
        fc.tuple(fc.constantFrom(...DIGITS.slice(1)), digits(0, 22)).map(([a, b]) => a + b),
      ),
      fc.option(digits(1, 24), { nil: '' }),
      fc.option(fc.tuple(fc.constantFrom('e', 'E'), fc.constantFrom('', '+', '-'), digits(1, 3)), { nil: undefined }),
    )
    .map(
      ([neg, int, frac, exp]) => `${neg ? '-' : ''}${int}${frac === '' ? '' : `.${frac}`}${exp ? exp.join('') : ''}`,
    ),
  fc.double({ noNaN: true, noDefaultInfinity: true }).map((v) => JSON.stringify(v)),
  fc.double({ noNaN: true, noDefaultInfinity: true }).map((v) => v.toExponential()),
  fc
    .tuple(fc.double({ noNaN: true, noDefaultInfinity: true }), fc.integer({ min: 1, max: 21 }))
    .map(([v, p]) => v.toPrecision(p).replace('e', 'E')),
  fc.bigInt({ min: -(10n ** 25n), max: 10n ** 25n }).map(String),
  fc.constantFrom(...EDGE_NUMBERS),
);

/** JSON whitespace between tokens: mostly none, as agents send. */
export const space: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.constant('') },
  fc.string({ unit: fc.constantFrom(' ', '\n', '\r', '\t'), minLength: 1, maxLength: 3 }),
);

/** A posted time as text: whole and fractional seconds, and now and then any number at all. */
export const timeText: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.integer({ min: 0, max: 4_000_000_000 }).map(String) },
  { weight: 2, arbitrary: fc.double({ min: 0, max: 4e9, noNaN: true }).map((v) => JSON.stringify(v)) },
  { weight: 1, arbitrary: fc.double({ min: -1e13, max: 1e13, noNaN: true }).map((v) => JSON.stringify(v)) },
  { weight: 1, arbitrary: jsonNumberText },
);

/** One item's fields, each as the JSON text of its value. */
export interface ItemText {
  readonly hostId: string;
  readonly name: string;
  readonly time: string;
  readonly value: string;
}

/** A plain, valid item (what the scanner must read) drawn from a pool of hosts so that runs form. */
const plainItem = (hosts: readonly string[]): fc.Arbitrary<ItemText> =>
  fc.record({
    hostId: fc.constantFrom(...hosts).map((h) => JSON.stringify(h)),
    name: fc
      .oneof(
        fc.string({ unit: fc.constantFrom(...NAME_CHARS), minLength: 1, maxLength: 40 }),
        fc.constant('n'.repeat(256)),
      )
      .map((n) => JSON.stringify(n)),
    time: fc.oneof(
      fc.integer({ min: 0, max: 4_000_000_000 }).map(String),
      fc.double({ min: 0, max: 4e9, noNaN: true }).map((v) => JSON.stringify(v)),
    ),
    value: jsonNumberText.filter((t) => Number.isFinite(Number(t))),
  });

/** The keys of an item in every order. */
const keyOrder = fc.shuffledSubarray(['hostId', 'name', 'time', 'value'] as const, { minLength: 4, maxLength: 4 });

/** Writes items as a JSON array, taking whitespace from `spaces` in turn. */
export function writeBody(
  items: readonly { fields: readonly (readonly [string, string])[] }[],
  spaces: readonly string[],
): string {
  let k = 0;
  const ws = () => spaces[k++ % spaces.length] as string;
  const parts = items.map(
    (it) => `{${it.fields.map(([key, text]) => `${ws()}${key}${ws()}:${ws()}${text}${ws()}`).join(',')}}`,
  );
  return `${ws()}[${ws()}${parts.join(`${ws()},${ws()}`)}${ws()}]${ws()}`;
}

const hostPool = fc.array(fc.string({ unit: fc.constantFrom(...BASE58), minLength: 1, maxLength: 12 }), {
  minLength: 1,
  maxLength: 3,
});

/** A valid host metric body in the plain form, with random whitespace and key order. */
export const plainBody: fc.Arbitrary<string> = hostPool.chain((hosts) =>
  fc
    .tuple(
      fc.array(fc.tuple(plainItem(hosts), keyOrder), { maxLength: 12 }),
      fc.array(space, { minLength: 1, maxLength: 40 }),
    )
    .map(([items, spaces]) =>
      writeBody(
        items.map(([it, order]) => ({ fields: order.map((key) => [`"${key}"`, it[key]] as const) })),
        spaces,
      ),
    ),
);

/** Field texts the scanner must leave to JSON.parse, or that the slow path refuses. */
const ODD_VALUES = [
  '"h\\u0031"',
  '"\\n"',
  '"é"',
  '"x\u2028"',
  '""',
  '"a b"',
  '[1]',
  '{"a":1}',
  'null',
  'true',
  '"1"',
  '1e400',
  '01',
  '.5',
  '+1',
  '1.',
  'NaN',
  'Infinity',
] as const;

/** One change that takes an item out of the plain form, or makes it invalid. */
type Twist =
  | { readonly kind: 'drop'; readonly at: number }
  | { readonly kind: 'add'; readonly at: number; readonly key: string; readonly text: string }
  | { readonly kind: 'odd'; readonly at: number; readonly text: string };

const twist: fc.Arbitrary<Twist> = fc.oneof(
  fc.record({ kind: fc.constant('drop' as const), at: fc.nat(3) }),
  fc.record({
    kind: fc.constant('add' as const),
    at: fc.nat(4),
    key: fc.constantFrom('"hostId"', '"name"', '"time"', '"value"', '"extra"', '"n\\u0061me"', '"näme"', '"tim"'),
    text: fc.oneof(jsonNumberText, fc.constantFrom(...ODD_VALUES)),
  }),
  fc.record({ kind: fc.constant('odd' as const), at: fc.nat(3), text: fc.constantFrom(...ODD_VALUES) }),
);

/**
 * A plain body with one or two items twisted: a key dropped, one added (extra, repeated,
 * escaped, non-ASCII) or one field given an odd value. Most of each body stays plain, so the
 * one change decides what the scanner must do.
 */
export const looseBody: fc.Arbitrary<string> = hostPool.chain((hosts) =>
  fc
    .tuple(
      fc.array(fc.tuple(plainItem(hosts), keyOrder), { minLength: 1, maxLength: 6 }),
      fc.array(fc.tuple(fc.nat(5), twist), { minLength: 1, maxLength: 2 }),
      fc.array(space, { minLength: 1, maxLength: 20 }),
    )
    .map(([items, twists, spaces]) => {
      const bodies = items.map(([it, order]) => order.map((key) => [`"${key}"`, it[key]] as [string, string]));
      for (const [which, t] of twists) {
        const fields = bodies[which % bodies.length] as [string, string][];
        if (t.kind === 'drop') fields.splice(t.at, 1);
        else if (t.kind === 'add') fields.splice(t.at % (fields.length + 1), 0, [t.key, t.text]);
        else (fields[t.at % fields.length] as [string, string])[1] = t.text;
      }
      return writeBody(
        bodies.map((fields) => ({ fields })),
        spaces,
      );
    }),
);

/** Snippets a mutation inserts: JSON punctuation, escapes, non-ASCII, control bytes. */
const SNIPPETS = [
  ',',
  '[',
  ']',
  '{',
  '}',
  '"',
  ':',
  ' ',
  '\\',
  '\\u0041',
  'é',
  '\u0000',
  '\u2028',
  '-',
  'e',
  '.',
  '0',
  'null',
];

/** `text` truncated, or with a snippet inserted or put in place of a byte, or with a range deleted, somewhere. */
export const mutated = (text: string): fc.Arbitrary<string> =>
  fc.oneof(
    fc.nat(text.length).map((p) => text.slice(0, p)),
    fc.tuple(fc.nat(text.length), fc.constantFrom(...SNIPPETS)).map(([p, s]) => text.slice(0, p) + s + text.slice(p)),
    fc
      .tuple(fc.nat(text.length), fc.constantFrom(...SNIPPETS, ';', 'x', '_'))
      .map(([p, s]) => text.slice(0, p) + s + text.slice(p + 1)),
    fc.tuple(fc.nat(text.length), fc.integer({ min: 1, max: 4 })).map(([p, k]) => text.slice(0, p) + text.slice(p + k)),
    fc.constant(text.replace(/\]\s*$/, ',]')),
    fc.constant(text.replace('}', ',}')),
  );
