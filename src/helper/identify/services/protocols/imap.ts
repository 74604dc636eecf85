import type { GreetingRule } from '../greetingRules';
import { applyGreetingRules } from '../greetingRules';
import type { ServiceMatch, ServiceProbe } from '../serviceProbe';
import { hasLine } from '../serviceProbe';

// IMAP servers by their untagged OK greeting (RFC 9051 §7.1.1).
const rules: GreetingRule[] = [
  { pattern: /^\* OK (?:\[[^\]]*\] )?[Dd]ovecot(?: \((\w+)\))? ready/, product: 'Dovecot imapd', extraInfo: '$1' },
  { pattern: /^\* OK .*Cyrus IMAP v?([\w.-]+)/, product: 'Cyrus imapd', version: '$1' },
  { pattern: /^\* OK .*Courier-IMAP/, product: 'Courier Imapd' },
  { pattern: /^\* OK .*Microsoft Exchange/, product: 'Microsoft Exchange imapd', osHint: 'Windows' },
  { pattern: /^\* (?:OK|PREAUTH)/ },
];

/** Reads an IMAP greeting, `* OK [CAPABILITY …] Dovecot ready.` */
export function parseImapGreeting(answer: Buffer): ServiceMatch | undefined {
  const text = answer.subarray(0, 2048).toString('latin1');
  if (!/^\* (OK|PREAUTH|BYE)[ \r\n[]/.test(text)) return undefined;
  const match = applyGreetingRules(text, 'imap', rules) ?? { name: 'imap', confidence: 0.8 };
  if (!match.product) match.confidence = 0.8;
  return match;
}

export const imap: ServiceProbe = {
  id: 'imap',
  serverFirst: true,
  ports: [143, 993],
  complete: hasLine,
  parse: parseImapGreeting,
};
