// A lab host announcing itself by DHCP as a device on a real network does: busybox udhcpc asking
// for its own address under a host name, every second (no server answers), until it is stopped.
import type { Background } from './background';
import { startBackground } from './background';

/** Starts udhcpc in `namespace` on eth0; resolves once its first DISCOVER went out. */
export async function startDhcpClient(namespace: string, ip: string, hostname: string): Promise<Background> {
  // `-s /bin/true`: no script, so the address is never touched; `-r`: the address it asks for,
  // which names it in the DISCOVER; `-x hostname:`: its name.
  const dhcp = startBackground('ip', [
    'netns',
    'exec',
    namespace,
    'busybox',
    'udhcpc',
    '-i',
    'eth0',
    '-f',
    '-s',
    '/bin/true',
    '-r',
    ip,
    '-x',
    `hostname:${hostname}`,
    '-t',
    '100000',
    '-T',
    '1',
    '-A',
    '1',
  ]);
  try {
    await dhcp.waitFor(/broadcasting discover/);
  } catch (error) {
    dhcp.child.kill('SIGKILL');
    throw error;
  }
  return dhcp;
}
