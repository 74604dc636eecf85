import { processLabel } from '../../shared/model/sockets';
import type { ProcessEntry, ProcessTraffic, SocketsTick } from '../../shared/model/sockets';
import { DescriptorFollow } from './descriptorFollow';
import type { KernelSocket } from './nativeSockDiag';
import type { ProcessReader } from './processTable';
import { ProcessTree } from './processTree';
import { SocketOwners } from './socketOwners';
import type { SocketSource } from './socketSource';
import { SocketTracker } from './socketTracker';
import type { ByteDelta } from './socketTracker';

/** Between ticks the follow reads the socket table at most once per this many times the last reading's cost. */
const READ_COST_RATIO = 10;

/** What a watch follows. */
export interface SocketWatchOptions {
  watchId: string;
  /** roots of the watched tree (ignored with `allProcesses`) */
  pids: number[];
  /** follow the roots' descendants too */
  tree: boolean;
  /** every process this user may read instead of a tree (Show Process Traffic) */
  allProcesses: boolean;
}

/**
 * The sockets and traffic of a process tree (or of every readable process), one reading per tick:
 * the process table, the socket table with its close events, the owners of the sockets, and the
 * connection rows with their byte rates.
 */
export class SocketWatch {
  private readonly tree: ProcessTree;
  private readonly owners: SocketOwners;
  private readonly tracker = new SocketTracker();
  private readonly descriptors: DescriptorFollow;
  /** cookies of every socket the last reading listed (and the follow's since) */
  private listed = new Set<string>();
  /** close events a sighting drained, for the next tick */
  private pendingCloses: KernelSocket[] = [];
  private pendingLost = false;
  private readonly totals = new Map<number, ByteDelta>();
  private readonly names = new Map<number, string>();
  /** command lines by pid:startTime, read once per process */
  private readonly commands = new Map<string, string | undefined>();
  private processes: ProcessEntry[] = [];
  /** with `allProcesses`: the readable processes of the last reading */
  private readable: ProcessEntry[] = [];
  private traffic: ProcessTraffic[] = [];
  private alive = new Set<number>();
  private tickNumber = 0;
  private lastTime: number | undefined;
  private unattributed = 0;
  /** socket table readings made between ticks, for the bench */
  sightings = 0;
  /** ms the last follow took to look at the descriptors (the runner spaces looks by it) */
  lastLookMs = 0;
  /** sockets the follow saw open and has not read yet: inode → pid */
  private fresh = new Map<number, number>();
  /** performance.now() before which the follow does not read the table again */
  private nextReadAt = 0;

  constructor(
    readonly options: SocketWatchOptions,
    private readonly source: SocketSource,
    private readonly reader: ProcessReader,
    private readonly uid: number = process.getuid?.() ?? 0,
  ) {
    this.tree = new ProcessTree(options.tree);
    this.owners = new SocketOwners(reader);
    this.descriptors = new DescriptorFollow(reader);
    for (const pid of options.pids) this.tree.addRoot(pid);
  }

  /** Adds roots to a tree watch (the debug tracker learns pids as the session goes). */
  addRoots(pids: readonly number[]): void {
    for (const pid of pids) this.tree.addRoot(pid);
  }

  /** Reads once and answers with what changed. */
  read(now = Date.now()): SocketsTick {
    const table = this.reader.processes();
    const { alive, joined } = this.members(table, now);
    // The descriptors before the table: a socket opened in between is both read now and new to
    // the next follow (a reading too many), never neither.
    if (!this.options.allProcesses) this.descriptors.poll(alive);
    const source = this.source.read();
    const reading = {
      sockets: source.sockets,
      closes: this.pendingCloses.length ? [...this.pendingCloses, ...source.closes] : source.closes,
      lost: source.lost || this.pendingLost,
    };
    this.pendingCloses = [];
    this.pendingLost = false;
    this.fresh.clear();
    // Root sees every process; a user only their own, and only their own sockets could be theirs.
    const mayOwn = (socket: KernelSocket): boolean => this.uid === 0 || socket.uid === this.uid;
    const owners = this.owners.resolve(reading.sockets, alive, mayOwn);
    const ownerOf = (socket: KernelSocket): number | undefined => {
      const pid = socket.inode ? owners.get(socket.inode) : undefined;
      return pid !== undefined && alive.has(pid) ? pid : undefined;
    };
    // A close event names no process, nor user: one of a socket no reading ever listed (any
    // process's) is a connection shorter than a look, of some process on this machine.
    const listed = new Set(reading.sockets.map((socket) => socket.cookie));
    const unseen = (socket: KernelSocket): boolean => !listed.has(socket.cookie) && !this.listed.has(socket.cookie);
    const found = this.tracker.tick(now, reading.sockets, reading.closes, ownerOf, (pid) => !joined.has(pid), unseen);
    this.listed = listed;
    this.unattributed += found.unattributedCloses;
    this.updateTraffic(found.deltas, now);
    this.addCommands();
    this.tickNumber += 1;
    return { ...this.header(now, reading.lost), sockets: found.rows, unattributedCloses: found.unattributedCloses };
  }

