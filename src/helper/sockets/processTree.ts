import type { ProcessEntry } from '../../shared/model/sockets';

/** Exited processes a tree keeps listing, at most. */
const MAX_EXITED = 1000;

/** A process's identity over time: its pid and start time, since pids are reused. */
function processKey(entry: { pid: number; startTime: number }): string {
  return `${entry.pid}:${entry.startTime}`;
}

/**
 * Follows a process tree: its roots (the debuggee's pids) and every descendant, as the process
 * table shows them tick after tick. A member stays one while it lives, also once reparented; a pid
 * that comes back with another start time is another process and is never mistaken for a member.
 */
export class ProcessTree {
  /** the roots, with the start time they must have (undefined: whatever it is when first seen) */
  private readonly roots = new Map<number, number | undefined>();
  private readonly members = new Map<string, ProcessEntry>();
  private alive = new Set<number>();

  /** `followChildren` false watches the roots alone. */
  constructor(private readonly followChildren = true) {}

  /** Adds a root; `startTime` pins it to one process when the caller knows it. */
  addRoot(pid: number, startTime?: number): void {
    if (!this.roots.has(pid)) this.roots.set(pid, startTime);
  }

  /** The pids of the roots asked for. */
  get rootPids(): number[] {
    return [...this.roots.keys()];
  }

  /**
   * Updates the tree from the process table; returns the pids of living members and which of
   * them joined in this update.
   */
  update(table: readonly ProcessEntry[], now: number): { alive: Set<number>; joined: Set<number> } {
    const byPid = new Map<number, ProcessEntry>();
    for (const entry of table) byPid.set(entry.pid, entry);
    const alive = new Set<number>();
    for (const member of this.members.values()) {
      const current = byPid.get(member.pid);
      if (member.exitedAt === undefined && current?.startTime === member.startTime) alive.add(member.pid);
      else member.exitedAt ??= now;
    }
    const joined = new Set<number>();
    const join = (entry: ProcessEntry): void => {
      if (alive.has(entry.pid)) return;
      this.members.set(processKey(entry), { ...entry });
      alive.add(entry.pid);
      joined.add(entry.pid);
    };
    for (const [pid, startTime] of this.roots) {
      const current = byPid.get(pid);
      if (current && (startTime === undefined || startTime === current.startTime)) {
        this.roots.set(pid, current.startTime);
        if (!this.members.get(processKey(current))?.exitedAt) join(current);
      }
    }
    if (this.followChildren) this.joinDescendants(table, alive, join);
    this.alive = alive;
    this.pruneExited();
    return { alive, joined };
  }

  /** Every member, living and exited (newest exits kept). */
  entries(): ProcessEntry[] {
    return [...this.members.values()];
  }

  /** Whether `pid` is a living member after the last update. */
  has(pid: number): boolean {
    return this.alive.has(pid);
  }

  /** Children of living members join, then theirs; a child cannot have started before its parent. */
  private joinDescendants(
    table: readonly ProcessEntry[],
    alive: Set<number>,
    join: (entry: ProcessEntry) => void,
  ): void {
    const children = new Map<number, ProcessEntry[]>();
    for (const entry of table) {
      const list = children.get(entry.ppid);
      if (list) list.push(entry);
      else children.set(entry.ppid, [entry]);
    }
    const startOf = new Map<number, number>();
    for (const entry of table) startOf.set(entry.pid, entry.startTime);
    const queue = [...alive];
    while (queue.length > 0) {
      const parent = queue.pop()!;
      for (const child of children.get(parent) ?? []) {
        if (alive.has(child.pid) || child.startTime < (startOf.get(parent) ?? 0)) continue;
        join(child);
        queue.push(child.pid);
      }
    }
  }

  private pruneExited(): void {
    const exited = [...this.members.entries()].filter(([, entry]) => entry.exitedAt !== undefined);
    if (exited.length <= MAX_EXITED) return;
    exited.sort((a, b) => (a[1].exitedAt ?? 0) - (b[1].exitedAt ?? 0));
    for (const [key] of exited.slice(0, exited.length - MAX_EXITED)) this.members.delete(key);
  }
}
