// Signs of ARP spoofing in captured ARP packets, after arpwatch and ntopng: an address that moves to
// another MAC ("changed ethernet address"), moves back ("flip flop"), the gateway's or this
// machine's address claimed from a foreign MAC, an ARP sender that is not the frame's Ethernet
// source, and one MAC claiming many addresses. State is bounded: the least recently seen
// addresses and MACs are forgotten first.
import type { AlertEvidence } from '../../../shared/model/alerts';
import type { ArpObservation, CaptureTick, RuleContext, RuleEvaluator } from '../alertInputs';
import { listWords } from '../alertWords';
import { isStationMac } from './newDevice';
import { forgetOldest } from '../forgetOldest';

const MAX_ADDRESSES = 16_384;
const MAX_MACS = 4_096;
/** Earlier MACs remembered per address, for flip-flops. */
const MAX_PREVIOUS = 4;

interface AddressOwner {
  mac: string;
  since: number;
  /** the packet that made it the owner */
  evidence: AlertEvidence;
  previous: { mac: string; until: number }[];
}

/** Raises the 'arp-*' rules. */
export class ArpSpoofingRules implements RuleEvaluator {
  private readonly owners = new Map<string, AddressOwner>();
  private readonly claims = new Map<string, Map<string, number>>();

  capture(tick: CaptureTick, context: RuleContext): void {
    for (const arp of tick.arp) {
      // An ARP probe (RFC 5227) says 0.0.0.0: it announces nothing.
      if (arp.senderIp === '0.0.0.0' || !isStationMac(arp.senderMac)) continue;
      const evidence = arpEvidence(arp);
      this.checkSource(arp, evidence, context);
      const protectedAddress = this.checkProtected(arp, evidence, context);
      this.checkOwner(arp, evidence, context, protectedAddress !== 'none');
      this.checkClaims(arp, evidence, context);
    }
  }

  private checkSource(arp: ArpObservation, evidence: AlertEvidence, context: RuleContext): void {
    if (arp.frameSource === undefined || arp.frameSource === arp.senderMac) return;
    context.raise({
      rule: 'arp-sender-mismatch',
      key: `${arp.frameSource} ${arp.senderMac}`,
      time: arp.time,
      title: `ARP from ${arp.frameSource} says ${arp.senderIp} is at ${arp.senderMac}, another MAC`,
      devices: [
        { mac: arp.frameSource, role: 'source' },
        { ip: arp.senderIp, mac: arp.senderMac, role: 'claimed' },
      ],
      evidence: [evidence],
      interface: arp.interface,
    });
  }

  /**
   * The gateway's or this machine's address from a MAC that is not theirs: 'claimed' when raised,
   * 'rightful' when its owner speaks (the claim already raised, a change back is no news), else 'none'.
   */
  private checkProtected(
    arp: ArpObservation,
    evidence: AlertEvidence,
    context: RuleContext,
  ): 'claimed' | 'rightful' | 'none' {
    const { own, gateways } = context.network;
    const whose = own.has(arp.senderIp) ? 'this machine' : gateways.has(arp.senderIp) ? 'the gateway' : undefined;
    if (whose === undefined) return 'none';
    const expected = own.get(arp.senderIp) ?? gateways.get(arp.senderIp) ?? this.owners.get(arp.senderIp)?.mac;
    if (expected === undefined) return 'none';
    if (expected === arp.senderMac) return 'rightful';
    context.raise({
      rule: 'arp-gateway-claimed',
      key: `${arp.senderIp} ${arp.senderMac}`,
      time: arp.time,
      title: `${arp.senderMac} claims ${arp.senderIp}, the address of ${whose} (whose MAC is ${expected})`,
      devices: [
        { ip: arp.senderIp, mac: expected, role: whose === 'the gateway' ? 'gateway' : 'self' },
        { mac: arp.senderMac, role: 'claimant' },
      ],
      evidence: [evidence],
      interface: arp.interface,
      data: { address: arp.senderIp, expectedMac: expected, claimedBy: arp.senderMac },
    });
    return 'claimed';
  }