  /**
   * Between ticks (tree watches): looks at the watched processes' descriptors and, when one opened
   * a socket, reads the socket table at once (readings take at most a tenth of the time), so the
   * connection is listed with its process now and keeps it if it closes before the next tick.
   * Answers a tick of the new rows (the traffic figures of the last tick), or undefined when
   * nothing is new.
   */
  follow(now = Date.now()): SocketsTick | undefined {
    if (this.options.allProcesses || this.alive.size === 0) return undefined;
    const looked = performance.now();
    for (const [inode, pid] of this.descriptors.poll(this.alive)) this.fresh.set(inode, pid);
    const started = performance.now();
    this.lastLookMs = started - looked;
    if (this.fresh.size === 0 || started < this.nextReadAt) return undefined;
    const fresh = this.fresh;
    this.fresh = new Map();
    const cpu = process.cpuUsage();
    const reading = this.source.read();
    for (const socket of reading.sockets) this.listed.add(socket.cookie);
    this.pendingCloses.push(...reading.closes);
    this.pendingLost ||= reading.lost;
    const rows = this.tracker.sight(now, reading.sockets, (socket) =>
      socket.inode ? fresh.get(socket.inode) : undefined,
    );
    this.sightings += 1;
    // A churning program would have the table read at every look: readings take at most their share
    // of a core (CPU time, which a busy machine does not inflate as it does the wall clock).
    const spent = process.cpuUsage(cpu);
    this.nextReadAt = performance.now() + ((spent.user + spent.system) / 1000) * READ_COST_RATIO;
    if (rows.length === 0) return undefined;
    this.tickNumber += 1;
    return { ...this.header(now, false), sockets: rows, unattributedCloses: 0 };
  }

  /** Everything the watch holds, as one tick (for a view that opens late or missed ticks). */
  snapshot(now = Date.now()): SocketsTick {
    return { ...this.header(now, false), sockets: this.tracker.rows(), unattributedCloses: this.unattributed };
  }

  close(): void {
    this.source.close();
  }

  /** Descriptor scans so far (the bench reports them). */
  get descriptorScans(): number {
    return this.owners.scans;
  }

  private header(now: number, lost: boolean): Omit<SocketsTick, 'sockets' | 'unattributedCloses'> {
    return {
      watchId: this.options.watchId,
      tick: this.tickNumber,
      time: now,
      source: this.source.kind,
      processes: this.processes,
      traffic: this.traffic,
      lostCloseEvents: lost,
    };
  }

  /** Command lines of the processes listed, and their programs' names in the traffic rows. */
  private addCommands(): void {
    for (const entry of this.processes) {
      const key = `${entry.pid}:${entry.startTime}`;
      if (!this.commands.has(key)) this.commands.set(key, this.reader.commandLine(entry.pid));
      const command = this.commands.get(key);
      if (command !== undefined) entry.command = command;
      if (entry.exitedAt === undefined) this.names.set(entry.pid, processLabel(entry));
    }
    for (const traffic of this.traffic) traffic.name = this.names.get(traffic.pid) ?? traffic.name;
  }

  /** The living members now, and which joined since the last reading. */
  private members(table: ProcessEntry[], now: number): { alive: Set<number>; joined: Set<number> } {
    for (const entry of table) this.names.set(entry.pid, entry.name);
    if (!this.options.allProcesses) {
      const result = this.tree.update(table, now);
      this.processes = this.tree.entries();
      this.alive = result.alive;
      return result;
    }
    // Every readable process: the first reading counts no history, later a new socket is all new.
    const readable = table.filter((entry) => this.uid === 0 || entry.uid === this.uid);
    this.alive = new Set(readable.map((entry) => entry.pid));
    this.readable = readable;
    return { alive: this.alive, joined: new Set() };
  }

  private updateTraffic(deltas: Map<number, ByteDelta>, now: number): void {
    const seconds = this.lastTime === undefined ? 0 : Math.max(0.001, (now - this.lastTime) / 1000);
    this.lastTime = now;
    const open = new Map<number, number>();
    for (const row of this.tracker.openRows())
      if (row.pid !== undefined) open.set(row.pid, (open.get(row.pid) ?? 0) + 1);
    for (const [pid, delta] of deltas) {
      const total = this.totals.get(pid) ?? { sent: 0, received: 0 };
      total.sent += delta.sent;
      total.received += delta.received;
      this.totals.set(pid, total);
    }
    const pids = new Set([...open.keys(), ...deltas.keys()]);
    if (!this.options.allProcesses) for (const pid of this.alive) pids.add(pid);
    this.traffic = [...pids].map((pid) => {
      const delta = deltas.get(pid);
      const total = this.totals.get(pid);
      return {
        pid,
        name: this.names.get(pid) ?? '',
        sendBytesPerSecond: delta && seconds > 0 ? delta.sent / seconds : 0,
        receiveBytesPerSecond: delta && seconds > 0 ? delta.received / seconds : 0,
        sentBytes: total?.sent ?? 0,
        receivedBytes: total?.received ?? 0,
        sockets: open.get(pid) ?? 0,
      };
    });
    // Show Process Traffic lists the processes that hold sockets, not every process.
    if (this.options.allProcesses) this.processes = this.readable.filter((entry) => pids.has(entry.pid));
  }
}
