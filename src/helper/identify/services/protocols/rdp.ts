import type { ServiceMatch, ServiceProbe } from '../serviceProbe';

/**
 * An X.224 Connection Request in a TPKT (RFC 1006, MS-RDPBCGR §2.2.1.1) with an RDP negotiation
 * request offering TLS and CredSSP, the way a real client starts.
 */
const connectionRequest = Buffer.from('030000130ee000000000000100080003000000', 'hex');

/** Reads an X.224 Connection Confirm; the negotiation response's shape tells Windows from xrdp. */
export function parseRdpAnswer(answer: Buffer): ServiceMatch | undefined {
  if (answer.length < 11 || answer[0] !== 3 || answer[1] !== 0) return undefined;
  const length = answer.readUInt16BE(2);
  if (length < 11 || (answer[5]! & 0xf0) !== 0xd0) return undefined;
  const match: ServiceMatch = { name: 'ms-wbt-server', confidence: 0.95 };
  // Windows answers with source reference 0x1234 and a negotiation response; xrdp with zeroes.
  if (answer.readUInt16BE(8) === 0x1234 && answer[11] === 2) {
    match.product = 'Microsoft Terminal Services';
    match.osHint = 'Windows';
  } else if (answer.readUInt16BE(8) === 0) match.product = 'xrdp';
  return match;
}

export const rdp: ServiceProbe = {
  id: 'rdp',
  serverFirst: false,
  ports: [3389],
  request: () => connectionRequest,
  complete: (answer) => answer.length >= 4 && answer.length >= answer.readUInt16BE(2),
  parse: parseRdpAnswer,
};
