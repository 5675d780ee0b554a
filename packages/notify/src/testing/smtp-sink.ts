// A real SMTP server on 127.0.0.1 (the smtp-server package) that records the mails an email
// channel sends and answers as told, for the channel conformance suite.
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

/** One mail as the sink received it. */
export interface SinkMail {
  readonly from: string;
  readonly to: readonly string[];
  /** Header names lower-cased, folded lines joined. */
  readonly headers: ReadonlyMap<string, string>;
  /** The text body, quoted-printable decoded when the mail used it. */
  readonly text: string;
}

/** How the sink answers: accept, refuse recipients with an SMTP reply code, or never greet ("hang"). */
export type SmtpAnswer = 'accept' | { readonly code: number } | 'hang';

/** A running SMTP sink. */
export interface SmtpSink {
  readonly host: string;
  readonly port: number;
  readonly mails: SinkMail[];
  answer(a: SmtpAnswer): void;
  close(): Promise<void>;
}

/** Splits a raw single-part mail into headers and its decoded text body. */
export function parseMail(raw: string): { headers: Map<string, string>; text: string } {
  const split = raw.indexOf('\r\n\r\n');
  const head = raw.slice(0, split).replace(/\r\n[ \t]+/g, ' ');
  const headers = new Map<string, string>();
  for (const line of head.split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon > 0) headers.set(line.slice(0, colon).toLowerCase(), line.slice(colon + 1).trim());
  }
  let body = raw.slice(split + 4);
  if (headers.get('content-transfer-encoding')?.toLowerCase() === 'quoted-printable') {
    const bytes = body
      .replace(/=\r\n/g, '')
      .replace(/=([0-9A-F]{2})/g, (_, h: string) => String.fromCharCode(Number.parseInt(h, 16)));
    body = Buffer.from(bytes, 'latin1').toString('utf8');
  }
  return { headers, text: body.replace(/\r\n/g, '\n') };
}

/** Starts an SMTP sink on a free loopback port; no TLS, any login accepted. */
export async function startSmtpSink(): Promise<SmtpSink> {
  const mails: SinkMail[] = [];
  let current: SmtpAnswer = 'accept';
  const refusal = (code: number) =>
    Object.assign(new Error(`refused by the test sink (${code})`), { responseCode: code });
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    closeTimeout: 100,
    logger: false,
    // No reverse DNS of 127.0.0.1: it tells the test nothing and hangs on the machine's resolver.
    disableReverseLookup: true,
    onConnect(_session, callback) {
      // Never calling back holds the greeting back: the client's greeting timeout fires.
      if (current !== 'hang') callback();
    },
    onRcptTo(_address, _session, callback) {
      callback(typeof current === 'object' ? refusal(current.code) : null);
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const { headers, text } = parseMail(Buffer.concat(chunks).toString('utf8'));
        const from = session.envelope.mailFrom === false ? '' : session.envelope.mailFrom.address;
        mails.push({ from, to: session.envelope.rcptTo.map((r) => r.address), headers, text });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return {
    host: '127.0.0.1',
    port,
    mails,
    answer(a) {
      current = a;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
