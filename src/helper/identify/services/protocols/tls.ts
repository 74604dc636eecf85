import type { Socket } from 'node:net';
import type { X509Certificate } from 'node:crypto';
import type { TLSSocket } from 'node:tls';
import { connect } from 'node:tls';
import { cleanField } from '../printable';
import type { TlsInfo } from '../../../../shared/model/ports';

/** Where to handshake: a fresh connection to ip:port, or a connected socket nothing was sent on. */
export interface TlsTarget {
  ip: string;
  port: number;
  /** SNI server name; only a DNS name (Node refuses IP addresses there) */
  serverName?: string;
  socket?: Socket;
  /** ALPN protocols to offer, most wanted first */
  alpn?: string[];
}

/** An X.509 distinguished name as one line: `CN=printer.local, O=Acme`. */
function distinguishedName(text: string): string {
  return cleanField(text.split('\n').filter(Boolean).join(', '), 300) ?? '';
}

/** Splits Node's subjectAltName text (`DNS:a, IP Address:1.2.3.4`), keeping quoted commas inside entries. */
export function splitAltNames(text: string | undefined): string[] {
  if (!text) return [];
  const names: string[] = [];
  for (const part of text.match(/(?:[^,"]|"(?:[^"\\]|\\.)*")+/g) ?? []) {
    const name = cleanField(part, 260);
    if (name) names.push(name);
    if (names.length >= 64) break;
  }
  return names;
}

/** The certificate and session facts of a finished handshake. */
export function tlsInfoOf(socket: TLSSocket): TlsInfo | undefined {
  const certificate = socket.getPeerX509Certificate();
  if (!certificate) return undefined;
  return certificateInfo(certificate, socket.getProtocol() ?? 'unknown', socket.alpnProtocol || undefined);
}

/** Certificate fields as LAN Lens shows them; `version` and `alpn` come from the session. */
export function certificateInfo(certificate: X509Certificate, version: string, alpn?: string): TlsInfo {
  let selfSigned = false;
  try {
    selfSigned = certificate.checkIssued(certificate) && certificate.verify(certificate.publicKey);
  } catch {
    // A key type Node cannot verify with: leave it as not self-signed rather than guess.
  }
  const info: TlsInfo = {
    version,
    subject: distinguishedName(certificate.subject),
    subjectAltNames: splitAltNames(certificate.subjectAltName),
    issuer: distinguishedName(certificate.issuer),
    selfSigned,
    notBefore: Date.parse(certificate.validFrom),
    notAfter: Date.parse(certificate.validTo),
    fingerprint256: certificate.fingerprint256,
  };
  if (alpn) info.alpn = cleanField(alpn, 40) ?? alpn;
  return info;
}

/**
 * Completes a TLS handshake without checking the certificate (LAN devices mostly present
 * self-signed ones: the point is to read them). Resolves to the TLS socket, or undefined when the
 * peer does not speak TLS or time runs out.
 */
export function tlsHandshake(
  target: TlsTarget,
  timeoutMs: number,
  signal?: AbortSignal,
): Promise<TLSSocket | undefined> {
  return new Promise((resolve) => {
    const socket = connect({
      ...(target.socket ? { socket: target.socket } : { host: target.ip, port: target.port }),
      ...(target.serverName ? { servername: target.serverName } : {}),
      rejectUnauthorized: false,
      ALPNProtocols: target.alpn ?? ['h2', 'http/1.1'],
      // Old devices only speak TLS 1.0/1.1 with legacy ciphers: accept them, this is inspection.
      minVersion: 'TLSv1',
      ciphers: 'DEFAULT:@SECLEVEL=0',
    });
    let settled = false;
    const finish = (ok: boolean) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      if (!ok) {
        socket.destroy();
        target.socket?.destroy();
      }
      resolve(ok ? socket : undefined);
    };
    const onAbort = () => finish(false);
    const timer = setTimeout(() => finish(false), timeoutMs);
    signal?.addEventListener('abort', onAbort);
    socket.once('secureConnect', () => finish(true));
    socket.once('error', () => finish(false));
    socket.once('close', () => finish(false));
  });
}
