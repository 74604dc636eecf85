// The lab of the VS Code capture and port-scan tests: one host that announces itself by DHCP
// (busybox udhcpc asking for its own address, with a hostname; no server answers), and one web
// host with an HTTP server, a TCP listener and closed ports. Background processes stop with it.
import type { CaptureLabInfo } from '../extensionHost/harnessProtocol';
import type { Background } from './background';
import { startBackground } from './background';
import { startDhcpClient } from './dhcpClient';
import type { Lab } from './lab';
import { createLab } from './lab';
import { vendorMac } from './vendors';

export interface CaptureLab {
  lab: Lab;
  info: CaptureLabInfo;
  destroy(): void;
}

// A web server that names itself as nginx and serves a titled page, so service identification has a
// product, a version and a title to find.
const httpServerScript = `
const http = require('node:http');
const [ip, port, server] = process.argv.slice(1);
http
  .createServer((request, response) => {
    response.writeHead(200, { Server: server, 'Content-Type': 'text/html' });
    response.end('<html><head><title>Lab printer</title></head><body>ok</body></html>');
  })
  .listen(Number(port), ip, () => console.log('ready'));`;

/** Builds the lab on `subnet` (three octets, e.g. '10.213.33') under the suite name `suite`. */
export async function createCaptureLab(suite: string, subnet: string): Promise<CaptureLab> {
  const info: CaptureLabInfo = {
    cidr: `${subnet}.0/24`,
    bridge: `llb-${suite}`,
    bridgeIp: `${subnet}.1`,
    dhcpHost: { ip: `${subnet}.20`, mac: vendorMac('B827EB', 0x3320), hostname: 'lab-printer' },
    webHost: {
      ip: `${subnet}.21`,
      mac: vendorMac('001B21', 0x3321),
      httpPort: 8080,
      httpServer: 'nginx/1.22.1',
      otherPorts: [22],
    },
  };
  const lab = await createLab({
    suite,
    bridgeIp: info.bridgeIp,
    hosts: [
      { ip: info.dhcpHost.ip, mac: info.dhcpHost.mac },
      { ip: info.webHost.ip, mac: info.webHost.mac, tcpPorts: info.webHost.otherPorts },
    ],
  });
  const background: Background[] = [];
  const destroy = () => {
    for (const child of background) child.child.kill('SIGKILL');
    lab.destroy();
  };
  try {
    const [dhcpNs, webNs] = lab.hosts.map((host) => host.namespace);
    const { httpPort, httpServer, ip } = info.webHost;
    const web = startBackground('ip', [
      'netns',
      'exec',
      webNs,
      process.execPath,
      '-e',
      httpServerScript,
      ip,
      String(httpPort),
      httpServer,
    ]);
    background.push(web);
    await web.waitFor(/ready/);
    background.push(await startDhcpClient(dhcpNs, info.dhcpHost.ip, info.dhcpHost.hostname));
    return { lab, info, destroy };
  } catch (error) {
    destroy();
    throw error;
  }
}
