import type { GreetingRule } from '../greetingRules';
import { cleanField } from '../printable';
import { applyGreetingRules } from '../greetingRules';
import type { ServiceMatch, ServiceProbe } from '../serviceProbe';
import { hasLine } from '../serviceProbe';

// FTP servers by their 220 greeting (RFC 959), products named as nmap names them.
const rules: GreetingRule[] = [
  { pattern: /^220 \(vsFTPd ([\w.+-]+)\)/, product: 'vsftpd', version: '$1' },
  { pattern: /^220 vsFTPd ([\w.+-]+) ready/, product: 'vsftpd', version: '$1' },
  { pattern: /^220 pyftpdlib ([\w.-]+) ready\./, product: 'pyftpdlib', version: '$1' },
  { pattern: /^220 ProFTPD (\d[\w.]+) Server \(([^)]*)\)/, product: 'ProFTPD', version: '$1' },
  { pattern: /^220[ -]ProFTPD Server \(([^)]*)\)/, product: 'ProFTPD' },
  { pattern: /Pure-FTPd/, product: 'Pure-FTPd' },
  {
    pattern: /^220[ -]FileZilla Server(?: version)? ([\w. -]+?)\r?$/m,
    product: 'FileZilla ftpd',
    version: '$1',
    osHint: 'Windows',
  },
  { pattern: /^220[ -].*Microsoft FTP Service/, product: 'Microsoft ftpd', osHint: 'Windows' },
  { pattern: /^220 .*\bFTP\b/i },
];

/** Reads an FTP greeting; a bare `220` counts only on an FTP port, since SMTP greets with 220 too. */
export function parseFtpGreeting(answer: Buffer, port: number): ServiceMatch | undefined {
  const text = answer.subarray(0, 1024).toString('latin1');
  const broken = /^500 OOPS: (?:vsftpd: )?([^\r\n]*)/.exec(text);
  if (broken)
    return {
      name: 'ftp',
      product: 'vsftpd',
      extraInfo: `broken: ${cleanField(broken[1], 100) ?? ''}`,
      confidence: 0.9,
    };
  if (!/^220[ -]/.test(text) || /SMTP|Postfix|Exim|Sendmail/i.test(text)) return undefined;
  const match = applyGreetingRules(text, 'ftp', rules);
  if (match) return match;
  return ftp.ports.includes(port) ? { name: 'ftp', confidence: 0.7 } : undefined;
}

export const ftp: ServiceProbe = {
  id: 'ftp',
  serverFirst: true,
  ports: [21, 2121, 990],
  complete: hasLine,
  parse: (answer, context) => parseFtpGreeting(answer, context.port),
};
