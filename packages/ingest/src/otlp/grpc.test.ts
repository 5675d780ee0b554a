// gRPC's wire pieces against the PROTOCOL-HTTP2 and compression documents of grpc/grpc.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  BadDataError,
  ConflictError,
  ForbiddenError,
  LimitError,
  TooLargeError,
  TooManyRequestsError,
  UnauthorizedError,
  UnavailableError,
} from '@saba/model';
import {
  encodeGrpcMessage,
  frameMessage,
  GRPC_STATUS,
  GrpcError,
  grpcCodecOf,
  grpcStatusOf,
  grpcTimeoutOf,
  messageEncoding,
  UnaryMessageReader,
} from './grpc.ts';

describe('frameMessage', () => {
  test('flag 0, then the length big-endian, then the message', () => {
    assert.deepStrictEqual(frameMessage(Uint8Array.of(7, 8, 9)), Uint8Array.of(0, 0, 0, 0, 3, 7, 8, 9));
    assert.deepStrictEqual(frameMessage(new Uint8Array(0)), Uint8Array.of(0, 0, 0, 0, 0));
    const big = frameMessage(new Uint8Array(0x01_02_03));
    assert.deepStrictEqual(big.subarray(0, 5), Uint8Array.of(0, 0, 1, 2, 3));
  });
});

describe('UnaryMessageReader', () => {
  const framed = (flag: number, msg: number[]) => Uint8Array.of(flag, 0, 0, 0, msg.length, ...msg);
  // The message may be a Buffer view of the chunks: compare its bytes.
  const finish = (r: UnaryMessageReader) => {
    const m = r.finish();
    return { compressed: m.compressed, message: Uint8Array.from(m.message) };
  };

  test('one message, whole or split anywhere, even inside the prefix', () => {
    const whole = framed(0, [1, 2, 3, 4]);
    for (let cut = 0; cut <= whole.length; cut++) {
      const r = new UnaryMessageReader(100);
      r.push(whole.subarray(0, cut));
      r.push(whole.subarray(cut));
      assert.deepStrictEqual(finish(r), { compressed: false, message: Uint8Array.of(1, 2, 3, 4) }, `cut at ${cut}`);
    }
    const bytewise = new UnaryMessageReader(100);
    for (const b of framed(1, [9, 9])) bytewise.push(Uint8Array.of(b));
    assert.deepStrictEqual(finish(bytewise), { compressed: true, message: Uint8Array.of(9, 9) });
  });

  test('an empty message is a message', () => {
    const r = new UnaryMessageReader(100);
    r.push(framed(0, []));
    assert.deepStrictEqual(finish(r), { compressed: false, message: new Uint8Array(0) });
  });

  test('a declared length over the cap is refused from its prefix alone', () => {
    const r = new UnaryMessageReader(1000);
    assert.throws(() => r.push(Uint8Array.of(0, 0, 0, 0x03, 0xe9)), TooLargeError);
    const exact = new UnaryMessageReader(3);
    exact.push(framed(0, [1, 2, 3]));
    assert.equal(exact.finish().message.length, 3);
  });

  const bad: [string, Uint8Array[]][] = [
    ['no message', []],
    ['a cut prefix', [Uint8Array.of(0, 0, 0)]],
    ['a cut message', [Uint8Array.of(0, 0, 0, 0, 4, 1, 2)]],
    ['a flag of 2', [framed(2, [1])]],
  ];
  for (const [name, chunks] of bad) {
    test(`${name} is bad data at the end`, () => {
      const r = new UnaryMessageReader(100);
      for (const c of chunks) r.push(c);
      assert.throws(() => r.finish(), BadDataError);
    });
  }

  test('a second message is refused as it comes', () => {
    const r = new UnaryMessageReader(100);
    r.push(framed(0, [1]));
    assert.throws(() => r.push(framed(0, [2])), BadDataError);
  });
});

describe('messageEncoding', () => {
  const cases: [boolean, string | undefined, 'gzip' | undefined | number][] = [
    [false, undefined, undefined],
    // The flag wins: an uncompressed message of a gzip call is read as it is.
    [false, 'gzip', undefined],
    [true, 'gzip', 'gzip'],
    [true, ' GZIP ', 'gzip'],
    [true, undefined, GRPC_STATUS.INTERNAL],
    [true, 'identity', GRPC_STATUS.INTERNAL],
    [true, 'snappy', GRPC_STATUS.UNIMPLEMENTED],
    [true, 'zstd', GRPC_STATUS.UNIMPLEMENTED],
  ];
  for (const [compressed, header, want] of cases) {
    test(`flag ${compressed}, grpc-encoding ${header}`, () => {
      if (typeof want === 'number') {
        assert.throws(
          () => messageEncoding(compressed, header),
          (err) => err instanceof GrpcError && err.code === want,
        );
      } else {
        assert.equal(messageEncoding(compressed, header), want);
      }
    });
  }
});

