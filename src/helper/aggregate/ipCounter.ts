// Counting one IP header as tshark's IP, TCP and UDP taps count it: its conversation, both its
// endpoints, and its flow when the transport header is complete enough for the conversation taps.
// A tunnelled packet has an IP header per level, and tshark counts each (outer ones included).
import { ADDRESS_WORDS, compareAddresses, writeAddress } from './addressWords';
import type { ConversationTable } from './conversationTable';
import type { FlowTable } from './flowTable';
import type { HostTable } from './hostTable';
import { macNumber } from './macNumber';
import { hasFlow, hasValidIpHeader } from './tapRules';
import { TransportLayer } from '../decode/packet';
import type { DecodedPacket } from '../decode/packet';
import type { TcpView } from '../decode/summary/tcpView';

/** Counts IP headers into the flow, conversation and host tables. */
export class IpCounter {
  /** the last header counted: source address words at 0, destination's at ADDRESS_WORDS */
  readonly pair = new Uint32Array(2 * ADDRESS_WORDS);

  constructor(
    private readonly flows: FlowTable,
    private readonly hosts: HostTable,
    private readonly conversations: ConversationTable,
  ) {}

  /**
   * Counts the IP layer of `packet` (hasValidIpHeader said tshark's tap sees it) for a frame of
   * `length` bytes; returns the serial of its flow (`flows.lastSlot` is then its slot), 0 without one.
   */
  count(packet: DecodedPacket, time: number, length: number): number {
    const { pair, hosts, conversations } = this;
    const version = packet.ipVersion;
    writeAddress(pair, 0, packet.data, packet.srcAddrOffset, version, packet.srcIpv4);
    writeAddress(pair, ADDRESS_WORDS, packet.data, packet.dstAddrOffset, version, packet.dstIpv4);
    const order = compareAddresses(pair, 0, ADDRESS_WORDS);
    // The MAC is made where it is counted: a 48-bit number passed to a function V8 does not inline
    // is boxed, a heap number allocated per packet.
    if (hasFlow(packet)) return this.countWithFlow(packet, order, time, length);
    const srcMac = macNumber(packet.data, packet.srcMacOffset);
    const conversation = conversations.lookup(pair, order <= 0, version, time);
    conversations.count(conversation, order <= 0, time, length);
    hosts.countOut(hosts.lookup(pair, 0, version, time), srcMac, time, length, packet.ttl);
    hosts.countIn(hosts.lookup(pair, ADDRESS_WORDS, version, time), time, length);
    return 0;
  }

  /**
   * How a TCP segment of a flow counted so far is numbered (relative sequence numbers, scaled
   * window), or undefined when its flow is unknown (evicted, or not a TCP flow tshark's taps see).
   */
  tcpView(packet: DecodedPacket): TcpView | undefined {
    if (packet.transport !== TransportLayer.Tcp || !hasValidIpHeader(packet) || !hasFlow(packet)) return undefined;
    const { pair } = this;
    const version = packet.ipVersion;
    writeAddress(pair, 0, packet.data, packet.srcAddrOffset, version, packet.srcIpv4);
    writeAddress(pair, ADDRESS_WORDS, packet.data, packet.dstAddrOffset, version, packet.dstIpv4);
    const order = compareAddresses(pair, 0, ADDRESS_WORDS);
    const srcIsLow = order < 0 || (order === 0 && packet.srcPort <= packet.dstPort);
    return this.flows.tcpView(pair, srcIsLow, version, packet.srcPort, packet.dstPort);
  }

  /**
   * Counts an IP packet that belongs to a flow. The flow remembers the rows of its conversation
   * and hosts, so a packet of a known flow costs one hash lookup instead of four.
   */
  private countWithFlow(packet: DecodedPacket, order: number, time: number, length: number): number {
    const { pair, flows, hosts, conversations } = this;
    const version = packet.ipVersion;
    const srcIsLow = order < 0 || (order === 0 && packet.srcPort <= packet.dstPort);
    const slot = flows.add(
      pair,
      srcIsLow,
      version,
      packet.ipProtocol,
      packet.srcPort,
      packet.dstPort,
      packet.tcpFlags,
      time,
      length,
      packet.ipLength,
    );
    if (packet.transport === TransportLayer.Tcp) flows.noteTcp(slot, packet);
    // A remembered slot is checked against its row number only once its table has freed a slot (a
    // load fewer per row while none has, in arrays a packet of a flow not seen lately finds cold).
    const conversationRows = conversations.rows;
    const hostRows = hosts.rows;
    let conversation = flows.conversationSlot[slot]!;
    if (
      conversation < 0 ||
      (conversationRows.freed !== 0 && conversationRows.serial[conversation] !== flows.conversationSerial[slot])
    ) {
      conversation = conversations.lookup(pair, order <= 0, version, time);
      flows.conversationSlot[slot] = conversation;
      flows.conversationSerial[slot] = conversations.rows.serial[conversation]!;
    }
    conversations.count(conversation, order <= 0, time, length);
    // The flow's lower endpoint (by address, then port) is the source when srcIsLow.
    let low = flows.lowHostSlot[slot]!;
    if (low < 0 || (hostRows.freed !== 0 && hostRows.serial[low] !== flows.lowHostSerial[slot])) {
      low = hosts.lookup(pair, srcIsLow ? 0 : ADDRESS_WORDS, version, time);
      flows.lowHostSlot[slot] = low;
      flows.lowHostSerial[slot] = hosts.rows.serial[low]!;
    }
    let high = flows.highHostSlot[slot]!;
    if (high < 0 || (hostRows.freed !== 0 && hostRows.serial[high] !== flows.highHostSerial[slot])) {
      high = hosts.lookup(pair, srcIsLow ? ADDRESS_WORDS : 0, version, time);
      flows.highHostSlot[slot] = high;
      flows.highHostSerial[slot] = hosts.rows.serial[high]!;
    }
    hosts.countOut(srcIsLow ? low : high, macNumber(packet.data, packet.srcMacOffset), time, length, packet.ttl);
    hosts.countIn(srcIsLow ? high : low, time, length);
    return flows.rows.serial[slot]!;
  }
}
