import { TcpStateNumber } from '../../shared/model/sockets';
import type { ProcessReader } from './processTable';
import type { SocketSource } from './socketSource';

/**
 * The process listening on local TCP `port` (a debug port's owner is the debuggee), among the
 * processes `uid` may read (all of them for root); undefined when none is found.
 */
export function findPortOwner(
  port: number,
  source: SocketSource,
  reader: ProcessReader,
  uid: number = process.getuid?.() ?? 0,
): { pid: number; name: string } | undefined {
  const inodes = new Set(
    source
      .read()
      .sockets.filter(
        (socket) =>
          socket.protocol === 'tcp' &&
          socket.state === TcpStateNumber.listen &&
          socket.localPort === port &&
          socket.inode,
      )
      .map((socket) => socket.inode),
  );
  if (inodes.size === 0) return undefined;
  for (const entry of reader.processes()) {
    if (uid !== 0 && entry.uid !== uid) continue;
    if ((reader.socketInodes(entry.pid) ?? []).some((inode) => inodes.has(inode)))
      return { pid: entry.pid, name: entry.name };
  }
  return undefined;
}
