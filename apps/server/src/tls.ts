// The certificate and key both listeners serve TLS with (SABA_TLS_CERT, SABA_TLS_KEY): read at
// start and again on SIGHUP, so a renewed certificate is taken without a restart.
import { readFileSync } from 'node:fs';
import { createSecureContext } from 'node:tls';
import type { TlsFiles } from './config.ts';

/** The PEM text of a certificate chain and its private key, checked to belong together. */
export interface TlsPair {
  readonly cert: Buffer;
  readonly key: Buffer;
}

/** Anything serving TLS whose certificate can be swapped for new connections (https and http2 servers). */
export interface SecureListener {
  setSecureContext(options: TlsPair): void;
}

function readPem(file: string, setting: string): Buffer {
  try {
    return readFileSync(file);
  } catch (err) {
    throw new Error(`${setting}: cannot read ${file}: ${(err as Error).message}`);
  }
}

/** Reads both files; throws a clear Error when one is missing or the key is not the certificate's. */
export function readTlsPair(files: TlsFiles): TlsPair {
  const pair = { cert: readPem(files.certFile, 'SABA_TLS_CERT'), key: readPem(files.keyFile, 'SABA_TLS_KEY') };
  try {
    createSecureContext(pair);
  } catch (err) {
    throw new Error(`SABA_TLS_CERT and SABA_TLS_KEY: ${(err as Error).message}`);
  }
  return pair;
}
