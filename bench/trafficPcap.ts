// A synthetic capture for the file benchmark: TCP bulk transfers (full-size segments one way,
// ACKs back) and small UDP packets, over many flows between many hosts. Written with the
// project's own pcap writer, frame by frame, at bench time (never committed).
import { closeSync, fsyncSync, openSync } from 'node:fs';
import { createPcapFile } from '../src/helper/capture/pcapWriter';
import { LinkType } from '../src/helper/decode/linkType';

/** An unregistered port, so that no tool dissects the bulk payload as an application protocol. */
const SERVER_PORT = 45000;

/** What was written. */
export interface TrafficPcap {
  packets: number;
  bytes: number;
  tcpFlows: number;
  /** UDP flows that got packets (distinct 5-tuples, as tshark's conv,udp counts them) */
  udpFlows: number;
}

function ethernetIpv4(frame: Buffer, protocol: number, src: number, dst: number, ipLength: number): void {
  frame.writeUIntBE(0x020000000000 + (dst & 0xffff), 0, 6);
  frame.writeUIntBE(0x020000000000 + (src & 0xffff), 6, 6);
  frame.writeUInt16BE(0x0800, 12);
  frame[14] = 0x45;
  frame[15] = 0;
  frame.writeUInt16BE(ipLength, 16);
  frame.writeUInt16BE(0, 18);
  frame.writeUInt16BE(0x4000, 20);
  frame[22] = 64;
  frame[23] = protocol;
  frame.writeUInt16BE(0, 24);
  frame.writeUInt32BE(src >>> 0, 26);
  frame.writeUInt32BE(dst >>> 0, 30);
}

function tcpSegment(
  frame: Buffer,
  sport: number,
  dport: number,
  seq: number,
  ack: number,
  flags: number,
  payload: number,
) {
  frame.writeUInt16BE(sport, 34);
  frame.writeUInt16BE(dport, 36);
  frame.writeUInt32BE(seq >>> 0, 38);
  frame.writeUInt32BE(ack >>> 0, 42);
  frame[46] = 0x50;
  frame[47] = flags;
  frame.writeUInt16BE(0xffff, 48);
  frame.writeUInt32BE(0, 50);
  frame.fill(0x61, 54, 54 + payload);
  return 54 + payload;
}

/** How the traffic is made up. */
export interface TrafficMix {
  /** TCP connections (default 2,000) */
  tcpFlows?: number;
  /** UDP flows at most (default 20,000) */
  udpFlows?: number;
  /**
   * the share of TCP segments that are full-size (default 1: bulk transfers, about 800 bytes a packet
   * on average); the others carry 40 bytes, as interactive traffic does (0.1 gives about 150 bytes)
   */
  fullSegments?: number;
}

/**
 * Writes `packets` frames to `path`: `tcpFlows` TCP connections (handshake, segments of 1448
 * bytes or, all but `fullSegments` of them, 40, with an ACK every second one; no FIN, so they stay
 * open) interleaved with small UDP datagrams on up to `udpFlows` flows. Hosts are in 10.213.0.0/16 and
 * 10.214.0.0/16 (never sent anywhere).
 */
export function writeTrafficPcap(path: string, packets: number, mix: TrafficMix = {}): TrafficPcap {
  const { tcpFlows = 2000, udpFlows = 20000, fullSegments = 1 } = mix;
  // Full-size segments at even intervals: every `fullEvery`-th data segment.
  const fullEvery = Math.max(1, Math.round(1 / fullSegments));
  let segments = 0;
  const writer = createPcapFile(path, { linkType: LinkType.Ethernet });
  const frame = Buffer.alloc(1514);
  const seq = new Float64Array(tcpFlows);
  const started = new Uint8Array(tcpFlows);
  let bytes = 0;
  // Only some UDP flow numbers come up (UDP takes every fifth packet slot, and TCP steps by one or two),
  // and flow numbers share 5-tuples (addresses and ports repeat at 60,000, 40,000 and 250): the
  // tuples are counted, which is what the helper's flow table holds (100,000 flow numbers of the
  // huge capture are 60,000 flows, below its cap).
  const udpSeen = new Set<number>();
  let time = 1_700_000_000 * 1e6; // µs
  const client = (flow: number) => (0x0ad50000 | (flow % 60000)) >>> 0;
  const server = (flow: number) => (0x0ad60000 | (flow % 250)) >>> 0;
  const emit = (length: number) => {
    time += 2;
    writer.write(Math.floor(time / 1e6), (time % 1e6) * 1000, frame, 0, length);
    bytes += length;
  };
  for (let n = 0; n < packets;) {
    // Four in five packets are TCP bulk, one in five a small UDP datagram.
    if (n % 5 === 4) {
      // Datagram k goes to flow k * 7919 (a prime): every flow comes up, spread over the file.
      const flow = (Math.floor(n / 5) * 7919) % udpFlows;
      const src = client(flow);
      const dst = server(flow + 7);
      const sport = 20000 + (flow % 40000);
      // The source's address and port name the 5-tuple: the destination follows from them.
      udpSeen.add(src * 65536 + sport);
      ethernetIpv4(frame, 17, src, dst, 20 + 8 + 60);
      frame.writeUInt16BE(sport, 34);
      frame.writeUInt16BE(9999, 36);
      frame.writeUInt16BE(68, 38);
      frame.writeUInt16BE(0, 40);
      frame.fill(0x62, 42, 102);
      emit(102);
      n++;
      continue;
    }
    const flow = (n >>> 4) % tcpFlows;
    const src = client(flow);
    const dst = server(flow);
    const sport = 30000 + (flow % 30000);
    if (!started[flow]) {
      started[flow] = 1;
      ethernetIpv4(frame, 6, src, dst, 40);
      emit(tcpSegment(frame, sport, SERVER_PORT, 1000, 0, 0x02, 0));
      ethernetIpv4(frame, 6, dst, src, 40);
      emit(tcpSegment(frame, SERVER_PORT, sport, 5000, 1001, 0x12, 0));
      seq[flow] = 1001;
      n += 2;
      continue;
    }
    const payload = segments++ % fullEvery === 0 ? 1448 : 40;
    ethernetIpv4(frame, 6, dst, src, 40 + payload);
    emit(tcpSegment(frame, SERVER_PORT, sport, 5001 + seq[flow], 1001, 0x10, payload));
    seq[flow] += payload;
    n++;
    if (n % 2 === 0 && n < packets) {
      ethernetIpv4(frame, 6, src, dst, 40);
      emit(tcpSegment(frame, sport, SERVER_PORT, 1001, 5001 + seq[flow], 0x10, 0));
      n++;
    }
  }
  writer.close();
  // On disk before anything is measured: the kernel otherwise writes the file back (most of it,
  // dirty in the page cache) at a time of its choosing, in the middle of the runs of either tool.
  const fd = openSync(path, 'r');
  fsyncSync(fd);
  closeSync(fd);
  return { packets, bytes, tcpFlows, udpFlows: udpSeen.size };
}
