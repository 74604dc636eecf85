// The ARP packets of a live capture between two ticks, kept in preallocated typed arrays: the
// capture path writes a few numbers per ARP frame (and nothing for any other frame); the tick
// turns them into observations for the ARP rules.
import { formatIpv4 } from '../../shared/cidr';
import { macNumber, macText } from '../aggregate/macNumber';
import type { DecodedPacket } from '../decode/packet';
import type { ArpObservation } from './alertInputs';

/** ARP packets kept per tick; more in one tick are counted as lost (an ARP flood is news of its own). */
export const ARP_PER_TICK = 4_096;

/** ARP packets since the last `take`. */
export class ArpLog {
  private count = 0;
  /** packets beyond the capacity since the last `take` */
  lost = 0;
  private readonly time = new Float64Array(ARP_PER_TICK);
  private readonly frame = new Float64Array(ARP_PER_TICK);
  private readonly operation = new Uint16Array(ARP_PER_TICK);
  private readonly senderMac = new Float64Array(ARP_PER_TICK);
  private readonly senderIp = new Uint32Array(ARP_PER_TICK);
  private readonly targetIp = new Uint32Array(ARP_PER_TICK);
  private readonly frameSource = new Float64Array(ARP_PER_TICK);

  /** Notes an ARP packet (Ethernet hardware, IPv4 addresses); others are ignored. */
  add(packet: DecodedPacket, timeMs: number, frame: number): void {
    if (packet.arpSenderMacOffset < 0 || packet.arpSenderIp === 0) return;
    const i = this.count;
    if (i === ARP_PER_TICK) {
      this.lost++;
      return;
    }
    this.count = i + 1;
    this.time[i] = timeMs;
    this.frame[i] = frame;
    this.operation[i] = packet.arpOperation;
    this.senderMac[i] = macNumber(packet.data, packet.arpSenderMacOffset);
    this.senderIp[i] = packet.arpSenderIp;
    this.targetIp[i] = packet.arpTargetIp;
    this.frameSource[i] = macNumber(packet.data, packet.srcMacOffset);
  }

  /** The packets noted since the last call, as observations on `interfaceName`. */
  take(interfaceName: string): ArpObservation[] {
    const observations: ArpObservation[] = [];
    for (let i = 0; i < this.count; i++) {
      const observation: ArpObservation = {
        time: this.time[i]!,
        frame: this.frame[i]!,
        operation: this.operation[i]!,
        senderMac: macText(this.senderMac[i]!),
        senderIp: formatIpv4(this.senderIp[i]!),
        targetIp: formatIpv4(this.targetIp[i]!),
        interface: interfaceName,
      };
      if (this.frameSource[i]! >= 0) observation.frameSource = macText(this.frameSource[i]!);
      observations.push(observation);
    }
    this.count = 0;
    this.lost = 0;
    return observations;
  }
}
