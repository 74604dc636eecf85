// A fake process table and socket source for the sockets unit tests (bandwhich's injected OS).
import type { ProcessEntry } from '../../../../src/shared/model/sockets';
import type { KernelSocket, KernelTcpInfo } from '../../../../src/helper/sockets/nativeSockDiag';
import type { ProcessReader } from '../../../../src/helper/sockets/processTable';
import type { SocketReading, SocketSource } from '../../../../src/helper/sockets/socketSource';

/** A process entry with defaults. */
export function proc(pid: number, ppid: number, startTime = 100, uid = 1000, name = `p${pid}`): ProcessEntry {
  return { pid, ppid, startTime, uid, name };
}

/** tcp_info with defaults: an established connection. */
export function info(fields: Partial<KernelTcpInfo> = {}): KernelTcpInfo {
  return {
    bytesAcked: 0,
    bytesReceived: 0,
    bytesSent: 0,
    rttUs: 500,
    rttVarUs: 250,
    retransmits: 0,
    totalRetrans: 0,
    segsOut: 3,
    segsIn: 3,
    lastDataSentMs: 0,
    lastDataReceivedMs: 0,
    options: 7,
    ...fields,
  };
}

/** A TCP socket with defaults: ESTAB from 10.0.0.1:40000+inode to 10.0.0.2:80. */
export function sock(inode: number, fields: Partial<KernelSocket> = {}): KernelSocket {
  return {
    protocol: 'tcp',
    family: 4,
    state: 1,
    localAddress: '10.0.0.1',
    localPort: 40000 + inode,
    remoteAddress: '10.0.0.2',
    remotePort: 80,
    uid: 1000,
    inode,
    cookie: `c${inode}`,
    tcpInfo: info(),
    ...fields,
  };
}

/** A machine whose processes, descriptors and sockets a test sets between readings. */
export class FakeOs implements ProcessReader, SocketSource {
  readonly kind = 'sock_diag' as const;
  table: ProcessEntry[] = [];
  fds = new Map<number, number[]>();
  sockets: KernelSocket[] = [];
  closes: KernelSocket[] = [];
  fdReads = 0;

  processes(): ProcessEntry[] {
    return this.table.map((entry) => ({ ...entry }));
  }
  socketInodes(pid: number): number[] | undefined {
    this.fdReads += 1;
    return this.fds.get(pid);
  }
  commandLine(pid: number): string | undefined {
    return `/usr/bin/prog${pid} --flag`;
  }
  read(): SocketReading {
    const reading = { sockets: this.sockets, closes: this.closes, lost: false };
    this.closes = [];
    return reading;
  }
  close(): void {}
}
