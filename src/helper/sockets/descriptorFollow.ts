import type { ProcessReader } from './processTable';

/** A process with at most this many descriptors has each one read at every look. */
const SMALL_TABLE = 256;
/** Larger tables have only new descriptor numbers read, and all of them every this many looks. */
const FULL_LOOK_EVERY = 10;

/**
 * The sockets each watched process opened since the last look, from its descriptors alone
 * (`/proc/<pid>/fd`, no privilege for the user's own processes): far cheaper than reading the
 * kernel's socket table, so it can run many times a tick and tell when a new socket is worth a
 * reading. The kernel's close events cannot name a process (they carry neither uid nor inode), so
 * a connection refused or reset between two ticks keeps its process only if it is seen open.
 * A process with thousands of descriptors has only its new descriptor numbers read at most looks;
 * a number closed and reused between two looks is then caught by the next full look.
 */
export class DescriptorFollow {
  /** per pid: descriptor name → socket inode (0 for anything else) */
  private readonly known = new Map<number, Map<string, number>>();
  private looks = 0;

  constructor(private readonly reader: ProcessReader) {}

  /**
   * The socket inodes `pids` hold now that they did not at the last look, with their owner. A pid
   * seen for the first time counts nothing as new: the next full reading takes its sockets.
   */
  poll(pids: ReadonlySet<number>): Map<number, number> {
    const fresh = new Map<number, number>();
    const full = ++this.looks % FULL_LOOK_EVERY === 0;
    for (const pid of this.known.keys()) if (!pids.has(pid)) this.known.delete(pid);
    for (const pid of pids) {
      const now = this.look(pid, full);
      if (!now) continue;
      const before = this.known.get(pid);
      if (before) {
        const had = new Set(before.values());
        for (const inode of now.values()) if (inode && !had.has(inode)) fresh.set(inode, pid);
      }
      this.known.set(pid, now);
    }
    return fresh;
  }

  /** A process's descriptors now, reading the links of those that may have changed. */
  private look(pid: number, full: boolean): Map<string, number> | undefined {
    const { reader } = this;
    if (!reader.descriptors || !reader.descriptorInode) {
      const inodes = reader.socketInodes(pid);
      return inodes && new Map(inodes.map((inode) => [String(inode), inode]));
    }
    const names = reader.descriptors(pid);
    if (!names) return undefined;
    const before = full || names.length <= SMALL_TABLE ? undefined : this.known.get(pid);
    const now = new Map<string, number>();
    for (const name of names) now.set(name, before?.get(name) ?? reader.descriptorInode(pid, name));
    return now;
  }
}
