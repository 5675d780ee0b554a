import { loadConfig } from './config.ts';
import { type LocalAgent, startLocalAgent } from './local-agent.ts';
import { startServer } from './server.ts';

// The server's entry point: `npm start`. SIGTERM/SIGINT drain and flush, then exit 0; SIGHUP reads
// the TLS files again.
let config: ReturnType<typeof loadConfig>;
try {
  config = loadConfig(process.argv.slice(2), process.env);
} catch (err) {
  console.error((err as Error).message);
  process.exit(2);
}

const server = await startServer(config);
const { orgName, generatedKey, ownerEmail, generatedPassword } = server.bootstrap;
const banner: string[] = [];
if (generatedKey !== undefined) {
  banner.push(
    `Created organization "${orgName}". Its read-write API key (shown only this once):\n\n  ${generatedKey}\n\nPoint mackerel-agent at this server with:\n  apikey = "${generatedKey}"\n  apibase = "${server.url}"`,
  );
}
if (ownerEmail !== undefined) {
  banner.push(
    generatedPassword === undefined
      ? `Created the owner of "${orgName}" for web sign-in: ${ownerEmail}, with the password SABA_ADMIN_PASSWORD.`
      : `Created the owner of "${orgName}" for web sign-in: ${ownerEmail}. Its password (shown only this once;\nset another with: npm run admin -- user password ${ownerEmail}):\n\n  ${generatedPassword}`,
  );
}
if (banner.length > 0) {
  const line = '='.repeat(72);
  console.log(`${line}\n${banner.join('\n\n')}\n${line}`);
}

let agent: LocalAgent | undefined;
if (process.env.SABA_NO_AGENT !== '1') {
  agent = await startLocalAgent({
    catalog: server.catalog,
    dataDir: config.dataDir,
    orgName: config.orgName,
    url: server.url,
    ...(config.tls === undefined ? {} : { tlsCertFile: config.tls.certFile }),
    log: (line) => console.log(line),
  }).catch((err: Error) => {
    console.error(`saba: the local agent did not start: ${err.message}`);
    return undefined;
  });
}

let stopping = false;
const stop = (signal: string) => {
  if (stopping) return;
  stopping = true;
  console.log(`saba: ${signal} received; finishing requests and flushing`);
  // The agent goes first, so its last minute is posted before the server stops taking requests.
  (agent?.stop() ?? Promise.resolve())
    .then(() => server.close())
    .then(
      () => {
        console.log('saba: stopped');
        process.exit(0);
      },
      (err: unknown) => {
        console.error('saba: shutdown failed', err);
        process.exit(1);
      },
    );
};
process.on('SIGTERM', () => stop('SIGTERM'));
// A renewed certificate is taken for new connections without a restart; bad files keep the old one.
if (config.tls !== undefined) {
  process.on('SIGHUP', () => {
    try {
      server.reloadTls();
      console.log('saba: SIGHUP: TLS certificate and key read again');
    } catch (err) {
      console.error(`saba: SIGHUP: kept the TLS certificate in use: ${(err as Error).message}`);
    }
  });
}
process.on('SIGINT', () => stop('SIGINT'));
