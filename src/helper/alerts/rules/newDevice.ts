// A device never seen before (arpwatch's "new station"), by its MAC, or by its address when only a
// connect scan saw it. Devices are learnt from the first run on; alerts start once the learning
// period is over, so the devices already there are not all "new".
import type { AlertEvidence } from '../../../shared/model/alerts';
import { lookupVendor } from '../../identify/oui';
import type { CaptureTick, DeviceSighting, RuleContext, RuleEvaluator } from '../alertInputs';
import { deviceKey, deviceWords } from '../alertWords';

/** Raises 'new-device'. */
export class NewDeviceRule implements RuleEvaluator {
  capture(tick: CaptureTick, context: RuleContext): void {
    for (const arp of tick.arp) {
      const evidence = {
        time: arp.time,
        frame: arp.frame,
        text: `ARP ${arp.operation === 2 ? 'reply' : 'request'}: ${arp.senderIp} is at ${arp.senderMac}`,
      };
      this.see(
        { time: arp.time, ip: arp.senderIp, mac: arp.senderMac, interface: arp.interface, how: 'arp' },
        evidence,
        context,
      );
    }
    for (const device of tick.delta.devices) {
      const sighting = {
        time: device.lastSeen,
        ip: device.ip,
        mac: device.mac,
        name: device.hostname,
        interface: device.interface,
        how: device.source,
      };
      this.see(
        sighting,
        {
          time: device.lastSeen,
          text: `${device.source.toUpperCase()}: ${device.ip} from ${device.mac ?? 'an unknown MAC'}`,
        },
        context,
      );
    }
  }

  sightings(sightings: readonly DeviceSighting[], context: RuleContext): void {
    for (const sighting of sightings) {
      const found =
        sighting.how === 'ports'
          ? 'answered a port scan'
          : sighting.how === 'probe'
            ? 'answered a check'
            : 'found by a scan';
      this.see(sighting, { time: sighting.time, text: `${deviceWords(sighting)} ${found}` }, context);
    }
  }

  private see(sighting: DeviceSighting, evidence: AlertEvidence, context: RuleContext): void {
    if (sighting.how === 'traffic' || isOwn(sighting, context)) return;
    if (sighting.mac !== undefined && !isStationMac(sighting.mac)) return;
    const key = deviceKey(sighting);
    if (key === undefined || !context.baseline.seeDevice(key, sighting.time)) return;
    context.learnt(key, sighting);
    if (context.baseline.learning(sighting.time, context.settings.newDevice.learningSeconds)) return;
    const vendor = sighting.mac ? lookupVendor(sighting.mac) : undefined;
    context.raise({
      rule: 'new-device',
      key,
      time: sighting.time,
      title: `New device: ${deviceWords(sighting)}${vendor ? `, ${vendor}` : ''}`,
      devices: [{ ip: sighting.ip, mac: sighting.mac, name: sighting.name, role: 'new' }],
      evidence: [evidence],
      interface: sighting.interface,
      data: { how: sighting.how },
    });
  }
}

function isOwn(sighting: DeviceSighting, context: RuleContext): boolean {
  const own = context.network.own;
  if (sighting.ip !== undefined && own.has(sighting.ip)) return true;
  if (sighting.mac === undefined) return false;
  for (const mac of own.values()) if (mac === sighting.mac) return true;
  return false;
}

/** A unicast MAC that is not all zeros: what a station sends from. */
export function isStationMac(mac: string): boolean {
  return mac !== '00:00:00:00:00:00' && (parseInt(mac.slice(0, 2), 16) & 1) === 0;
}
