import { parseArgs } from 'node:util';
import { identifyCommand } from './identifyCommand';
import { bandwidthCommand } from './bandwidthCommand';
import { captureCommand } from './captureCommand';
import { renderCaptureReport } from './captureReport';
import { interfacesCommand } from './interfacesCommand';
import { cliPortSpec, portsCommand } from './portsCommand';
import { scanCommand } from './scanCommand';
import { statsCommand } from './statsCommand';
import type { CliOutput } from './scanCommand';
import { createLiveAggregator } from '../capture/liveAggregator';
import { helperVersion } from '../version';

const USAGE = `Usage: lanlens <command> [options]

Commands:
  interfaces [--json]              list network interfaces with addresses, state and gateway
  scan [CIDR] [options]            find the hosts on a subnet (ARP sweep; TCP connect without privilege)
    -i, --interface NAME           interface to scan through (default: the one holding CIDR, or the default route's)
    --timeout MS                   wait for late answers after each round (default 250)
    --retries N                    extra rounds for silent hosts (default 2)
    --method auto|arp|connect      force a technique (default auto: ARP when capture is permitted)
    --no-resolve                   skip reverse DNS and mDNS names
    --dns-server IP                ask this DNS server for names (repeatable)
    -y, --yes                      confirm a range larger than /16 or outside private space
  stats FILE [--json]              statistics of a pcap/pcapng file: protocol hierarchy, IP conversations,
                                   endpoints, top talkers, TCP/UDP conversations, DNS names (what tshark's
                                   -z io,phs, conv,ip, endpoints,ip, conv,tcp and conv,udp give)
  identify IP:PORT[/udp]... [--timeout MS]
                                   identify the services on open ports (greetings, probes, TLS)
  bandwidth [options]              download and upload per interface from the OS counters (no privilege)
    -i, --interface NAME           only this interface
    --interval MS                  time between readings (default 1000)
    --count N                      readings to print (default 5)
  capture -i IF [options]          capture live traffic: a summary line a second on stderr, a report at the end
    -i, --interface NAME           interface to capture on, or "any"
    -f, --filter EXPR              BPF capture filter in tcpdump syntax
    -w, --write FILE               also write every packet to FILE (pcap, opens in Wireshark)
    -c, --count N                  stop after N packets
    --duration S                   stop after S seconds (else Ctrl+C stops)
    --snaplen BYTES                bytes kept of each packet (default 262144)
    --buffer-size BYTES            kernel capture buffer (default 16 MiB)
    --no-promiscuous               do not put the interface in promiscuous mode
  ports TARGET... [options]        scan TCP (and UDP) ports of addresses, ranges (10.0.0.1-20) or subnets
    -p SPEC                        ports in nmap syntax: 22,80,8000-8100, -1024, - (all), T:80,U:53
    --top-ports N                  the N most often open ports (default 1000; nmap's ranking)
    --syn | --connect              raw SYN (needs capture privilege; default when permitted) or TCP connect
    --udp                          also probe UDP: DNS, NTP, NetBIOS, SNMP, SSDP, mDNS (or the -p ports)
    --services                     identify services and versions on open ports (like nmap -sV)
    --os                           guess the operating system and device kind
    --max-rate N                   probes per second at most (default: adaptive)
    -y, --yes                      confirm targets outside private space or more than 65,536 host×port pairs
  --json                           print stable JSON instead of a table
  -v, --verbose                    log progress to stderr
  --version, -h/--help`;

