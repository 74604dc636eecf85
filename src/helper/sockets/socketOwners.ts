import type { KernelSocket } from './nativeSockDiag';
import type { ProcessReader } from './processTable';

/**
 * Which watched process holds each socket, from the processes' descriptors (`/proc/<pid>/fd`, as
 * `ss -p` finds them). Reading every descriptor each tick would cost a readlink per descriptor, so
 * the map is rebuilt only when a socket appears whose owner is not known yet, or the processes
 * change; sockets that belong to no watched process are remembered as foreign until then.
 */
export class SocketOwners {
  private owners = new Map<number, number>();
  private foreign = new Set<number>();
  private pidsKey = '';
  /** descriptor scans made, for the bench and tests */
  scans = 0;

  constructor(private readonly reader: ProcessReader) {}

  /**
   * The owning pid of each socket in `sockets` held by one of `pids` (an inode → pid map), rescanning
   * the descriptors of `pids` when needed. `mayOwn` skips sockets no watched process could hold
   * (another user's) without a rescan.
   */
  resolve(
    sockets: readonly KernelSocket[],
    pids: ReadonlySet<number>,
    mayOwn: (socket: KernelSocket) => boolean = () => true,
  ): Map<number, number> {
    const key = [...pids].sort((a, b) => a - b).join(',');
    let stale = key !== this.pidsKey;
    for (let i = 0; i < sockets.length && !stale; i++) {
      const socket = sockets[i]!;
      if (socket.inode && !this.owners.has(socket.inode) && !this.foreign.has(socket.inode) && mayOwn(socket))
        stale = true;
    }
    if (stale) this.rescan(sockets, pids, key);
    return this.owners;
  }

  private rescan(sockets: readonly KernelSocket[], pids: ReadonlySet<number>, key: string): void {
    this.scans += 1;
    this.pidsKey = key;
    const owners = new Map<number, number>();
    for (const pid of pids) {
      for (const inode of this.reader.socketInodes(pid) ?? []) if (!owners.has(inode)) owners.set(inode, pid);
    }
    const foreign = new Set<number>();
    for (const socket of sockets) if (socket.inode && !owners.has(socket.inode)) foreign.add(socket.inode);
    this.owners = owners;
    this.foreign = foreign;
  }
}
