import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { SendDeps } from '@saba/notify';

/** Where the catalog lives: a SQLite file in the data directory (default) or PostgreSQL. */
export type CatalogConfig =
  | { readonly driver: 'sqlite'; readonly path: string }
  | { readonly driver: 'postgres'; readonly connectionString: string; readonly schema?: string };

/** The server's settings, from the environment and flags (flags win). */
export interface ServerConfig {
  readonly host: string;
  readonly port: number;
  readonly dataDir: string;
  readonly catalog: CatalogConfig;
  /** The default organization's read-write key on first start; generated and printed when absent. */
  readonly apiKey: string | undefined;
  readonly orgName: string;
  /** The default organization's first owner, created when it has no user: email (SABA_ADMIN_EMAIL)... */
  readonly adminEmail: string;
  /** ...and password (SABA_ADMIN_PASSWORD); generated and printed once when absent. Never logged. */
  readonly adminPassword: string | undefined;
  /** The WAL's durability policy (docs/decisions/0002). */
  readonly fsync: 'batch' | 'interval' | 'never';
  /** Where people reach the server, for links in notifications; default: the address it listens on. */
  readonly publicUrl: string | undefined;
  /** Where email notifications are sent through (SABA_SMTP_URL), and from whom (SABA_SMTP_FROM). */
  readonly smtp: SmtpConfig | undefined;
  /** The built web UI the server serves outside /api (SABA_WEB_DIR; default apps/web/dist). */
  readonly webDir: string;
  /** The OTLP/gRPC receiver's port (SABA_OTLP_GRPC_PORT; the Collector's is 4317); unset: not served. */
  readonly otlpGrpcPort: number | undefined;
  /** PEM files of the certificate chain and key both listeners serve TLS with; unset: plain HTTP. */
  readonly tls: TlsFiles | undefined;
}

/** Where the TLS certificate chain (SABA_TLS_CERT) and its private key (SABA_TLS_KEY) are. */
export interface TlsFiles {
  readonly certFile: string;
  readonly keyFile: string;
}

/** Both files or neither: half a TLS setting is a mistake, not plain HTTP. */
function tlsFiles(cert: string | undefined, key: string | undefined): TlsFiles | undefined {
  if (!cert && !key) return undefined;
  if (!cert || !key) throw new Error('SABA_TLS_CERT and SABA_TLS_KEY go together: set both, or neither for plain HTTP');
  return { certFile: resolve(cert), keyFile: resolve(key) };
}

/** An SMTP server for email channels, as the channels take it. */
export type SmtpConfig = NonNullable<SendDeps['smtp']>;

/** Reads `smtp://user:pass@host:port` (or `smtps://`) and the sender address. */
function smtpConfig(url: string | undefined, from: string | undefined): SmtpConfig | undefined {
  if (url === undefined || url === '') return undefined;
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new Error(`SABA_SMTP_URL: "${url}" is not a URL like smtp://user:pass@host:587`);
  }
  if (u.protocol !== 'smtp:' && u.protocol !== 'smtps:') throw new Error('SABA_SMTP_URL: use smtp:// or smtps://');
  const secure = u.protocol === 'smtps:';
  return {
    host: u.hostname,
    port: u.port === '' ? (secure ? 465 : 587) : Number(u.port),
    secure,
    from: from ?? `saba@${u.hostname}`,
    ...(u.username !== '' ? { user: decodeURIComponent(u.username) } : {}),
    ...(u.password !== '' ? { pass: decodeURIComponent(u.password) } : {}),
  };
}

const USAGE = `usage: saba-server [--port N] [--host ADDR] [--data-dir DIR] [--org NAME] [--database-url URL]

Environment: SABA_PORT (8080), SABA_HOST (0.0.0.0), SABA_DATA_DIR (./data), SABA_API_KEY,
SABA_ORG (default), SABA_DATABASE_URL (postgres://... to keep the catalog in PostgreSQL),
SABA_DATABASE_SCHEMA (its own PostgreSQL schema, created if missing),
SABA_WEB_DIR (the built web UI served outside /api; default apps/web/dist),
SABA_FSYNC (batch | interval | never; default batch), SABA_PUBLIC_URL (links in notifications),
SABA_SMTP_URL (smtp://user:pass@host:587, for email channels), SABA_SMTP_FROM,
SABA_ADMIN_EMAIL (admin@localhost) and SABA_ADMIN_PASSWORD (the first owner's web sign-in),
SABA_OTLP_GRPC_PORT (serve OTLP/gRPC metrics on this port, e.g. 4317; default off),
SABA_TLS_CERT and SABA_TLS_KEY (PEM files: serve HTTPS and gRPC over TLS; SIGHUP reads them again).`;

/** `npm run build:web` writes the UI here, beside this app in the repository. */
const DEFAULT_WEB_DIR = fileURLToPath(new URL('../../web/dist', import.meta.url));

function port(v: string, from: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new Error(`${from}: "${v}" is not a port number\n\n${USAGE}`);
  return n;
}

/** Reads the configuration; throws an Error with usage on bad input. */
export function loadConfig(argv: readonly string[], env: NodeJS.ProcessEnv): ServerConfig {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      'data-dir': { type: 'string' },
      org: { type: 'string' },
      'database-url': { type: 'string' },
      help: { type: 'boolean' },
    },
    strict: true,
  });
  if (values.help) throw new Error(USAGE);
  const dataDir = resolve(values['data-dir'] ?? env.SABA_DATA_DIR ?? './data');
  const dbUrl = values['database-url'] ?? env.SABA_DATABASE_URL;
  const fsync = env.SABA_FSYNC ?? 'batch';
  if (fsync !== 'batch' && fsync !== 'interval' && fsync !== 'never')
    throw new Error(`SABA_FSYNC: "${fsync}" is not batch, interval or never`);
  return {
    host: values.host ?? env.SABA_HOST ?? '0.0.0.0',
    port:
      values.port !== undefined ? port(values.port, '--port') : env.SABA_PORT ? port(env.SABA_PORT, 'SABA_PORT') : 8080,
    dataDir,
    catalog:
      dbUrl !== undefined && dbUrl !== ''
        ? {
            driver: 'postgres',
            connectionString: dbUrl,
            ...(env.SABA_DATABASE_SCHEMA ? { schema: env.SABA_DATABASE_SCHEMA } : {}),
          }
        : { driver: 'sqlite', path: resolve(dataDir, 'catalog.sqlite') },
    apiKey: env.SABA_API_KEY === '' ? undefined : env.SABA_API_KEY,
    orgName: values.org ?? env.SABA_ORG ?? 'default',
    adminEmail: env.SABA_ADMIN_EMAIL || 'admin@localhost',
    adminPassword: env.SABA_ADMIN_PASSWORD === '' ? undefined : env.SABA_ADMIN_PASSWORD,
    fsync,
    publicUrl:
      env.SABA_PUBLIC_URL === '' || env.SABA_PUBLIC_URL === undefined
        ? undefined
        : env.SABA_PUBLIC_URL.replace(/\/+$/, ''),
    smtp: smtpConfig(env.SABA_SMTP_URL, env.SABA_SMTP_FROM),
    webDir: env.SABA_WEB_DIR ? resolve(env.SABA_WEB_DIR) : DEFAULT_WEB_DIR,
    otlpGrpcPort: env.SABA_OTLP_GRPC_PORT ? port(env.SABA_OTLP_GRPC_PORT, 'SABA_OTLP_GRPC_PORT') : undefined,
    tls: tlsFiles(env.SABA_TLS_CERT, env.SABA_TLS_KEY),
  };
}
