// What the dispatcher (cli.ts) and every command share: the command names, the options table and
// its parsed values, where output goes, and a command's signature.
import { parseArgs } from 'node:util';

/** Every `lanlens` command. */
export const COMMAND_NAMES = [
  'interfaces',
  'scan',
  'stats',
  'identify',
  'bandwidth',
  'capture',
  'ports',
  'topology',
  'grant',
  'revoke',
  'history',
  'sockets',
  'watch',
  'log',
  'report',
] as const;
/** One of COMMAND_NAMES. */
export type CommandName = (typeof COMMAND_NAMES)[number];

/** Where CLI output goes: stdout for results, stderr for messages. */
export interface CliOutput {
  out: (text: string) => void;
  err: (text: string) => void;
}

const OPTIONS = {
  json: { type: 'boolean' },
  interface: { type: 'string', short: 'i' },
  timeout: { type: 'string' },
  retries: { type: 'string' },
  method: { type: 'string' },
  'no-resolve': { type: 'boolean' },
  'dns-server': { type: 'string', multiple: true },
  yes: { type: 'boolean', short: 'y' },
  filter: { type: 'string', short: 'f' },
  write: { type: 'string', short: 'w' },
  count: { type: 'string', short: 'c' },
  duration: { type: 'string' },
  snaplen: { type: 'string' },
  'buffer-size': { type: 'string' },
  'no-promiscuous': { type: 'boolean' },
  ipfix: { type: 'string' },
  'ipfix-active-timeout': { type: 'string' },
  'ipfix-idle-timeout': { type: 'string' },
  ports: { type: 'string', short: 'p' },
  'top-ports': { type: 'string' },
  syn: { type: 'boolean' },
  connect: { type: 'boolean' },
  udp: { type: 'boolean' },
  services: { type: 'boolean' },
  os: { type: 'boolean' },
  'max-rate': { type: 'string' },
  threads: { type: 'string' },
  verbose: { type: 'boolean', short: 'v' },
  interval: { type: 'string' },
  traceroute: { type: 'boolean' },
  'max-ttl': { type: 'string' },
  read: { type: 'string', short: 'r' },
  db: { type: 'string' },
  since: { type: 'string' },
  by: { type: 'string' },
  period: { type: 'string' },
  at: { type: 'string' },
  format: { type: 'string' },
  output: { type: 'string', short: 'o' },
  pid: { type: 'string', multiple: true },
  tree: { type: 'boolean' },
  watch: { type: 'boolean' },
  all: { type: 'boolean' },
  source: { type: 'string' },
  set: { type: 'string', multiple: true },
  webhook: { type: 'string' },
  smtp: { type: 'string' },
  'key-file': { type: 'string' },
  log: { type: 'string' },
  'no-history': { type: 'boolean' },
  version: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** Parses argv against the options every command shares; throws on an unknown or malformed option. */
export function parseOptions(argv: string[]) {
  return parseArgs({ args: argv, allowPositionals: true, options: OPTIONS });
}

/** The parsed options, shared by every command. */
export type CliValues = ReturnType<typeof parseOptions>['values'];

/**
 * What a command needs when started as root through sudo: `root` (grant and revoke, which install
 * as root), `capture` (it opens capture handles: it becomes the user keeping only CAP_NET_RAW and
 * CAP_NET_ADMIN) or `none` (it becomes the user with nothing, before it reads anything).
 */
export function privilegeOf(command: string | undefined, values: CliValues): 'root' | 'capture' | 'none' {
  if (command === 'grant' || command === 'revoke') return 'root';
  if (command === 'capture' || command === 'ports' || command === 'watch') return 'capture';
  if (command === 'scan') return values.method === 'connect' ? 'none' : 'capture';
  if (command === 'topology') return values.method === 'connect' && !values.traceroute ? 'none' : 'capture';
  return 'none';
}

/** Runs one command with the parsed options and its positional arguments; returns the exit code. */
export type CommandRunner = (values: CliValues, rest: string[], output: CliOutput) => Promise<number>;

/** A whole number option within bounds; null (after printing why) when malformed, undefined when absent. */
export function numberOption(
  text: string | undefined,
  name: string,
  min: number,
  max: number,
  output: CliOutput,
): number | undefined | null {
  if (text === undefined) return undefined;
  if (!/^\d+$/.test(text) || Number(text) < min || Number(text) > max) {
    output.err(`lanlens: --${name} must be a whole number from ${min} to ${max}, not "${text}"`);
    return null;
  }
  return Number(text);
}
