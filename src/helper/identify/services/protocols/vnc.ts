import type { ServiceMatch, ServiceProbe } from '../serviceProbe';

/** Reads an RFB greeting (RFC 6143 §7.1.1): `RFB 003.008\n`. */
export function parseVncGreeting(answer: Buffer): ServiceMatch | undefined {
  const match = /^RFB (\d{3})\.(\d{3})\n/.exec(answer.subarray(0, 12).toString('latin1'));
  if (!match) return undefined;
  return {
    name: 'vnc',
    product: 'VNC',
    extraInfo: `protocol ${Number(match[1])}.${Number(match[2])}`,
    confidence: 1,
  };
}

export const vnc: ServiceProbe = {
  id: 'vnc',
  serverFirst: true,
  ports: [5900, 5901, 5902, 5800],
  complete: (answer) => answer.length >= 12,
  parse: parseVncGreeting,
};
