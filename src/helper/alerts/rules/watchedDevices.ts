// Watched devices (lanLens.alerts.watchedDevices.devices, by address or MAC): offline when nothing
// has seen them for a while, back when something sees them again. Seen means: announced on the
// link, sending in a capture, found by a scan, or answering the helper's presence checks
// (presenceProber.ts), which run whether or not anything captures.
import { formatDuration } from '../../../shared/format/displayFormat';
import type { AlertEvidence } from '../../../shared/model/alerts';
import type { CaptureTick, DeviceSighting, RuleContext, RuleEvaluator } from '../alertInputs';

interface Watched {
  state: 'unknown' | 'online' | 'offline';
  lastSeen: number;
  /** the last sighting, in words */
  last?: AlertEvidence;
  ip?: string;
  mac?: string;
}

/** Raises 'device-offline' and 'device-back'. */
export class WatchedDevices implements RuleEvaluator {
  private readonly watched = new Map<string, Watched>();
  private list: readonly string[] = [];

  capture(tick: CaptureTick, context: RuleContext): void {
    this.sync(context, tick.time);
    if (this.watched.size === 0) return;
    for (const arp of tick.arp)
      this.see(
        arp.senderIp,
        arp.senderMac,
        { time: arp.time, frame: arp.frame, text: `ARP from ${arp.senderIp} (${arp.senderMac})` },
        context,
      );
    for (const device of tick.delta.devices)
      this.see(
        device.ip,
        device.mac,
        { time: device.lastSeen, text: `${device.source.toUpperCase()} from ${device.ip}` },
        context,
      );
    for (const host of tick.delta.hosts) {
      if (host.packetsOut > 0)
        this.see(
          host.addr,
          undefined,
          { time: host.lastSeen, text: `traffic from ${host.addr} on ${tick.interface}` },
          context,
        );
    }
  }

  sightings(sightings: readonly DeviceSighting[], context: RuleContext): void {
    const now = sightings[0]?.time ?? 0;
    this.sync(context, now);
    for (const sighting of sightings) {
      this.see(
        sighting.ip,
        sighting.mac,
        { time: sighting.time, text: `${sighting.ip ?? sighting.mac} answered (${sighting.how})` },
        context,
      );
    }
  }

  clock(now: number, context: RuleContext): void {
    this.sync(context, now);
    const offlineMs = context.settings.watchedDevices.offlineSeconds * 1000;
    for (const [address, device] of this.watched) {
      if (device.state === 'offline' || now - device.lastSeen < offlineMs) continue;
      device.state = 'offline';
      const never = device.last === undefined;
      context.raise({
        rule: 'device-offline',
        key: address,
        time: now,
        title: `Watched device ${address} is offline: not seen for ${formatDuration(now - device.lastSeen)}${never ? ' (not once since watching began)' : ''}`,
        devices: [
          {
            ip: device.ip ?? (address.includes(':') ? undefined : address),
            mac: device.mac ?? (address.includes(':') ? address : undefined),
            role: 'watched',
          },
        ],
        evidence: device.last ? [{ ...device.last, text: `last seen: ${device.last.text}` }] : [],
        data: { device: address, lastSeen: device.lastSeen },
      });
    }
  }

  /** Follows the watch list: devices added are watched from `now`, devices removed forgotten. */
  private sync(context: RuleContext, now: number): void {
    const list = context.settings.watchedDevices.devices;
    if (list === this.list) return;
    this.list = list;
    for (const address of [...this.watched.keys()]) if (!list.includes(address)) this.watched.delete(address);
    for (const address of list)
      if (!this.watched.has(address)) this.watched.set(address, { state: 'unknown', lastSeen: now });
  }

  private see(ip: string | undefined, mac: string | undefined, evidence: AlertEvidence, context: RuleContext): void {
    const address =
      ip !== undefined && this.watched.has(ip) ? ip : mac !== undefined && this.watched.has(mac) ? mac : undefined;
    if (address === undefined) return;
    const device = this.watched.get(address)!;
    if (evidence.time < device.lastSeen) return;
    const wasOffline = device.state === 'offline';
    device.state = 'online';
    const away = evidence.time - device.lastSeen;
    device.lastSeen = evidence.time;
    device.last = evidence;
    device.ip = ip ?? device.ip;
    device.mac = mac ?? device.mac;
    if (!wasOffline) return;
    context.raise({
      rule: 'device-back',
      key: address,
      time: evidence.time,
      title: `Watched device ${address} is back after ${formatDuration(away)}`,
      devices: [{ ip: device.ip, mac: device.mac, role: 'watched' }],
      evidence: [evidence],
      data: { device: address, awayMs: away },
    });
  }
}
