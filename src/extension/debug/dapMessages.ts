// What LAN Lens reads in Debug Adapter Protocol messages, for any debug type: the debuggee's
// process ids, pauses and ends, its debug port, and whether it runs elsewhere. Pure functions of
// the messages and launch configurations (no vscode), tested with recorded messages.

/** How a debuggee's pid was learnt; the panel says it. */
export type PidSource =
  /** the DAP `process` event's systemProcessId (debugpy, cppdbg, delve launch…) */
  | 'process event'
  /** `processId` in the attach arguments */
  | 'attach arguments'
  /** the terminal `runInTerminal` started: the program is among its descendants */
  | 'runInTerminal shell'
  /** the process `runInTerminal` reported */
  | 'runInTerminal process'
  /** a js-debug child session, named `program [pid]` */
  | 'js-debug child session'
  /** the answer to Java's `processId` request */
  | 'processId request'
  /** no pid given: the process listening on the debug port */
  | 'debug port owner';

/** A pid and how it was learnt. */
export interface LearntPid {
  pid: number;
  how: PidSource;
}

/** What a message says about the debuggee's run. */
export type RunChange = 'stopped' | 'continued' | 'ended';

type Loose = Record<string, unknown> | undefined;

const record = (value: unknown): Loose =>
  value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;

/** A positive whole pid from a number or a numeric string (`${command:pickProcess}` gives text). */
export function asPid(value: unknown): number | undefined {
  const number = typeof value === 'string' && /^\d+$/.test(value.trim()) ? Number(value) : value;
  return typeof number === 'number' && Number.isInteger(number) && number > 0 && number < 2 ** 31 ? number : undefined;
}

const learnt = (how: PidSource, ...values: unknown[]): LearntPid[] =>
  values.map(asPid).flatMap((pid) => (pid === undefined ? [] : [{ pid, how }]));

/** js-debug names a child session `program [pid]`. */
export function pidOfJsDebugName(name: unknown): number | undefined {
  return typeof name === 'string' ? asPid(/\[(\d+)\]\s*$/.exec(name)?.[1]) : undefined;
}

/** Pids named by a message the debug adapter sent (events, responses, reverse requests). */
export function pidsFromAdapter(message: unknown): LearntPid[] {
  const m = record(message);
  if (!m) return [];
  const body = record(m.body);
  if (m.type === 'event' && m.event === 'process') return learnt('process event', body?.systemProcessId);
  if (m.type === 'request' && m.command === 'startDebugging') {
    const configuration = record(record(m.arguments)?.configuration);
    return learnt('js-debug child session', pidOfJsDebugName(configuration?.name));
  }
  if (m.type === 'response' && m.command === 'processId' && m.success !== false)
    return learnt('processId request', body?.processId, body?.shellProcessId);
  return [];
}

/** Pids named by a message the editor sent to the adapter (requests, answers to reverse requests). */
export function pidsFromEditor(message: unknown): LearntPid[] {
  const m = record(message);
  if (!m) return [];
  if (m.type === 'response' && m.command === 'runInTerminal' && m.success !== false) {
    const body = record(m.body);
    return [
      ...learnt('runInTerminal process', body?.processId),
      ...learnt('runInTerminal shell', body?.shellProcessId),
    ];
  }
  if (m.type === 'request' && m.command === 'attach') return learnt('attach arguments', record(m.arguments)?.processId);
  return [];
}

/** Pids a session's launch configuration names: an attach's processId, a js-debug child's name. */
export function pidsFromConfiguration(configuration: unknown): LearntPid[] {
  const c = record(configuration);
  if (!c) return [];
  return [
    ...(c.request === 'attach' ? learnt('attach arguments', c.processId) : []),
    ...learnt('js-debug child session', pidOfJsDebugName(c.__pendingTargetId ? c.name : undefined)),
  ];
}

/** The debug port an attach connects to (node, debugpy's `connect`, delve), else undefined. */
export function debugPortOf(configuration: unknown): number | undefined {
  const c = record(configuration);
  if (!c || c.request !== 'attach') return undefined;
  const port = c.port ?? record(c.connect)?.port;
  const number = typeof port === 'string' ? Number(port) : port;
  return typeof number === 'number' && Number.isInteger(number) && number > 0 && number < 65536 ? number : undefined;
}

const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '::1', '[::1]', '0.0.0.0', '']);

/** The host a configuration attaches to when it is not this machine (then its traffic is elsewhere). */
export function remoteHostOf(configuration: unknown): string | undefined {
  const c = record(configuration);
  if (!c) return undefined;
  const host = c.address ?? c.host ?? record(c.connect)?.host;
  if (typeof host !== 'string') return undefined;
  const name = host.trim().toLowerCase();
  return LOCAL_HOSTS.has(name) || name.startsWith('127.') ? undefined : host;
}

/** Whether a message from the adapter pauses, resumes or ends the debuggee. */
export function runChangeOf(message: unknown): RunChange | undefined {
  const m = record(message);
  if (m?.type !== 'event') return undefined;
  if (m.event === 'stopped') return 'stopped';
  if (m.event === 'continued') return 'continued';
  if (m.event === 'terminated' || m.event === 'exited') return 'ended';
  return undefined;
}

/** Whether a request the editor sends resumes the debuggee (some adapters send no `continued` event). */
export function resumesOnRequest(message: unknown): boolean {
  const m = record(message);
  return (
    m?.type === 'request' &&
    ['continue', 'next', 'stepIn', 'stepOut', 'reverseContinue', 'stepBack'].includes(String(m.command))
  );
}
