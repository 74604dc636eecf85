// Checks that watched devices are there, without privilege: a TCP connect to a few common ports
// (an answer, even a refusal, means up), then the kernel's neighbour table, where a device on the
// link shows its MAC. Watched MACs are checked at the address the neighbour table gives them.
import { connectProbe } from '../scan/connectProbe';
import { readNeighbors } from '../os/neighbors';
import type { NeighborEntry } from '../os/neighbors';
import type { DeviceSighting } from './alertInputs';

/** Ports tried in turn until one answers (web, SSH, SMB, and the echo port most stacks refuse). */
const PORTS = [80, 443, 22, 445, 7];
const TIMEOUT_MS = 1_000;

/** What the prober uses (tests replace it). */
export interface ProbeIo {
  connect: typeof connectProbe;
  neighbours: () => Promise<NeighborEntry[]>;
}

const DEFAULT_IO: ProbeIo = { connect: connectProbe, neighbours: readNeighbors };

/** Checks each watched device once; resolves with the ones that answered, as sightings. */
export async function probeWatched(
  watched: readonly string[],
  now: () => number,
  io: ProbeIo = DEFAULT_IO,
): Promise<DeviceSighting[]> {
  const before = await io.neighbours();
  const targets = new Map<string, string>();
  for (const device of watched) {
    const ip = device.includes(':') ? before.find((entry) => entry.mac === device)?.ip : device;
    if (ip !== undefined) targets.set(ip, device);
  }
  const answered = await Promise.all([...targets.keys()].map(async (ip) => ((await answers(ip, io)) ? ip : undefined)));
  const after = await io.neighbours();
  const sightings: DeviceSighting[] = [];
  for (const ip of answered) {
    if (ip === undefined) continue;
    const mac = after.find((entry) => entry.ip === ip)?.mac;
    sightings.push({ time: now(), ip, mac, how: 'probe' });
  }
  return sightings;
}

async function answers(ip: string, io: ProbeIo): Promise<boolean> {
  for (const port of PORTS) {
    const { outcome } = await io.connect(ip, port, TIMEOUT_MS);
    if (outcome !== 'silent') return true;
  }
  return false;
}
