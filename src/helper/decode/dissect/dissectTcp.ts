// The TCP layer of the details pane, in Wireshark's words: relative sequence and acknowledgment
// numbers beside the raw ones, and the window as sent beside the calculated window and its
// scaling factor, when the segment's stream says how (see TcpView).
import { TcpFlag } from '../packet';
import type { DecodedPacket } from '../packet';
import { tcpFlagNames } from '../summary/packetColumns';
import { calculatedWindow, relativeTo } from '../summary/tcpView';
import type { TcpView } from '../summary/tcpView';
import type { LayerBuilder } from './layerBuilder';
import { hexOf } from './layerBuilder';

/** Adds the TCP layer of `packet`; `tcp` numbers it as its stream does. */
export function dissectTcp(b: LayerBuilder, packet: DecodedPacket, tcp: TcpView | undefined): void {
  const at = packet.transportOffset;
  const acks = (packet.tcpFlags & TcpFlag.Ack) !== 0;
  const seqBase = tcp?.seqBase ?? -1;
  const ackBase = tcp?.ackBase ?? -1;
  const seq = relativeTo(packet.tcpSeq, seqBase);
  const ack = relativeTo(packet.tcpAck, ackBase);
  const layer = b.layer(
    'tcp',
    `Transmission Control Protocol, Src Port: ${packet.srcPort}, Dst Port: ${packet.dstPort}, Seq: ${seq}` +
      `${acks ? `, Ack: ${ack}` : ''}, Len: ${packet.payloadDeclaredLength}`,
    at,
    packet.tcpHeaderLength || 20,
  );
  b.field(layer, 'Source port', at, 2, () => b.u16(at));
  b.field(layer, 'Destination port', at + 2, 2, () => b.u16(at + 2));
  if (seqBase >= 0) b.field(layer, 'Sequence number', at + 4, 4, () => `${seq} (relative sequence number)`);
  b.field(layer, 'Sequence number (raw)', at + 4, 4, () => b.u32(at + 4));
  if (acks && ackBase >= 0) b.field(layer, 'Acknowledgment number', at + 8, 4, () => `${ack} (relative ack number)`);
  b.field(layer, 'Acknowledgment number (raw)', at + 8, 4, () => b.u32(at + 8));
  b.field(layer, 'Header length', at + 12, 1, () => `${(b.u8(at + 12) >> 4) * 4} bytes`);
  b.field(
    layer,
    'Flags',
    at + 12,
    2,
    () => `${hexOf(packet.tcpFlags, 3)} (${tcpFlagNames(packet.tcpFlags) || 'none'})`,
  );
  b.field(layer, 'Window', at + 14, 2, () => b.u16(at + 14));
  const syn = (packet.tcpFlags & TcpFlag.Syn) !== 0;
  if (tcp && tcp.windowShift >= 0 && !syn) {
    b.field(layer, 'Calculated window size', at + 14, 2, () => calculatedWindow(b.u16(at + 14), syn, tcp));
    b.note(layer, 'Window size scaling factor', 2 ** tcp.windowShift);
  }
  b.field(layer, 'Checksum', at + 16, 2, () => hexOf(b.u16(at + 16), 4));
  b.field(layer, 'Urgent pointer', at + 18, 2, () => b.u16(at + 18));
  const options = packet.tcpHeaderLength - 20;
  if (options > 0) {
    b.field(layer, 'Options', at + 20, options, () => {
      const parts: string[] = [];
      if (packet.tcpMss >= 0) parts.push(`MSS ${packet.tcpMss}`);
      if (packet.tcpSackPermitted) parts.push('SACK permitted');
      if (packet.tcpHasTimestamps) parts.push(`TSval ${packet.tcpTsVal}, TSecr ${packet.tcpTsEcr}`);
      if (packet.tcpWindowScale >= 0) parts.push(`window scale ${packet.tcpWindowScale}`);
      return `(${options} bytes)${parts.length ? ` ${parts.join(', ')}` : ''}`;
    });
  }
  if (packet.payloadLength > 0) b.note(layer, 'TCP payload', `${packet.payloadLength} bytes`);
}
