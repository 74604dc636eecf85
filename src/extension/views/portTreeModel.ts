// How an open port looks under its device: `80/tcp` with `http — nginx 1.22.1 · 0.4 ms`, and a
// plain-text tooltip with the banner and TLS certificate. Everything but the port number and state
// came from the network, so every string goes through displayText.
import type { HostPorts, OsGuess, PortResult, ServiceInfo } from '../../shared/model/ports';
import { ContextValue } from '../contributionIds';
import type { ItemView } from './itemView';
import { formatLatency } from '../../shared/format/displayFormat';
import { usefulOsGuess } from '../../shared/deviceKind';
import { displayText, formatMinute } from '../../shared/format/displayText';

/** Ports shown as children: those something answers on (closed and filtered are only counted). */
export function shownPorts(host: HostPorts | undefined): PortResult[] {
  return (host?.ports ?? [])
    .filter((port) => port.state === 'open' || port.state === 'open|filtered')
    .sort((a, b) => a.protocol.localeCompare(b.protocol) || a.port - b.port);
}

/** The stable part of a port's node id: `80/tcp`. */
export function portKey(port: Pick<PortResult, 'port' | 'protocol'>): string {
  return `${port.port}/${port.protocol}`;
}

/** `nginx 1.22.1`, `OpenSSH 9.2p1 (protocol 2.0)`: product, version and extra info as nmap prints them. */
export function productText(service: ServiceInfo | undefined): string | undefined {
  if (!service) return undefined;
  const product = [displayText(service.product, 60), displayText(service.version, 40)].filter(Boolean).join(' ');
  const extra = displayText(service.extraInfo, 60);
  const text = [product, extra ? `(${extra})` : ''].filter(Boolean).join(' ');
  return text || undefined;
}

/** `http — nginx 1.22.1 · 0.4 ms`; the state too when it is not plainly open. */
export function portDescription(port: PortResult): string {
  const name = displayText(port.service?.name, 40) ?? 'unknown';
  const product = productText(port.service);
  const rtt = port.rttMs ?? port.service?.latencyMs;
  const parts = [product ? `${name} — ${product}` : name];
  if (port.state !== 'open') parts.push(port.state);
  if (rtt !== undefined) parts.push(formatLatency(rtt));
  return parts.join(' · ');
}

const HTTP_PORTS = new Set([80, 81, 591, 3000, 5000, 8000, 8008, 8080, 8081, 8088, 8888, 9000]);
const HTTPS_PORTS = new Set([443, 4443, 8443, 9443]);

/**
 * The URL of a web server on this port, or undefined when it does not look like one: by the
 * service identified (name, an HTTP answer, TLS with HTTP ALPN), else by the usual port numbers.
 */
export function httpUrl(ip: string, port: PortResult): string | undefined {
  if (port.protocol !== 'tcp' || port.state !== 'open') return undefined;
  const service = port.service;
  const name = service?.name.toLowerCase() ?? '';
  const tls = service?.tls !== undefined || /https|ssl\/http|^ssl$|^tls$/.test(name);
  const http =
    service?.http !== undefined ||
    /^(ssl\/)?https?(-|$)/.test(name) ||
    /^http/.test(service?.tls?.alpn ?? '') ||
    (!service || service.method === 'port-table' ? HTTP_PORTS.has(port.port) || HTTPS_PORTS.has(port.port) : false);
  if (!http && !(tls && /http/.test(name))) return undefined;
  const secure = tls || (!service?.http && HTTPS_PORTS.has(port.port));
  const scheme = secure ? 'https' : 'http';
  const implicit = (scheme === 'http' && port.port === 80) || (scheme === 'https' && port.port === 443);
  return `${scheme}://${ip}${implicit ? '' : `:${port.port}`}/`;
}

/** How a port node looks. */
export function portView(deviceKey: string, ip: string, port: PortResult): ItemView {
  return {
    id: `port:${deviceKey}|${portKey(port)}`,
    label: portKey(port),
    description: portDescription(port),
    tooltip: portTooltip(ip, port),
    icon: port.state === 'open' ? (port.service?.tls ? 'lock' : 'plug') : 'question',
    dimmed: port.state !== 'open',
    contextValue: httpUrl(ip, port) ? ContextValue.portHttp : ContextValue.port,
    expandable: false,
  };
}

