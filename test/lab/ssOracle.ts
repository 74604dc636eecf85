// `ss -tinpeH` as the oracle of the sockets tests: its rows parsed into the fields LAN Lens reports.
import { runOk } from './exec';

/** One TCP socket as ss prints it. */
export interface SsSocket {
  state: string;
  local: string;
  localPort: number;
  peer: string;
  peerPort: number;
  pid?: number;
  inode: number;
  /** `sk:` in hex */
  cookie: string;
  bytesAcked: number;
  bytesReceived: number;
  rttMs?: number;
  retransTotal: number;
}

/** `addr:port` or `[v6]:port` (ss may print `%iface` after the address) */
function endpoint(text: string): [string, number] {
  const at = text.lastIndexOf(':');
  const address = text
    .slice(0, at)
    .replace(/^\[|\]$/g, '')
    .replace(/%.*$/, '');
  const port = text.slice(at + 1);
  return [address, port === '*' ? 0 : Number(port)];
}

/** Parses `ss -tinpeH` (a line per socket, then an indented line of tcp_info). */
export function parseSs(text: string): SsSocket[] {
  const sockets: SsSocket[] = [];
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    if (/^\s/.test(line)) {
      const last = sockets[sockets.length - 1];
      if (!last) continue;
      const value = (key: string) => new RegExp(`(?:^|\\s)${key}:(\\S+)`).exec(line)?.[1];
      last.bytesAcked = Number(value('bytes_acked') ?? 0);
      last.bytesReceived = Number(value('bytes_received') ?? 0);
      const rtt = value('rtt');
      if (rtt) last.rttMs = Number(rtt.split('/')[0]);
      last.retransTotal = Number(value('retrans')?.split('/')[1] ?? 0);
      continue;
    }
    const fields = line.trim().split(/\s+/);
    const [local, localPort] = endpoint(fields[3] ?? '');
    const [peer, peerPort] = endpoint(fields[4] ?? '');
    sockets.push({
      state: fields[0] ?? '',
      local,
      localPort,
      peer,
      peerPort,
      pid: Number(/pid=(\d+)/.exec(line)?.[1]) || undefined,
      inode: Number(/ino:(\d+)/.exec(line)?.[1] ?? 0),
      cookie: /sk:([0-9a-f]+)/.exec(line)?.[1] ?? '',
      bytesAcked: 0,
      bytesReceived: 0,
      retransTotal: 0,
    });
  }
  return sockets;
}

/** Every TCP socket ss sees now (in this network namespace), with owners. */
export async function ssSockets(): Promise<SsSocket[]> {
  return parseSs((await runOk('ss', ['-tinpeaH'])).stdout);
}
