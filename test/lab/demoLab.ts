// The demo lab `npm start` serves VS Code with (as root): a dozen clearly labelled namespaced
// hosts of real vendors, some with reverse DNS names from the lab's own dnsmasq, two silent.
import type { LabSpec } from './lab';
import { labVendors, vendorMac } from './vendors';

const SUBNET = '10.213.250';
const names = ['dns', 'nas', 'printer', 'camera', 'laptop', 'phone', 'tv', 'router2', 'pi', 'vm', 'desk', 'iot'];

/** The demo lab: `llb-demo` on 10.213.250.0/24, this machine at .1. */
export function demoLabSpec(): LabSpec {
  const hosts = names.map((name, i) => ({
    ip: `${SUBNET}.${10 + i * 10}`,
    mac: vendorMac(labVendors[i % labVendors.length].oui, 0x300 + i),
    dnsServer: i === 0,
    silent: name === 'camera' || name === 'iot', // answer ARP only, like many locked-down devices
    tcpPorts: name === 'nas' ? [22, 445] : name === 'printer' ? [631, 9100] : name === 'pi' ? [22, 80] : undefined,
    ptrName: i % 3 === 0 ? undefined : `${name}.demo.lab`,
  }));
  return { suite: 'demo', bridgeIp: `${SUBNET}.1`, hosts };
}