/** Parses argv and runs a command; returns the process exit code (2 for usage errors). */
export async function runCli(argv: string[], output: CliOutput): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
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
        ports: { type: 'string', short: 'p' },
        'top-ports': { type: 'string' },
        syn: { type: 'boolean' },
        connect: { type: 'boolean' },
        udp: { type: 'boolean' },
        services: { type: 'boolean' },
        os: { type: 'boolean' },
        'max-rate': { type: 'string' },
        verbose: { type: 'boolean', short: 'v' },
        interval: { type: 'string' },
        version: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    output.err(`lanlens: ${error instanceof Error ? error.message : String(error)}\n\n${USAGE}`);
    return 2;
  }
  const { values, positionals } = parsed;
  const [command, ...rest] = positionals;
  if (values.version) return (output.out(helperVersion), 0);
  if (values.help || !command) return ((values.help ? output.out : output.err)(USAGE), values.help ? 0 : 2);
  const json = values.json ?? false;
  switch (command) {
    case 'interfaces':
      return interfacesCommand(json, output.out);
    case 'scan': {
      if (rest.length > 1)
        return (output.err(`lanlens: scan takes one subnet, got ${rest.length}: ${rest.join(' ')}`), 2);
      const timeoutMs = numberOption(values.timeout, 'timeout', 10, 60_000, output);
      const retries = numberOption(values.retries, 'retries', 0, 10, output);
      if (timeoutMs === null || retries === null) return 2;
      const method = values.method ?? 'auto';
      if (method !== 'auto' && method !== 'arp' && method !== 'connect') {
        return (output.err(`lanlens: --method must be auto, arp or connect, not "${method}"`), 2);
      }
      return scanCommand(
        {
          cidr: rest[0],
          interface: values.interface,
          timeoutMs,
          retries,
          method,
          resolveNames: !values['no-resolve'],
          dnsServers: values['dns-server'],
          confirmed: values.yes ?? false,
        },
        json,
        output,
        values.verbose ?? false,
      );
    }
    case 'stats':
      return statsCommand(rest, json, output);
    case 'identify': {
      const timeoutMs = numberOption(values.timeout, 'timeout', 50, 60_000, output);
      if (timeoutMs === null) return 2;
      return identifyCommand(rest, timeoutMs, json, output);
    }
    case 'bandwidth': {
      if (rest.length > 0) return (output.err(`lanlens: bandwidth takes no arguments, got ${rest.join(' ')}`), 2);
      const intervalMs = numberOption(values.interval, 'interval', 500, 60_000, output);
      const count = numberOption(values.count, 'count', 1, 1_000_000, output);
      if (intervalMs === null || count === null) return 2;
      return bandwidthCommand(
        { interface: values.interface, intervalMs: intervalMs ?? 1000, count: count ?? 5, json },
        output,
      );
    }
    case 'capture': {
      if (rest.length) return (output.err(`lanlens: capture takes no arguments, got: ${rest.join(' ')}`), 2);
      if (!values.interface) return (output.err('lanlens: capture needs an interface: -i NAME (or -i any)'), 2);
      const count = numberOption(values.count, 'count', 1, Number.MAX_SAFE_INTEGER, output);
      const durationS = numberOption(values.duration, 'duration', 1, 31 * 24 * 3600, output);
      const snaplen = numberOption(values.snaplen, 'snaplen', 1, 262144, output);
      const bufferSizeBytes = numberOption(values['buffer-size'], 'buffer-size', 65536, 2 ** 31 - 1, output);
      if (count === null || durationS === null || snaplen === null || bufferSizeBytes === null) return 2;
      return captureCommand(
        {
          interface: values.interface,
          filter: values.filter ?? '',
          write: values.write,
          count,
          durationS,
          snaplen,
          bufferSizeBytes,
          promiscuous: !values['no-promiscuous'],
          json,
        },
        output,
        createLiveAggregator,
        renderCaptureReport,
      );
    }
    case 'ports': {
      if (rest.length === 0) return (output.err('lanlens: ports needs at least one target, e.g. 192.168.1.10'), 2);
      if (values.syn && values.connect) return (output.err('lanlens: --syn and --connect exclude each other'), 2);
      const tcp = cliPortSpec(values.ports, values['top-ports']);
      if (typeof tcp === 'string') return (output.err(`lanlens: ${tcp}`), 2);
      const maxRate = numberOption(values['max-rate'], 'max-rate', 1, 10_000_000, output);
      if (maxRate === null) return 2;
      return portsCommand(
        {
          targets: rest,
          tcp,
          udp: values.udp ?? false,
          method: values.syn ? 'syn' : values.connect ? 'connect' : 'auto',
          serviceDetection: values.services ?? false,
          osDetection: values.os ?? false,
          maxRate,
          confirmed: values.yes ?? false,
        },
        json,
        output,
        values.verbose ?? false,
      );
    }
    default:
      output.err(`lanlens: unknown command "${command}"\n\n${USAGE}`);
      return 2;
  }
}

/** A whole number option within bounds; null (after printing why) when malformed, undefined when absent. */
function numberOption(
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
