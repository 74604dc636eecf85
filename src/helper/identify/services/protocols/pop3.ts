import type { GreetingRule } from '../greetingRules';
import { applyGreetingRules } from '../greetingRules';
import type { ServiceMatch, ServiceProbe } from '../serviceProbe';
import { hasLine } from '../serviceProbe';

// POP3 servers by their +OK greeting (RFC 1939 §4).
const rules: GreetingRule[] = [
  { pattern: /^\+OK (?:\[[^\]]*\] )?[Dd]ovecot(?: \((\w+)\))? ready/, product: 'Dovecot pop3d', extraInfo: '$1' },
  { pattern: /^\+OK .*Cyrus POP3 v?([\w.-]+)/, product: 'Cyrus pop3d', version: '$1' },
  { pattern: /^\+OK .*Qpopper \(version ([\w.]+)\)/, product: 'Qpopper pop3d', version: '$1' },
  { pattern: /^\+OK .*Microsoft Exchange/, product: 'Microsoft Exchange pop3d', osHint: 'Windows' },
  { pattern: /^\+OK/ },
];

/** Reads a POP3 greeting, `+OK Dovecot ready.` */
export function parsePop3Greeting(answer: Buffer): ServiceMatch | undefined {
  const text = answer.subarray(0, 1024).toString('latin1');
  if (!/^\+OK[ \r\n]/.test(text)) return undefined;
  const match = applyGreetingRules(text, 'pop3', rules);
  if (match && !match.product) match.confidence = 0.8;
  return match;
}

export const pop3: ServiceProbe = {
  id: 'pop3',
  serverFirst: true,
  ports: [110, 995],
  complete: hasLine,
  parse: parsePop3Greeting,
};