  /** Follows each address's MAC: a change is an alert, a change back a flip-flop. */
  private checkOwner(arp: ArpObservation, evidence: AlertEvidence, context: RuleContext, quiet: boolean): void {
    const owner = this.owners.get(arp.senderIp);
    if (owner === undefined) {
      this.setOwner(arp.senderIp, { mac: arp.senderMac, since: arp.time, evidence, previous: [] });
      return;
    }
    this.setOwner(arp.senderIp, owner);
    if (owner.mac === arp.senderMac) return;
    const windowMs = context.settings.arpSpoofing.flipFlopSeconds * 1000;
    const flip = owner.previous.some(
      (earlier) => earlier.mac === arp.senderMac && arp.time - earlier.until <= windowMs,
    );
    if (!quiet) {
      context.raise({
        rule: flip ? 'arp-flip-flop' : 'arp-address-changed',
        key: flip ? arp.senderIp : `${arp.senderIp} ${arp.senderMac}`,
        time: arp.time,
        title: flip
          ? `${arp.senderIp} flip-flops between ${arp.senderMac} and ${owner.mac}`
          : `${arp.senderIp} moved from ${owner.mac} to ${arp.senderMac}`,
        devices: [
          { ip: arp.senderIp, mac: arp.senderMac, role: 'new owner' },
          { ip: arp.senderIp, mac: owner.mac, role: 'earlier owner' },
        ],
        evidence: [owner.evidence, evidence],
        interface: arp.interface,
        data: { address: arp.senderIp, from: owner.mac, to: arp.senderMac },
      });
    }
    owner.previous = [{ mac: owner.mac, until: arp.time }, ...owner.previous].slice(0, MAX_PREVIOUS);
    owner.mac = arp.senderMac;
    owner.since = arp.time;
    owner.evidence = evidence;
  }

  private checkClaims(arp: ArpObservation, evidence: AlertEvidence, context: RuleContext): void {
    const settings = context.settings.arpSpoofing;
    const { own, gateways } = context.network;
    let addresses = this.claims.get(arp.senderMac);
    if (addresses === undefined) addresses = new Map();
    else this.claims.delete(arp.senderMac);
    this.claims.set(arp.senderMac, addresses);
    forgetOldest(this.claims, MAX_MACS);
    addresses.set(arp.senderIp, arp.time);
    if (addresses.size < settings.manyAddresses) return;
    const since = arp.time - settings.manyAddressesSeconds * 1000;
    for (const [ip, time] of addresses) if (time < since) addresses.delete(ip);
    if (addresses.size < settings.manyAddresses) return;
    const isRouter = [...gateways.values(), ...own.values()].includes(arp.senderMac);
    if (isRouter) return;
    const claimed = [...addresses.keys()];
    context.raise({
      rule: 'arp-many-addresses',
      key: arp.senderMac,
      time: arp.time,
      title: `${arp.senderMac} claims ${claimed.length} addresses: ${listWords(claimed, 6)}`,
      devices: [{ mac: arp.senderMac, role: 'claimant' }],
      evidence: [evidence],
      interface: arp.interface,
      data: { mac: arp.senderMac, addresses: claimed.length },
    });
  }

  private setOwner(ip: string, owner: AddressOwner): void {
    this.owners.delete(ip);
    this.owners.set(ip, owner);
    forgetOldest(this.owners, MAX_ADDRESSES);
  }
}

function arpEvidence(arp: ArpObservation): AlertEvidence {
  const what =
    arp.operation === 2
      ? `ARP reply: ${arp.senderIp} is at ${arp.senderMac}`
      : `ARP request from ${arp.senderIp} (${arp.senderMac}) for ${arp.targetIp}`;
  const source =
    arp.frameSource !== undefined && arp.frameSource !== arp.senderMac ? `, sent from ${arp.frameSource}` : '';
  return { time: arp.time, frame: arp.frame, text: `${what}${source}` };
}
