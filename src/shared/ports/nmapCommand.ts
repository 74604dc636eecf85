// The nmap command line that does what a LAN Lens port scan did (or would do), so a user can check
// a result with the reference tool or take the scan further.
import type { PortScanMethod, PortScanRequest } from '../model/ports';
import { parsePortSpec } from './portSpec';
import { UDP_SERVICE_PORTS } from './udpServicePorts';

/** What the command is built from: the request, and the method the scan used when it is known. */
export type NmapScan = Pick<
  PortScanRequest,
  'targets' | 'tcp' | 'udp' | 'serviceDetection' | 'osDetection' | 'maxRate' | 'method'
>;

const SAFE = /^[A-Za-z0-9_.,:/=+@%-]+$/;

/** Quotes an argument for a POSIX shell when it needs it. */
function shellWord(word: string): string {
  return SAFE.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

/**
 * `nmap -n -sS -p 22,80 10.0.0.5`. Always `-n`: LAN Lens never resolves targets through the system
 * resolver. 'auto' becomes `-sS`, what both LAN Lens and nmap do with capture privilege. With UDP
 * on a named TCP set, a second nmap run covers LAN Lens's UDP service ports, since `--top-ports`
 * would pick UDP ports of its own.
 */
export function nmapCommand(scan: NmapScan, usedMethod?: PortScanMethod): string {
  const method = usedMethod ?? (scan.method === 'connect' ? 'connect' : 'syn');
  const tcpFlag = method === 'connect' ? '-sT' : '-sS';
  const common = [
    ...(scan.serviceDetection ? ['-sV'] : []),
    ...(scan.osDetection ? ['-O'] : []),
    ...(scan.maxRate ? ['--max-rate', String(scan.maxRate)] : []),
  ];
  const targets = scan.targets;
  const udp = scan.udp ? UDP_SERVICE_PORTS.join(',') : undefined;
  const run = (args: string[]) => ['nmap', '-n', ...args, ...common, ...targets].map(shellWord).join(' ');
  const tcp = scan.tcp;
  if (tcp.set === 'custom') {
    // nmap reads -p as LAN Lens does: unprefixed ports count for every protocol scanned, U: ports for UDP.
    const parsed = parsePortSpec(tcp.ranges ?? '');
    const overUdp = parsed.udpPorts > 0 || (scan.udp === true && parsed.unprefixedPorts > 0);
    const scanTypes = [...(parsed.tcpPorts > 0 ? [tcpFlag] : []), ...(overUdp ? ['-sU'] : [])];
    return run([...scanTypes, '-p', parsed.text]);
  }
  const ports = tcp.set === 'all' ? ['-p-'] : ['--top-ports', tcp.set === 'top100' ? '100' : '1000'];
  const tcpRun = run([tcpFlag, ...ports]);
  return udp ? `${tcpRun} && ${run(['-sU', '-p', udp])}` : tcpRun;
}