describe('grpcCodecOf', () => {
  const cases: [string | undefined, string][] = [
    ['application/grpc', 'proto'],
    ['application/grpc+proto', 'proto'],
    ['Application/GRPC; charset=binary', 'proto'],
    ['application/grpc+json', 'other'],
    ['application/json', 'not_grpc'],
    ['application/grpcx', 'not_grpc'],
    [undefined, 'not_grpc'],
  ];
  for (const [ct, want] of cases) test(`${ct}`, () => assert.equal(grpcCodecOf(ct), want));
});

describe('grpcStatusOf', () => {
  // The OTLP spec's codes: not retried for bad data and keys, retried for UNAVAILABLE.
  const cases: [unknown, number][] = [
    [new BadDataError('x'), GRPC_STATUS.INVALID_ARGUMENT],
    [new LimitError('x'), GRPC_STATUS.INVALID_ARGUMENT],
    [new UnauthorizedError('x'), GRPC_STATUS.UNAUTHENTICATED],
    [new ForbiddenError('x'), GRPC_STATUS.PERMISSION_DENIED],
    [new TooLargeError('x'), GRPC_STATUS.RESOURCE_EXHAUSTED],
    [new TooManyRequestsError('x'), GRPC_STATUS.RESOURCE_EXHAUSTED],
    [new UnavailableError('x'), GRPC_STATUS.UNAVAILABLE],
    [new ConflictError('x'), GRPC_STATUS.ABORTED],
    [new GrpcError(GRPC_STATUS.UNIMPLEMENTED, 'x'), GRPC_STATUS.UNIMPLEMENTED],
  ];
  for (const [err, code] of cases) {
    test(`${(err as Error).name} -> ${code}`, () => assert.deepStrictEqual(grpcStatusOf(err), { code, message: 'x' }));
  }

  test('anything else is INTERNAL and says nothing of itself', () => {
    assert.deepStrictEqual(grpcStatusOf(new TypeError('secret detail')), {
      code: GRPC_STATUS.INTERNAL,
      message: 'internal server error',
    });
  });
});

describe('encodeGrpcMessage', () => {
  const cases: [string, string][] = [
    ['plain text: ok (1/2)', 'plain text: ok (1/2)'],
    ['100% done', '100%25 done'],
    ['line\nbreak\ttab', 'line%0Abreak%09tab'],
    ['ゲージ', '%E3%82%B2%E3%83%BC%E3%82%B8'],
    ['~\u007f', '~%7F'],
  ];
  for (const [text, want] of cases) {
    test(JSON.stringify(text), () => {
      assert.equal(encodeGrpcMessage(text), want);
      assert.equal(decodeURIComponent(want), text);
    });
  }
});

describe('grpcTimeoutOf', () => {
  // PROTOCOL-HTTP2: Timeout -> "grpc-timeout" TimeoutValue TimeoutUnit, at most 8 digits.
  const cases: [string | undefined, number | undefined][] = [
    [undefined, undefined],
    ['1H', 3_600_000],
    ['30M', 1_800_000],
    ['5S', 5000],
    ['200m', 200],
    ['100u', 0.1],
    ['10n', 1e-5],
    ['1n', 1e-6],
    ['0S', 0],
    ['00000007S', 7000],
    ['99999999H', 99_999_999 * 3_600_000],
    [' 5S ', 5000],
  ];
  for (const [value, ms] of cases) {
    test(`${JSON.stringify(value)} -> ${ms} ms`, () => assert.equal(grpcTimeoutOf(value), ms));
  }

  const malformed = ['', 'S', '5', '5s', '5X', '5 S', '-1S', '+1S', '1.5S', '123456789S', '5SS', '0x1S', '１S'];
  for (const value of malformed) {
    test(`${JSON.stringify(value)} is INTERNAL`, () => {
      assert.throws(
        () => grpcTimeoutOf(value),
        (err) =>
          err instanceof GrpcError && err.code === GRPC_STATUS.INTERNAL && /malformed grpc-timeout/.test(err.message),
      );
    });
  }
});
