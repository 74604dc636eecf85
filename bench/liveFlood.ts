// What the live benchmarks share: the frame generator (bench/native/udpFlood.c, built at bench
// time), a flood from a lab host to a MAC nobody has, and the CPU time a process has used.
import { readFileSync } from 'node:fs';
import { buildBenchTool } from './benchTool';
import { runOk } from '../test/lab/exec';
import { createLab, labSkipReason } from '../test/lab/lab';
import type { Lab } from '../test/lab/lab';

/** a unicast MAC nobody has: the bridge floods it to no other port, so nothing answers or loops */
export const SINK_MAC = '02:13:53:00:00:99';
const CLOCK_TICKS = 100; // USER_HZ on Linux: /proc/PID/stat counts CPU time in 1/100 s

/** Builds udpFlood into test-results/; returns its path. */
export function buildUdpFlood(): string {
  return buildBenchTool('udpFlood');
}

/**
 * Sends `packets` 60-byte UDP frames (port 9) at `rate` per second (0: as fast as it can) from the
 * lab's first host to SINK_MAC and the bridge's address; with `sourceHosts`, from that many
 * addresses counted up from the host's. Resolves with what was sent and the rate reached.
 */
export async function flood(
  lab: Lab,
  generator: string,
  packets: number,
  rate: number,
  sourceHosts = 1,
): Promise<{ sent: number; rate: number }> {
  const host = lab.hosts[0];
  const args = [generator, 'eth0', String(packets), String(rate), host.mac, SINK_MAC, host.ip, lab.bridgeIp, '9'];
  if (sourceHosts > 1) args.push('60', String(sourceHosts));
  const { stdout } = await runOk('ip', ['netns', 'exec', host.namespace, ...args], { timeoutMs: 120_000 });
  return JSON.parse(stdout) as { sent: number; rate: number };
}

/** user + system CPU seconds of a running process */
export function cpuSeconds(pid: number | undefined): number {
  if (!pid) return NaN;
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
  } catch {
    return NaN;
  }
}

/**
 * The flood's lab: one sender on `subnet` (three octets) under the suite name `suite`, and the
 * host side of its veth to capture on; undefined (the reason printed) where no lab can be built.
 */
export async function createFloodLab(suite: string, subnet: string): Promise<{ lab: Lab; port: string } | undefined> {
  const skip = labSkipReason();
  if (skip) {
    console.error(`bench: cannot build the lab: ${skip}`);
    return undefined;
  }
  const lab = await createLab({
    suite,
    bridgeIp: `${subnet}.1`,
    hosts: [{ ip: `${subnet}.2`, mac: `02:13:${Number(subnet.split('.')[2]).toString(16).padStart(2, '0')}:00:00:02` }],
  });
  return { lab, port: `llv-${suite}-1` };
}
