/** What a protocol is called when it runs inside TLS, as nmap-services names those ports. */
const tunnelled: Record<string, string> = {
  http: 'https',
  imap: 'imaps',
  pop3: 'pop3s',
  smtp: 'smtps',
  ftp: 'ftps',
  ldap: 'ldaps',
  mqtt: 'secure-mqtt',
};

/** The name of `name` spoken inside TLS: 'http' → 'https'; unknown ones as nmap's `ssl/NAME`. */
export function tunnelledName(name: string | undefined): string {
  if (!name) return 'ssl';
  return tunnelled[name] ?? `ssl/${name}`;
}

/**
 * Whether a port's service was recognised from what it said: not a guess from the port number,
 * and not `tcpwrapped` (a port that closed every connection at once said nothing at all).
 */
export function isIdentified(service: { name: string; method: string } | undefined): boolean {
  return !!service && service.method !== 'port-table' && service.name !== 'tcpwrapped';
}
