import { dns } from './protocols/dns';
import { ftp } from './protocols/ftp';
import { http } from './protocols/http';
import { imap } from './protocols/imap';
import { mongodb } from './protocols/mongodb';
import { mqtt } from './protocols/mqtt';
import { mysql } from './protocols/mysql';
import { pop3 } from './protocols/pop3';
import { postgres } from './protocols/postgres';
import { rdp } from './protocols/rdp';
import { redis } from './protocols/redis';
import { smb, smb1 } from './protocols/smb';
import { smtp } from './protocols/smtp';
import { ssh } from './protocols/ssh';
import { vnc } from './protocols/vnc';
import type { ProbeContext, ServiceMatch, ServiceProbe } from './serviceProbe';

/** Every protocol LAN Lens recognises over plain TCP. TLS is a stage of its own (see identifyTcpPort). */
export const probes: readonly ServiceProbe[] = [
  ssh,
  ftp,
  smtp,
  pop3,
  imap,
  mysql,
  vnc,
  http,
  redis,
  postgres,
  mongodb,
  rdp,
  mqtt,
  smb,
  dns,
];

export const serverFirstProbes = probes.filter((probe) => probe.serverFirst);
export const clientFirstProbes = probes.filter((probe) => !probe.serverFirst);

/** Ports where TLS comes first: the handshake is tried before any plain-text probe. */
export const tlsPorts: readonly number[] = [
  443, 8443, 4443, 9443, 993, 995, 465, 990, 636, 5986, 8883, 6443, 10443, 3269,
];

/** Probes only sent to learn more about a service another probe found. */
const refineProbes: readonly ServiceProbe[] = [smb1];

export function probeById(id: string): ServiceProbe | undefined {
  return probes.find((probe) => probe.id === id) ?? refineProbes.find((probe) => probe.id === id);
}

/** Probes whose usual ports include `port`, the most usual first (by the port's rank in each list). */
export function probesForPort(port: number): ServiceProbe[] {
  return probes
    .filter((probe) => probe.ports.includes(port))
    .sort((a, b) => a.ports.indexOf(port) - b.ports.indexOf(port));
}

/**
 * Recognises an answer by any parser: `first` (the probe that was sent) before the greeting parsers
 * (a greeting may precede the answer to our probe), then the rest.
 */
export function parseAnswer(answer: Buffer, context: ProbeContext, first?: ServiceProbe): ServiceMatch | undefined {
  if (answer.length === 0) return undefined;
  const ordered = new Set([...(first ? [first] : []), ...serverFirstProbes, ...clientFirstProbes]);
  for (const probe of ordered) {
    try {
      const match = probe.parse(answer, context);
      if (match) return match;
    } catch {
      // A parser that trips over hostile bytes simply did not recognise them.
    }
  }
  return undefined;
}
