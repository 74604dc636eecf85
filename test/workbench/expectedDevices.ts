// How the Devices tree must show each host of a lab, computed from the lab's plan and the IEEE
// registry (oui-data, which LAN Lens ships compacted): the same rules a user reads in the README.
import type { ExpectedDevice } from '../extensionHost/harnessProtocol';
import type { Lab } from '../lab/lab';
import { ouiOf, registryOrganisations } from '../lab/vendors';

/** Label `hostname` or IP; description `IP · vendor` with a hostname, else `vendor`. */
export function expectedDevices(lab: Lab, { namesResolved }: { namesResolved: boolean }): ExpectedDevice[] {
  const vendors = registryOrganisations(lab.hosts.map((host) => ouiOf(host.mac)));
  return lab.hosts.map((host) => {
    const vendor = vendors.get(ouiOf(host.mac));
    if (!vendor) throw new Error(`lab MAC ${host.mac} has no vendor in oui-data`);
    const name = namesResolved ? host.ptrName : undefined;
    return name
      ? { ip: host.ip, label: name, description: `${host.ip} · ${vendor}` }
      : { ip: host.ip, label: host.ip, description: vendor };
  });
}
