import { processLabel } from '../../shared/model/sockets';
import type { SocketsTick, SocketSourceKind } from '../../shared/model/sockets';
import {
  byTraffic,
  PROCESS_TRAFFIC_HEADERS,
  processTrafficCells,
  SOCKET_COLUMNS,
} from '../../shared/sockets/socketColumns';
import type { SocketColumnContext } from '../../shared/sockets/socketColumns';
import type { ProcessReader } from '../sockets/processTable';
import { procProcessReader } from '../sockets/processTable';
import type { SocketSource } from '../sockets/socketSource';
import { openSocketSource } from '../sockets/socketSource';
import { SocketWatch } from '../sockets/socketWatch';
import { runWatchTicks } from '../sockets/watchTicks';
import type { CliOutput, CommandRunner } from './cliOptions';
import { numberOption } from './cliOptions';
import { renderTable } from './table';

/** Options of `lanlens sockets`. */
export interface SocketsCommandOptions {
  pids: number[];
  tree: boolean;
  all: boolean;
  watch: boolean;
  intervalMs: number;
  /** readings to print with --watch (else until Ctrl+C) */
  count?: number;
  json: boolean;
  source?: SocketSourceKind;
}

/** The OS behind the command, injected in tests. */
export interface SocketsCommandIo {
  openSource: (prefer?: SocketSourceKind) => SocketSource;
  reader: ProcessReader;
}

/**
 * `lanlens sockets --pid PID [--tree] [--watch] [--json]`: the TCP and UDP sockets of processes
 * (their descendants with --tree, every readable process with --all) with tcp_info's bytes, RTT
 * and retransmits, without privilege. One reading, or one a tick with --watch.
 */
export async function socketsCommand(
  options: SocketsCommandOptions,
  output: CliOutput,
  io: SocketsCommandIo = { openSource: openSocketSource, reader: procProcessReader() },
): Promise<number> {
  const source = io.openSource(options.source);
  if (source.note && !options.json) output.err(`lanlens: ${source.note}`);
  const watchId = 'cli';
  const watch = new SocketWatch(
    { watchId, pids: options.pids, tree: options.tree, allProcesses: options.all },
    source,
    io.reader,
  );
  try {
    const first = watch.read();
    if (!options.all && !first.processes.some((entry) => entry.exitedAt === undefined)) {
      output.err(`lanlens: no process ${options.pids.join(', ')} (or it is not yours to read)`);
      return 1;
    }
    if (!options.watch) return (print(watch.snapshot(), options, output, true), 0);
    print(first, options, output, true);
    await ticks(watch, options, (tick) => print(tick, options, output, false), output);
    return 0;
  } finally {
    watch.close();
  }
}

/** Prints a tick every interval (and as soon as a new connection is seen) until --count readings or Ctrl+C. */
async function ticks(
  watch: SocketWatch,
  options: SocketsCommandOptions,
  each: (tick: SocketsTick) => void,
  output: CliOutput,
): Promise<void> {
  let stop: () => void = () => {};
  const stopped = new Promise<void>((resolve) => (stop = resolve));
  let printed = 1;
  const running = runWatchTicks(
    watch,
    { intervalMs: options.intervalMs },
    (tick, between) => {
      if (options.count !== undefined && printed >= options.count) return;
      each(tick);
      // --count counts readings; the new connections printed between them come on top.
      if (!between && options.count !== undefined && ++printed >= options.count) stop();
    },
    (error) => output.err(`lanlens: a reading failed: ${error instanceof Error ? error.message : String(error)}`),
  );
  process.once('SIGINT', stop);
  try {
    if (options.count === undefined || printed < options.count) await stopped;
  } finally {
    running.stop();
    process.off('SIGINT', stop);
  }
}

function print(tick: SocketsTick, options: SocketsCommandOptions, output: CliOutput, whole: boolean): void {
  if (options.json) return output.out(JSON.stringify(tick));
  const names = new Map(tick.processes.map((entry) => [entry.pid, processLabel(entry)]));
  const context: SocketColumnContext = { processName: (pid) => names.get(pid), now: tick.time };
  const columns = SOCKET_COLUMNS.filter((column) => column.id !== 'name' && column.id !== 'rate');
  const rows = tick.sockets
    .filter(
      (row) =>
        whole ||
        row.closedAt !== undefined ||
        row.sendBytesPerSecond ||
        row.receiveBytesPerSecond ||
        row.firstSeen === tick.time,
    )
    .map((row) => columns.map((column) => column.text(row, context)));
  const traffic = [...tick.traffic].sort(byTraffic).map(processTrafficCells);
  const lines = [
    `${new Date(tick.time).toISOString()}  (${tick.source === 'proc' ? '/proc/net: no byte counts' : 'sock_diag'})`,
  ];
  if (options.watch) lines.push(renderTable(PROCESS_TRAFFIC_HEADERS, traffic));
  if (rows.length > 0)
    lines.push(
      renderTable(
        columns.map((column) => column.title.toUpperCase()),
        rows,
      ),
    );
  if (tick.unattributedCloses > 0)
    lines.push(
      `${tick.unattributedCloses} socket(s) on this machine opened and closed between readings; their process is not known`,
    );
  output.out(lines.join('\n'));
}

/** `lanlens sockets` from the parsed command line */
export const socketsCli: CommandRunner = (values, rest, output) => {
  const bad = (message: string) => (output.err(`lanlens: ${message}`), Promise.resolve(2));
  if (rest.length > 0) return bad(`sockets takes no arguments, got ${rest.join(' ')} (use --pid PID)`);
  const pids = (values.pid ?? []).map((text) => (/^\d+$/.test(text) ? Number(text) : NaN));
  if (pids.some((pid) => !Number.isSafeInteger(pid) || pid < 1))
    return bad(`--pid takes process ids, not ${values.pid?.join(' ')}`);
  if (pids.length === 0 && !values.all) return bad('sockets needs --pid PID (repeatable) or --all');
  if (values.source !== undefined && values.source !== 'sock_diag' && values.source !== 'proc')
    return bad(`--source must be sock_diag or proc, not "${values.source}"`);
  const intervalMs = numberOption(values.interval, 'interval', 100, 60_000, output);
  const count = numberOption(values.count, 'count', 1, 1_000_000, output);
  if (intervalMs === null || count === null) return Promise.resolve(2);
  return socketsCommand(
    {
      pids,
      tree: values.tree ?? false,
      all: values.all ?? false,
      watch: values.watch ?? false,
      intervalMs: intervalMs ?? 1000,
      ...(count !== undefined ? { count } : {}),
      json: values.json ?? false,
      ...(values.source ? { source: values.source } : {}),
    },
    output,
  );
};
