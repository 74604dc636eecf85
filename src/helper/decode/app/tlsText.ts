// TLS's text: version and message names as Wireshark writes them, the Info column and the details
// pane (for the packets a view shows: builds strings freely).
import type { PacketLayer } from '../../../shared/model/traffic';
import type { LayerBuilder } from '../dissect/layerBuilder';
import { hexOf } from '../dissect/layerBuilder';
import { NO_HANDSHAKE, TlsContentType } from './tlsFields';
import type { TlsFields } from './tlsFields';

/** Wireshark's name of a TLS version ('TLSv1.3'), or '' when unknown. */
export function tlsVersionName(version: number): string {
  switch (version) {
    case 0x0300:
      return 'SSLv3';
    case 0x0301:
      return 'TLSv1';
    case 0x0302:
      return 'TLSv1.1';
    case 0x0303:
      return 'TLSv1.2';
    case 0x0304:
      return 'TLSv1.3';
    default:
      return '';
  }
}

const HANDSHAKE_NAMES: Record<number, string> = {
  0: 'Hello Request',
  1: 'Client Hello',
  2: 'Server Hello',
  4: 'New Session Ticket',
  8: 'Encrypted Extensions',
  11: 'Certificate',
  12: 'Server Key Exchange',
  13: 'Certificate Request',
  14: 'Server Hello Done',
  15: 'Certificate Verify',
  16: 'Client Key Exchange',
  20: 'Finished',
};
const RECORD_NAMES: Record<number, string> = {
  [TlsContentType.ChangeCipherSpec]: 'Change Cipher Spec',
  [TlsContentType.Alert]: 'Alert',
  [TlsContentType.ApplicationData]: 'Application Data',
  [TlsContentType.Heartbeat]: 'Heartbeat',
};

/** The Info column: the segment's records and handshake messages, with the SNI of a Client Hello. */
export function tlsInfo(tls: TlsFields): string {
  if (tls.messageCount === 0) return 'Continuation Data';
  const parts: string[] = [];
  for (let i = 0; i < tls.messageCount; i++) {
    const content = tls.messages[i]! >> 8;
    const handshake = tls.messages[i]! & 0xff;
    if (content !== TlsContentType.Handshake) parts.push(RECORD_NAMES[content] ?? `Content type ${content}`);
    else if (handshake === NO_HANDSHAKE) parts.push('Encrypted Handshake Message');
    else if (handshake === 1 && tls.sni) parts.push(`Client Hello (SNI=${tls.sni})`);
    else parts.push(HANDSHAKE_NAMES[handshake] ?? `Handshake type ${handshake}`);
  }
  return parts.join(', ');
}

/** The details: versions, SNI, ALPN and the ServerHello's choices. */
export function dissectTls(b: LayerBuilder, layer: PacketLayer, tls: TlsFields): void {
  const versions = Array.from(
    tls.supportedVersions.subarray(0, tls.supportedVersionCount),
    (v) => tlsVersionName(v) || hexOf(v, 4),
  );
  b.notes(layer, [
    ['Record version', tls.recordVersion ? tlsVersionName(tls.recordVersion) || hexOf(tls.recordVersion, 4) : ''],
    ['Hello version', tls.helloVersion ? hexOf(tls.helloVersion, 4) : ''],
    ['Server Name Indication', tls.sni],
    ['ALPN', tls.alpn],
    ['Supported versions', versions.join(', ')],
    ['Selected version', tls.serverHello ? tlsVersionName(tls.selectedVersion) || hexOf(tls.selectedVersion, 4) : ''],
    ['Cipher suite', tls.serverHello ? hexOf(tls.cipherSuite, 4) : ''],
  ]);
}
