import { COMMAND_NAMES, parseOptions } from './cliOptions';
import type { CliOutput, CommandName, CommandRunner } from './cliOptions';
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
    --threads N                    read a large pcap in N parts at once (default: idle processors, at most 4)
  identify IP:PORT[/udp]... [--timeout MS]
                                   identify the services on open ports (greetings, probes, TLS)
    -y, --yes                      confirm addresses outside private, link-local and loopback space
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
    --ipfix HOST:PORT              export the flows as IPFIX over UDP to a collector (nfcapd, ntopng, GoFlow2…)
    --ipfix-active-timeout S       report a flow still active every S seconds (default 300)
    --ipfix-idle-timeout S         end a flow after S seconds without packets (default 60)
  ports TARGET... [options]        scan TCP (and UDP) ports of addresses, ranges (10.0.0.1-20) or subnets
    -p SPEC                        ports in nmap syntax: 22,80,8000-8100, -1024, - (all), T:80,U:53
    --top-ports N                  the N most often open ports (default 1000; nmap's ranking)
    --syn | --connect              raw SYN (needs capture privilege; default when permitted) or TCP connect
    --udp                          also probe UDP: DNS, NTP, NetBIOS, SNMP, SSDP, mDNS (or the -p ports)
    --services                     identify services and versions on open ports (like nmap -sV)
    --os                           guess the operating system and device kind
    --max-rate N                   probes per second at most (default: adaptive)
    -y, --yes                      confirm targets outside private space, more than 65,536 host×port pairs,
                                   or identifying services on more than 4,096 open ports
  topology [CIDR...] [options]     the network map: nodes by hop and edges with their evidence
                                   (scan options as for scan; default: the default interface's subnet)
    --traceroute                   trace hosts behind routers (TTL-limited UDP probes; capture privilege)
    --max-ttl N                    highest TTL probed (default 8)
    -r, --read FILE                take traffic and LLDP/CDP neighbours from a pcap/pcapng file
  sockets --pid PID... [options]   TCP and UDP sockets of processes without privilege: state, addresses,
                                   bytes each way, RTT and retransmits (the kernel's tcp_info, as ss -tin)
    --pid PID                      a process to watch (repeatable)
    --tree                         its descendants too
    --all                          every process this user may read, instead of --pid
    --watch                        a reading every --interval MS (default 1000) until Ctrl+C or --count N
    --source sock_diag|proc        force the source (default: sock_diag, else /proc/net without bytes)
  grant                            let this user capture without root: installs lanlens-capd with CAP_NET_RAW
                                   (one administrator prompt through pkexec; or run it with sudo)
  revoke                           undo grant for this user
  watch -i IF [options]            raise alerts from live traffic (new devices, ARP spoofing, scans, spikes,
                                   thresholds, watched devices) as they happen, until Ctrl+C
    -f, --filter EXPR              BPF capture filter
    --set FAMILY.NAME=VALUE        a rule setting, e.g. newDevice.learningSeconds=60 (repeatable)
    --duration S                   stop after S seconds
    --db FILE | --no-history       where alerts and what the rules learnt are kept (default: the history database)
    --webhook URL                  also POST each alert as JSON to URL (retried while it fails)
    --key-file FILE [--log FILE]   also append alerts and new devices to the encrypted event log
    --smtp FILE                    also e-mail alerts: a JSON file with host, port, security, user, password,
                                   from, to, minimumSeverity, caFile (chmod 600 when it holds a password)
    --json                         one alert per line as JSON
  log show --key-file FILE         the encrypted event log: every record decrypted and verified, and where it
                                   was tampered with (exit 1); --log FILE (default: beside the history)
  log key --key-file FILE          make a key file (readable by you only), or rotate: add a new current key
  history SUBCOMMAND [options]     what LAN Lens remembers (SQLite; the extension keeps its own database)
    devices                        every device known: MAC, address, name, vendor, OS, open ports, last seen
    bandwidth [--by UNIT]          bytes per interface per minute, five-minutes, hour, day (default),
                                   week or month, with each period's busiest minute
    top                            the busiest hosts, protocols and flows captured (default: 24 hours)
    changes                        new devices and addresses, ports opened and closed, devices gone
                                   (default: 7 days)
    alerts                         the alerts raised (by lanlens watch or VS Code), with their evidence
    info                           the database: file, schema, size, rows per table
    reset                          rename a damaged database aside and start a new one
    --db FILE                      the database (default: ~/.local/share/lanlens/history.sqlite)
    --since T                      from T: 30m, 24h, 7d, 2w, or a local date or time (2024-05-01T14:00)
    -i, --interface NAME           only this interface
  report --period day|week|month   a report of a day, week or month: bandwidth totals and peaks, new and
                                   vanished devices, top talkers, port changes, alerts
    --format html|md               a self-contained HTML page with charts (default) or Markdown
    -o, --output FILE              write it to FILE (default: standard output)
    --at T                         the period holding T: 1d (yesterday), 1w, 2024-05-01 (default: now, so far)
    --db FILE                      the database (default: ~/.local/share/lanlens/history.sqlite)
  --no-history                     scan, ports and capture: do not record into the history database
  --json                           print stable JSON instead of a table
  -v, --verbose                    log progress to stderr
  --version, -h/--help`;

/**
 * Parses argv and runs a command from `commands`; returns the process exit code (2 for usage
 * errors). Each command's code comes in through `commands`, so a process that runs one command
 * (a per-command bundle) loads only that command's modules.
 */
export async function runCommandLine(
  argv: string[],
  output: CliOutput,
  commands: Partial<Record<CommandName, CommandRunner>>,
): Promise<number> {
  let parsed;
  try {
    parsed = parseOptions(argv);
  } catch (error) {
    output.err(`lanlens: ${error instanceof Error ? error.message : String(error)}\n\n${USAGE}`);
    return 2;
  }
  const { values, positionals } = parsed;
  const [command, ...rest] = positionals;
  if (values.version) return (output.out(helperVersion), 0);
  if (values.help || !command) return ((values.help ? output.out : output.err)(USAGE), values.help ? 0 : 2);
  const runner = (COMMAND_NAMES as readonly string[]).includes(command) ? commands[command as CommandName] : undefined;
  if (!runner) {
    output.err(`lanlens: unknown command "${command}"\n\n${USAGE}`);
    return 2;
  }
  return runner(values, rest, output);
}
