import type { GreetingRule } from '../greetingRules';
import { applyGreetingRules } from '../greetingRules';
import type { ServiceMatch, ServiceProbe } from '../serviceProbe';
import { hasLine } from '../serviceProbe';

// SMTP servers by their 220 greeting (RFC 5321 §4.2), products named as nmap names them.
const rules: GreetingRule[] = [
  { pattern: /^220 ([\w.-]+) ESMTP Postfix \(([\w.-]+)\)/, product: 'Postfix smtpd', extraInfo: '$2', hostName: '$1' },
  { pattern: /^220[ -]([\w.-]+) ESMTP Postfix/, product: 'Postfix smtpd', hostName: '$1' },
  { pattern: /^220[ -]([^\r\n ]+) ESMTP Exim (\d[\w.]*)/, product: 'Exim smtpd', version: '$2', hostName: '$1' },
  { pattern: /^220[ -]([\w.-]+) ESMTP Sendmail ([\w./-]+)/, product: 'Sendmail', version: '$2', hostName: '$1' },
  {
    pattern: /^220 ([\w.-]+) Python SMTP proxy version ([\w.-]+)/,
    name: 'smtp-proxy',
    product: 'Python SMTP Proxy',
    version: '$2',
    hostName: '$1',
  },
  {
    pattern: /^220[ -]([\w.-]+) Microsoft ESMTP MAIL Service/,
    product: 'Microsoft ESMTP',
    hostName: '$1',
    osHint: 'Windows',
  },
  { pattern: /^220[ -]([\w.-]+) ESMTP OpenSMTPD/, product: 'OpenSMTPD', hostName: '$1' },
  { pattern: /^220[ -]([\w.-]+) (?:E?SMTP)/, hostName: '$1' },
];

/** Reads an SMTP greeting; a bare `220` counts only on an SMTP port, since FTP greets with 220 too. */
export function parseSmtpGreeting(answer: Buffer, port: number): ServiceMatch | undefined {
  const text = answer.subarray(0, 1024).toString('latin1');
  if (!/^(220|421|554)[ -]/.test(text) || /FTP/i.test(text)) return undefined;
  const match = applyGreetingRules(text, 'smtp', rules);
  if (match) return match;
  if (/SMTP|mail/i.test(text)) return { name: 'smtp', confidence: 0.8 };
  return smtp.ports.includes(port) ? { name: 'smtp', confidence: 0.6 } : undefined;
}

export const smtp: ServiceProbe = {
  id: 'smtp',
  serverFirst: true,
  ports: [25, 587, 465, 2525, 24],
  complete: hasLine,
  parse: (answer, context) => parseSmtpGreeting(answer, context.port),
};
