// `npm start` (as root, until the VS Code entry point replaces it): builds a small, clearly
// labelled demo lab of namespaced hosts, runs the CLI against it twice (plain, then with the lab's
// DNS server for names) and removes the lab on exit or Ctrl+C.
import { spawn } from 'node:child_process';
import { cliPath } from './cli';
import type { LabHostSpec } from './lab';
import { createLab, labSkipReason } from './lab';
import { labVendors, vendorMac } from './vendors';

const SUBNET = '10.213.250';
const names = ['dns', 'nas', 'printer', 'camera', 'laptop', 'phone', 'tv', 'router2', 'pi', 'vm', 'desk', 'iot'];

function plan(): LabHostSpec[] {
  return names.map((name, i) => ({
    ip: `${SUBNET}.${10 + i * 10}`,
    mac: vendorMac(labVendors[i % labVendors.length].oui, 0x300 + i),
    dnsServer: i === 0,
    silent: name === 'camera' || name === 'iot', // answer ARP only, like many locked-down devices
    tcpPorts: name === 'nas' ? [22, 445] : name === 'printer' ? [631, 9100] : name === 'pi' ? [22, 80] : undefined,
    ptrName: i % 3 === 0 ? undefined : `${name}.demo.lab`,
  }));
}

function lanlens(args: string[]): Promise<number | null> {
  console.log(`\n$ lanlens ${args.join(' ')}`);
  return new Promise((resolve) => {
    spawn(process.execPath, [cliPath, ...args], { stdio: 'inherit' }).on('close', resolve);
  });
}

async function main(): Promise<number> {
  const skip = labSkipReason();
  if (skip) {
    console.error(`demo: ${skip}`);
    return 1;
  }
  const lab = await createLab({ suite: 'demo', bridgeIp: `${SUBNET}.1`, hosts: plan() });
  try {
    console.log(
      `DEMO LAB: ${lab.hosts.length} simulated hosts in network namespaces on ${lab.cidr} (bridge ${lab.bridge}, ` +
        `this machine is ${lab.bridgeIp}); nothing here is a real device, and it is all removed on exit.`,
    );
    const plain = await lanlens(['scan', lab.cidr, '--no-resolve']);
    const named = await lanlens(['scan', lab.cidr, '--dns-server', lab.dnsIp!]);
    return plain === 0 && named === 0 ? 0 : 1;
  } finally {
    lab.destroy();
    console.log(`\ndemo lab on ${lab.cidr} removed`);
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
