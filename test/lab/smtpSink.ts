// An SMTP server on loopback to deliver test e-mail to: Debian's python3-aiosmtpd with STARTTLS
// required (a self-signed certificate made by openssl for the run), AUTH PLAIN and LOGIN for one
// user only after STARTTLS, and every message it accepts printed as one JSON line. Never a real
// mail server.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { selfSignedCertificate } from './certificate';
import type { Background } from './background';
import { startBackground } from './background';
import { runSync } from './exec';

/** What the sink received: one entry per message. */
export interface SunkMail {
  user: string | null;
  from: string;
  to: string[];
  tls: boolean;
  data: string;
}

export interface SmtpSink {
  port: number;
  /** the certificate it presents (PEM), to trust in the client */
  certificate: string;
  user: string;
  password: string;
  /** messages received so far */
  messages(): SunkMail[];
  stop(): Promise<void>;
}

/** Why the sink cannot run here, or undefined. */
export function smtpSinkSkipReason(): string | undefined {
  if (runSync('/usr/bin/python3', ['-c', 'import aiosmtpd']).code !== 0) return 'python3-aiosmtpd is not installed';
  if (runSync('which', ['openssl']).code !== 0) return 'openssl is not installed';
  return undefined;
}

const sinkScript = `
import asyncio, json, ssl, sys
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult
port, cert, key, user, password = sys.argv[1:6]
class Sink:
    async def handle_DATA(self, server, session, envelope):
        print(json.dumps({'user': session.auth_data if session.authenticated else None, 'from': envelope.mail_from,
                          'to': envelope.rcpt_tos, 'tls': session.ssl is not None,
                          'data': envelope.content.decode('utf8', 'replace')}), flush=True)
        return '250 OK'
def authenticate(server, session, envelope, mechanism, auth_data):
    ok = auth_data.login.decode() == user and auth_data.password.decode() == password
    return AuthResult(success=ok, handled=False, auth_data=auth_data.login.decode() if ok else None)
context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
context.load_cert_chain(cert, key)
controller = Controller(Sink(), hostname='127.0.0.1', port=int(port), tls_context=context, require_starttls=True,
                        authenticator=authenticate, auth_required=True, auth_require_tls=True)
controller.start()
print('ready', flush=True)
asyncio.get_event_loop().run_until_complete(asyncio.sleep(10**9))
`;

/** Starts the sink on `port` (127.0.0.1). */
export async function startSmtpSink(port: number): Promise<SmtpSink> {
  const dir = mkdtempSync(path.join(tmpdir(), 'lanlens-smtp-'));
  const cert = path.join(dir, 'cert.pem');
  const key = path.join(dir, 'key.pem');
  await selfSignedCertificate({
    key,
    cert,
    commonName: 'localhost',
    altNames: ['IP:127.0.0.1', 'DNS:localhost'],
    rsa: true,
  });
  const user = 'lanlens';
  const password = `pw-${process.pid}-${Date.now()}`;
  const child: Background = startBackground('/usr/bin/python3', [
    '-c',
    sinkScript,
    String(port),
    cert,
    key,
    user,
    password,
  ]);
  try {
    await child.waitFor(/ready/, 20_000);
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  return {
    port,
    certificate: readFileSync(cert, 'utf8'),
    user,
    password,
    messages: () =>
      child.stdout
        .split('\n')
        .filter((line) => line.startsWith('{'))
        .map((line) => JSON.parse(line) as SunkMail),
    async stop() {
      await child.stop('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
