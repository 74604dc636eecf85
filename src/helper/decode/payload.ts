import type { DecodedPacket } from './packet';

/**
 * Records where a transport payload starts: `end` is the last captured byte the IP/UDP lengths
 * allow, `declaredEnd` where the headers say the payload ends (past `end` when the snap length cut it).
 */
export function setPayload(packet: DecodedPacket, start: number, end: number, declaredEnd: number): void {
  packet.payloadOffset = start;
  packet.payloadLength = end > start ? end - start : 0;
  packet.payloadDeclaredLength = declaredEnd > start ? declaredEnd - start : 0;
}
