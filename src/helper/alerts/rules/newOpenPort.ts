// A port found open that an earlier scan of the same device probed and did not find open. The
// first scan of a device only teaches; ports a scan did not probe are never "new" (a full scan
// after a top-100 scan finds nothing new by itself).
import { formatPortRanges, parsePortSpec, portLists } from '../../../shared/ports/portSpec';
import type { HostPorts, PortProtocol, PortScanResult } from '../../../shared/model/ports';
import type { DevicePorts } from '../alertBaseline';
import type { RuleContext, RuleEvaluator } from '../alertInputs';
import { deviceKey, deviceWords, listWords } from '../alertWords';

/** Raises 'new-open-port'. */
export class NewOpenPortRule implements RuleEvaluator {
  ports(result: PortScanResult, time: number, context: RuleContext): void {
    for (const host of result.hosts) {
      const key = deviceKey(host);
      if (!host.up || key === undefined) continue;
      const now = scannedPorts(host);
      const before = context.baseline.portsOf(key);
      context.baseline.setPorts(key, merge(before, now), time);
      if (before === undefined) continue;
      const probedBefore = { tcp: expand(before.probed.tcp), udp: expand(before.probed.udp) };
      const fresh = now.open.filter((port) => {
        const [protocol, number] = port.split('/') as [PortProtocol, string];
        return !before.open.includes(port) && probedBefore[protocol].has(Number(number));
      });
      if (fresh.length === 0) continue;
      const services = new Map(host.ports.map((port) => [`${port.protocol}/${port.port}`, port.service?.name]));
      const words = fresh.map((port) => (services.get(port) ? `${port} (${services.get(port)})` : port));
      context.raise({
        rule: 'new-open-port',
        key: `${key} ${fresh.join(' ')}`,
        time,
        title: `New open port${fresh.length > 1 ? 's' : ''} on ${deviceWords(host)}: ${listWords(words)}`,
        devices: [{ ip: host.ip, mac: host.mac, role: 'scanned' }],
        evidence: [
          { time, text: `port scan ${result.scanId} (${result.method}): ${listWords(words)} open` },
          { time, text: `earlier scans found ${before.open.length ? listWords(before.open) : 'no port'} open` },
        ],
        data: { ports: fresh.join(',') },
      });
    }
  }
}

/** What one scan of a host found: its open ports, and every port it probed. */
function scannedPorts(host: HostPorts): DevicePorts {
  const probed = { tcp: new Set<number>(), udp: new Set<number>() };
  for (const port of host.ports) probed[port.protocol].add(port.port);
  for (const protocol of ['tcp', 'udp'] as const) {
    for (const ranges of Object.values(host.notShownPorts?.[protocol] ?? {})) {
      for (const port of expand(ranges)) probed[protocol].add(port);
    }
  }
  const open = host.ports.filter((port) => port.state === 'open').map((port) => `${port.protocol}/${port.port}`);
  return { open, probed: { tcp: text(probed.tcp), udp: text(probed.udp) } };
}

function merge(before: DevicePorts | undefined, now: DevicePorts): DevicePorts {
  if (before === undefined) return now;
  const union = (a: string, b: string) => text(new Set([...expand(a), ...expand(b)]));
  return {
    open: [...new Set([...before.open, ...now.open])],
    probed: { tcp: union(before.probed.tcp, now.probed.tcp), udp: union(before.probed.udp, now.probed.udp) },
  };
}

function expand(ranges: string | undefined): Set<number> {
  if (!ranges) return new Set();
  return new Set(portLists(parsePortSpec(ranges)).tcp);
}

function text(ports: Set<number>): string {
  return formatPortRanges([...ports].sort((a, b) => a - b));
}
