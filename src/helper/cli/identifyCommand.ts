import type { CliOutput, CommandRunner } from './cliOptions';
import { renderTable } from './table';
import type { ServiceTarget } from '../identify/services/identifyServices';
import { identifyServices, serviceKey } from '../identify/services/identifyServices';
import { isIdentified } from '../../shared/ports/serviceNames';
import { formatDuration, formatLatency } from '../../shared/format/displayFormat';
import type { ServiceInfo } from '../../shared/model/ports';
import { numberOption } from './cliOptions';
import { outsidePrivateReasons, parseTargets } from '../../shared/ports/portTargets';

/** One `IP:PORT[/tcp|/udp]` argument, or the reason it is not one. */
export function parseEndpoint(text: string): ServiceTarget | string {
  const match = /^(\d{1,3}(?:\.\d{1,3}){3}):(\d{1,5})(?:\/(tcp|udp))?$/.exec(text);
  if (!match) return `"${text}" is not IP:PORT (e.g. 10.0.0.5:22 or 10.0.0.5:53/udp)`;
  const [, ip, portText, protocol] = match as unknown as [string, string, string, 'tcp' | 'udp' | undefined];
  if (ip.split('.').some((octet) => Number(octet) > 255)) return `"${ip}" is not an IPv4 address`;
  const port = Number(portText);
  if (port < 1 || port > 65535) return `port ${port} is out of range (1-65535)`;
  return { ip, port, protocol: protocol ?? 'tcp' };
}

function describe(service: ServiceInfo): string {
  return [service.product, service.version, service.extraInfo && `(${service.extraInfo})`].filter(Boolean).join(' ');
}

/** `lanlens identify IP:PORT…`: identifies the services on the given open ports (a debugging aid). */
export async function identifyCommand(
  endpoints: string[],
  timeoutMs: number | undefined,
  json: boolean,
  output: CliOutput,
  confirmed = false,
): Promise<number> {
  if (endpoints.length === 0) return (output.err('lanlens: identify needs at least one IP:PORT'), 2);
  const targets: ServiceTarget[] = [];
  for (const endpoint of endpoints) {
    const parsed = parseEndpoint(endpoint);
    if (typeof parsed === 'string') return (output.err(`lanlens: ${parsed}`), 2);
    targets.push(parsed);
  }
  // Probing a stranger's services is what a port scan does, so it asks as a port scan asks.
  const reasons = outsidePrivateReasons(parseTargets(targets.map((target) => target.ip)).entries);
  if (reasons.length > 0 && !confirmed) {
    output.err(
      `lanlens: identifying these services needs confirmation: ${reasons.join('; ')}. Add --yes to send to them anyway.`,
    );
    return 2;
  }
  const abort = new AbortController();
  const onSignal = () => abort.abort();
  process.once('SIGINT', onSignal);
  const started = performance.now();
  try {
    const services = await identifyServices(targets, { signal: abort.signal, timeoutMs });
    const durationMs = Math.round(performance.now() - started);
    const rows = targets.map((target) => ({ ...target, service: services.get(serviceKey(target)) }));
    if (json) {
      output.out(JSON.stringify({ services: rows, durationMs, cancelled: abort.signal.aborted }, null, 2));
    } else {
      const table = rows.map(({ ip, port, protocol, service }) => [
        `${ip}:${port}/${protocol}`,
        service?.name ?? '(not reachable)',
        service ? describe(service) : '',
        service?.latencyMs === undefined ? '-' : formatLatency(service.latencyMs),
        service?.http?.title ?? service?.tls?.subject ?? '',
      ]);
      output.out(renderTable(['PORT', 'SERVICE', 'VERSION', 'LATENCY', 'TITLE / CERTIFICATE'], table));
      // A guess from the port number, or tcpwrapped, tells nothing about the service: not identified.
      const identified = rows.filter((row) => isIdentified(row.service)).length;
      output.out(`${identified} of ${targets.length} identified in ${formatDuration(durationMs)}`);
    }
    return abort.signal.aborted ? 130 : 0;
  } finally {
    process.off('SIGINT', onSignal);
  }
}

/** `lanlens identify` from the parsed command line */
export const identifyCli: CommandRunner = (values, rest, output) => {
  const timeoutMs = numberOption(values.timeout, 'timeout', 50, 60_000, output);
  if (timeoutMs === null) return Promise.resolve(2);
  return identifyCommand(rest, timeoutMs, values.json ?? false, output, values.yes ?? false);
};
