// The identify stage of a port scan: services and OS guesses for the ports found open. A host that
// answers on every port (a firewall's SYN proxy, a tarpit) would have service detection probe
// tens of thousands of ports for hours, so above a few thousand the user is asked first.
import type { PortScanContext } from './portScanContext';
import type { ProbeFindings } from './probeHosts';
import { identifyHosts, isToIdentify } from '../identify/identifyHosts';
import type { HostPorts, PortScanRequest } from '../../shared/model/ports';
import { formatCount } from '../../shared/format/displayFormat';

/** Ports that service detection may probe without asking. */
export const MAX_UNCONFIRMED_IDENTIFY = 4_096;

/** The ports service detection would probe (isToIdentify) on the hosts that are up. */
export function portsToIdentify(hosts: readonly HostPorts[]): { ports: number; hosts: number } {
  let ports = 0;
  let withPorts = 0;
  for (const host of hosts) {
    if (!host.up) continue;
    const count = host.ports.filter(isToIdentify).length;
    ports += count;
    if (count) withPorts++;
  }
  return { ports, hosts: withPorts };
}

/** Fills services and OS guesses in place when asked; returns the warnings for the result. */
export async function identifyStage(
  request: PortScanRequest,
  hosts: HostPorts[],
  { fingerprints, udpAnswers }: ProbeFindings,
  context: PortScanContext,
): Promise<string[]> {
  const warnings: string[] = [];
  const { signal } = context;
  let serviceDetection = request.serviceDetection ?? false;
  if (serviceDetection) {
    const count = portsToIdentify(hosts);
    if (count.ports > MAX_UNCONFIRMED_IDENTIFY) {
      // Asked of the client (the extension's dialog); without one, or refused, it is skipped.
      const agreed = (await context.confirmIdentify?.(count).catch(() => false)) ?? false;
      if (!agreed) {
        serviceDetection = false;
        warnings.push(
          `Service detection skipped: ${formatCount(count.ports)} open ports on ${formatCount(count.hosts)} ${count.hosts === 1 ? 'host' : 'hosts'}, more than the ${formatCount(MAX_UNCONFIRMED_IDENTIFY)} it probes without asking (a host open on every port is often a firewall or a tarpit). Confirm to identify them (lanlens ports --yes).`,
        );
      }
    }
  }
  if ((serviceDetection || request.osDetection) && !signal?.aborted) {
    const gatewayIp = context.interfaces.find((entry) => entry.gateway)?.gateway;
    const { cutShort } = await (context.identify ?? identifyHosts)(hosts, {
      serviceDetection,
      osDetection: request.osDetection ?? false,
      signal,
      fingerprints,
      udpAnswers,
      ...(gatewayIp ? { gatewayIp } : {}),
    });
    if (cutShort > 0) {
      const ports = cutShort === 1 ? '1 port was' : `${formatCount(cutShort)} ports were`;
      warnings.push(
        `${ports} not fully identified: a service that answers too slowly, or a host with too many open ports, ran past the time service detection gives each.`,
      );
    }
  }
  return warnings;
}