/** Every fact about a port, one per line, as plain text (the tree never renders it as markdown). */
export function portTooltip(ip: string, port: PortResult): string {
  const service = port.service;
  const lines = [`${ip} port ${portKey(port)}: ${port.state} (${displayText(port.reason, 40) ?? '?'})`];
  if (port.rttMs !== undefined) lines.push(`Round trip: ${formatLatency(port.rttMs)}`);
  if (service) {
    const how = { probe: 'a probe answer', banner: 'its banner', tls: 'TLS', 'port-table': 'the port number only' };
    const confidence = Math.round(Math.max(0, Math.min(1, service.confidence)) * 100);
    lines.push(
      `Service: ${displayText(service.name, 40) ?? 'unknown'} (from ${how[service.method] ?? 'unknown'}, ${confidence}% sure)`,
    );
    const product = productText(service);
    if (product) lines.push(`Product: ${product}`);
    if (service.latencyMs !== undefined) lines.push(`Answered in: ${formatLatency(service.latencyMs)}`);
    if (service.http) {
      const { status, server, title, location } = service.http;
      if (status !== undefined) lines.push(`HTTP status: ${status}`);
      if (server) lines.push(`HTTP server: ${displayText(server, 120)}`);
      if (title) lines.push(`Page title: ${displayText(title, 160)}`);
      if (location) lines.push(`Redirects to: ${displayText(location, 200)}`);
    }
    if (service.tls) {
      const tls = service.tls;
      lines.push(`TLS: ${displayText(tls.version, 20) ?? '?'}${tls.alpn ? `, ALPN ${displayText(tls.alpn, 20)}` : ''}`);
      lines.push(`Certificate subject: ${displayText(tls.subject, 200) ?? '?'}`);
      if (tls.subjectAltNames.length > 0) {
        const names = tls.subjectAltNames.slice(0, 10).map((name) => displayText(name, 80) ?? '');
        const more = tls.subjectAltNames.length > 10 ? ` and ${tls.subjectAltNames.length - 10} more` : '';
        lines.push(`Alternative names: ${names.join(', ')}${more}`);
      }
      lines.push(`Issuer: ${displayText(tls.issuer, 200) ?? '?'}${tls.selfSigned ? ' (self-signed)' : ''}`);
      lines.push(`Valid: ${formatMinute(tls.notBefore)} to ${formatMinute(tls.notAfter)}`);
      lines.push(`SHA-256: ${displayText(tls.fingerprint256, 100) ?? '?'}`);
    }
    if (service.banner) {
      // The banner keeps its lines; each is cleaned and capped, and only the first few are shown.
      const bannerLines = service.banner.split(/\r?\n|\\r\\n|\\n/).map((line) => displayText(line, 120));
      const shown = bannerLines.filter((line): line is string => line !== undefined).slice(0, 6);
      if (shown.length > 0) lines.push('Banner:', ...shown.map((line) => `  ${line}`));
    }
  }
  const url = httpUrl(ip, port);
  if (url) lines.push(`Open in Browser: ${url}`);
  return lines.join('\n');
}

/** `printer, Linux`, `Linux`, `router`: the guess in a few words for the device's description. */
export function osSummary(os: OsGuess): string {
  const kind = os.kind === 'unknown' ? undefined : os.kind.replace('-', ' ');
  return [kind, displayText(os.family, 40)].filter(Boolean).join(', ');
}

/** The tooltip lines about a device's ports and OS guess. */
export function portsTooltipLines(host: HostPorts | undefined): string[] {
  if (!host) return [];
  const lines: string[] = [];
  const shown = shownPorts(host);
  lines.push(`Ports: ${shown.length > 0 ? shown.map(portKey).join(', ') : 'none open'}`);
  const notShown = Object.entries(host.notShown)
    .filter(([, count]) => (count ?? 0) > 0)
    .map(([state, count]) => `${count} ${state}`);
  const closedListed = host.ports.filter((port) => port.state === 'closed' || port.state === 'filtered');
  if (closedListed.length > 0) notShown.push(`${closedListed.length} more closed or filtered`);
  if (notShown.length > 0) lines.push(`Not shown: ${notShown.join(', ')}`);
  const os = usefulOsGuess(host.os);
  if (os) {
    lines.push(`Looks like: ${osSummary(os)} (${Math.round(os.confidence * 100)}% sure)`);
    for (const clue of os.evidence.slice(0, 6)) lines.push(`  ${displayText(clue, 120) ?? ''}`);
  }
  for (const name of (host.names ?? []).slice(0, 5)) {
    lines.push(`Name: ${displayText(name.name, 120) ?? ''} (from ${name.source})`);
  }
  return lines;
}
