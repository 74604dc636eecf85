import type { OsEvidence } from './osEvidence';
import type { Facts } from './osRules';
import { osRules, usualKind } from './osRules';
import { lookupVendor } from '../oui';
import type { DeviceKind, OsGuess } from '../../../shared/model/ports';

/** The TTL a host most likely started with: the smallest common initial value at or above what arrived. */
export function initialTtl(ttl: number): number {
  if (ttl <= 32) return 32;
  if (ttl <= 64) return 64;
  if (ttl <= 128) return 128;
  return 255;
}

function factsOf(evidence: OsEvidence): Facts {
  const open = new Set(evidence.openTcpPorts ?? []);
  const ttl = evidence.tcp?.ttl ?? evidence.ttl;
  const serviceText = (evidence.services ?? [])
    .flatMap((service) => [
      service.product,
      service.version,
      service.extraInfo,
      service.osHint,
      service.http?.server,
      service.http?.title,
      service.banner,
    ])
    .filter(Boolean)
    .join(' | ');
  let vendor = evidence.vendor;
  if (!vendor && evidence.mac) {
    try {
      vendor = lookupVendor(evidence.mac);
    } catch {
      // No registry at hand (an odd install): the guess just lacks the vendor clue.
    }
  }
  return {
    ...evidence,
    vendor,
    initialTtl: ttl === undefined ? undefined : initialTtl(ttl),
    open: (port) => open.has(port),
    serviceText,
  };
}

/** The highest-scoring key and its score, with the sum of all scores. */
function best<T extends string>(scores: Map<T, number>): { key?: T; top: number; total: number } {
  let key: T | undefined;
  let top = 0;
  let total = 0;
  for (const [candidate, score] of scores) {
    total += score;
    if (score > top) [key, top] = [candidate, score];
  }
  return { key, top, total };
}

/**
 * Guesses OS family and device kind from every clue at hand, p0f-style: each rule that fires adds
 * points; the confidence grows with the winner's points and its share of all points.
 */
export function guessOs(evidence: OsEvidence): OsGuess {
  const facts = factsOf(evidence);
  const families = new Map<string, number>();
  const kinds = new Map<DeviceKind, number>();
  const phrases: string[] = [];
  for (const rule of osRules) {
    let result: boolean | string;
    try {
      result = rule.test(facts);
    } catch {
      continue;
    }
    if (result === false) continue;
    if (rule.family) families.set(rule.family, (families.get(rule.family) ?? 0) + rule.weight);
    if (rule.kind) kinds.set(rule.kind, (kinds.get(rule.kind) ?? 0) + rule.weight);
    const phrase = typeof result === 'string' ? rule.evidence.replace('$1', result.slice(0, 60)) : rule.evidence;
    if (!phrases.includes(phrase)) phrases.push(phrase);
  }
  if (facts.tcp?.window !== undefined) phrases.push(`SYN-ACK window ${facts.tcp.window}`);
  const family = best(families);
  const kind = best(kinds);
  const confidence = family.key ? (family.top / family.total) * (1 - Math.exp(-family.top / 3)) : 0;
  const guessedKind: DeviceKind = kind.key ?? (family.key ? usualKind[family.key] : undefined) ?? 'unknown';
  return {
    family: family.key ?? 'unknown',
    kind: guessedKind,
    confidence: Math.round(Math.min(0.97, confidence) * 100) / 100,
    evidence: phrases,
  };
}
