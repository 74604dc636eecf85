// Processes and the sockets they hold, from /proc (Linux): what `ss -p` reads, limited to the
// processes this user may read, which needs no privilege for the user's own.
import { readdirSync, readFileSync, readlinkSync, statSync } from 'node:fs';
import type { ProcessEntry } from '../../shared/model/sockets';

/** The fields of /proc/<pid>/stat LAN Lens uses. */
export interface ProcStat {
  pid: number;
  name: string;
  ppid: number;
  /** clock ticks after boot (field 22) */
  startTime: number;
}

/** Parses /proc/<pid>/stat; the name may hold spaces and parentheses, so fields count from the last ')'. */
export function parseProcStat(text: string): ProcStat | undefined {
  const open = text.indexOf('(');
  const close = text.lastIndexOf(')');
  if (open < 0 || close < open) return undefined;
  const rest = text.slice(close + 2).split(' ');
  const pid = Number(text.slice(0, open).trim());
  const ppid = Number(rest[1]);
  const startTime = Number(rest[19]);
  if (!Number.isInteger(pid) || !Number.isInteger(ppid) || !Number.isFinite(startTime)) return undefined;
  return { pid, name: text.slice(open + 1, close), ppid, startTime };
}

/** The inode of a `socket:[N]` link, else 0. */
export function socketInode(link: string): number {
  return link.startsWith('socket:[') ? Number(link.slice(8, -1)) || 0 : 0;
}

/** How the helper reads processes: /proc by default, a fake in tests (bandwhich's injected OS). */
export interface ProcessReader {
  /** every process now */
  processes(): ProcessEntry[];
  /** the socket inodes a process holds, or undefined when its descriptors cannot be read */
  socketInodes(pid: number): number[] | undefined;
  /** its command line, arguments joined by spaces, or undefined when it cannot be read */
  commandLine(pid: number): string | undefined;
  /** its descriptor numbers (a listing, no link read), or undefined when they cannot be read */
  descriptors?(pid: number): string[] | undefined;
  /** the socket inode one descriptor holds, 0 for anything else or a descriptor gone */
  descriptorInode?(pid: number, descriptor: string): number;
}

/** The longest command line kept. */
const MAX_COMMAND = 300;

/** The machine's /proc. */
export function procProcessReader(root = '/proc'): ProcessReader {
  return {
    processes: () => readProcesses(root),
    socketInodes: (pid) => readSocketInodes(root, pid),
    descriptors: (pid) => {
      try {
        return readdirSync(`${root}/${pid}/fd`);
      } catch {
        return undefined;
      }
    },
    descriptorInode: (pid, descriptor) => {
      try {
        return socketInode(readlinkSync(`${root}/${pid}/fd/${descriptor}`));
      } catch {
        return 0;
      }
    },
    commandLine: (pid) => {
      try {
        const text = readFileSync(`${root}/${pid}/cmdline`, 'latin1').replace(/\0+$/, '').replaceAll('\0', ' ');
        return text ? text.slice(0, MAX_COMMAND) : undefined;
      } catch {
        return undefined;
      }
    },
  };
}

function readProcesses(root: string): ProcessEntry[] {
  const entries: ProcessEntry[] = [];
  for (const name of readdirSync(root)) {
    const code = name.charCodeAt(0);
    if (code < 48 || code > 57) continue;
    try {
      const stat = parseProcStat(readFileSync(`${root}/${name}/stat`, 'utf8'));
      if (stat) entries.push({ ...stat, uid: statSync(`${root}/${name}`).uid });
    } catch {
      // It exited between the listing and the read.
    }
  }
  return entries;
}

function readSocketInodes(root: string, pid: number): number[] | undefined {
  const folder = `${root}/${pid}/fd`;
  let fds: string[];
  try {
    fds = readdirSync(folder);
  } catch {
    return undefined;
  }
  const inodes: number[] = [];
  for (const fd of fds) {
    try {
      const inode = socketInode(readlinkSync(`${folder}/${fd}`));
      if (inode) inodes.push(inode);
    } catch {
      // Closed between the listing and the read.
    }
  }
  return inodes;
}
