import { cleanField } from './printable';
import type { ServiceMatch } from './serviceProbe';

/**
 * One way to read a text greeting: a pattern over the first lines and what its groups mean. `$1`…
 * in product, version, extraInfo and hostName stand for the pattern's groups, as in nmap's rules.
 */
export interface GreetingRule {
  pattern: RegExp;
  name?: string;
  product?: string;
  version?: string;
  extraInfo?: string;
  hostName?: string;
  osHint?: string;
}

const substitute = (template: string | undefined, groups: RegExpExecArray): string | undefined =>
  template === undefined
    ? undefined
    : cleanField(template.replace(/\$(\d)/g, (_, index: string) => groups[Number(index)] ?? ''));

/** The first rule that matches `text`, turned into a match of service `name`; undefined when none does. */
export function applyGreetingRules(
  text: string,
  name: string,
  rules: readonly GreetingRule[],
): ServiceMatch | undefined {
  for (const rule of rules) {
    const groups = rule.pattern.exec(text);
    if (!groups) continue;
    const match: ServiceMatch = { name: rule.name ?? name, confidence: 1 };
    const product = substitute(rule.product, groups);
    const version = substitute(rule.version, groups);
    const extraInfo = substitute(rule.extraInfo, groups);
    const hostName = substitute(rule.hostName, groups);
    if (product) match.product = product;
    if (version) match.version = version;
    if (extraInfo) match.extraInfo = extraInfo;
    if (hostName) match.hostName = hostName;
    if (rule.osHint) match.osHint = rule.osHint;
    return match;
  }
  return undefined;
}
