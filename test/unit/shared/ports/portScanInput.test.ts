// The port-scan input rules, one table each: nmap's `-p` syntax and the targets. The extension's
// as-you-type checks and the helper's validation call these same parsers, so a row here holds for
// both. An expected object lists only the fields the row checks; a RegExp is the error message.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatIpv4 } from '../../../../src/shared/cidr';
import type { ParsedPortSpec, PortLists } from '../../../../src/shared/ports/portSpec';
import { PortRangeError, formatPortRanges, parsePortSpec, portLists } from '../../../../src/shared/ports/portSpec';
import type { ParsedTargets } from '../../../../src/shared/ports/portTargets';
import {
  TargetError,
  outsidePrivateReasons,
  parseTargetText,
  parseTargets,
} from '../../../../src/shared/ports/portTargets';

const range = (first: number, last: number) => Array.from({ length: last - first + 1 }, (_, i) => first + i);

/** Keeps the fields of `actual` that `expected` names, so a row checks only what it lists. */
function picked(actual: Record<string, unknown>, expected: object): Record<string, unknown> {
  return Object.fromEntries(Object.keys(expected).map((key) => [key, actual[key]]));
}

function check<T>(name: string, parse: () => T, fields: (parsed: T) => Record<string, unknown>, expected: object) {
  test(name, () => {
    if (expected instanceof RegExp) {
      assert.throws(parse, (error: unknown) => {
        assert.ok(error instanceof PortRangeError || error instanceof TargetError, String(error));
        assert.match(error.message, expected);
        return true;
      });
    } else {
      assert.deepEqual(picked(fields(parse()), expected), expected);
    }
  });
}

type SpecFields = Omit<ParsedPortSpec, 'unprefixed' | 'tcpOnly' | 'udpOnly'> & PortLists;

const portSpecs: Array<{ input: string; expected: Partial<SpecFields> | RegExp; note?: string }> = [
  { input: '80', expected: { text: '80', tcpPorts: 1, udpPorts: 0, unprefixedPorts: 1 } },
  { input: ' 22, 80 ,443 ', expected: { text: '22,80,443', tcpPorts: 3, udpPorts: 0, unprefixedPorts: 3 } },
  { input: '8000-8100', expected: { text: '8000-8100', tcpPorts: 101, udpPorts: 0, unprefixedPorts: 101 } },
  { input: '80,79,81', expected: { text: '79-81', tcpPorts: 3, udpPorts: 0, unprefixedPorts: 3 } },
  { input: '1-100,50-200', expected: { text: '1-200', tcpPorts: 200, udpPorts: 0, unprefixedPorts: 200 } },
  {
    input: '-',
    expected: { text: '1-65535', tcpPorts: 65535, udpPorts: 0, unprefixedPorts: 65535, tcp: range(1, 65535) },
  },
  { input: '-1023', expected: { text: '1-1023', tcpPorts: 1023, udpPorts: 0, unprefixedPorts: 1023 } },
  { input: '-3', expected: { tcp: [1, 2, 3] } },
  { input: '60000-', expected: { text: '60000-65535', tcpPorts: 5536, udpPorts: 0, unprefixedPorts: 5536 } },
  { input: '65533-', expected: { tcp: [65533, 65534, 65535] } },
  { input: 'U:53,T:80,443', expected: { text: 'T:80,443,U:53', tcpPorts: 2, udpPorts: 1, unprefixedPorts: 0 } },
  { input: 'u:53,161', expected: { text: 'U:53,161', tcpPorts: 0, udpPorts: 2, unprefixedPorts: 0 } },
  { input: 'u:53', expected: { udpNamed: [53] }, note: 'prefixes are case-insensitive' },
  // Ports before any prefix stay unprefixed: a scan that adds UDP scans them over UDP too.
  {
    input: '22,80,8000-8002',
    expected: { tcp: [22, 80, 8000, 8001, 8002], udp: [22, 80, 8000, 8001, 8002], udpNamed: [] },
  },
  {
    input: '22,U:53',
    expected: { text: '22,U:53', tcpPorts: 1, udpPorts: 1, unprefixedPorts: 1, tcp: [22], udpNamed: [53] },
  },
  { input: '22,T:22-23', expected: { text: '22,T:22-23', tcpPorts: 2, udpPorts: 0, unprefixedPorts: 1 } },
  { input: 'T:80,443,U:53,161', expected: { tcp: [80, 443], udp: [53, 161], udpNamed: [53, 161] } },
  { input: '22, 22 ,21', expected: { tcp: [21, 22] }, note: 'duplicates and spaces' },
  { input: '', expected: /The port list is empty/ },
  { input: '0', expected: /"0": port 0 is out of range; ports go from 1 to 65535/ },
  { input: '70000', expected: /"70000": port 70000 is out of range/ },
  { input: '65536', expected: /out of range/ },
  { input: '22,70000', expected: /"70000" in "22,70000": port 70000 is out of range; ports go from 1 to 65535/ },
  { input: '123456', expected: /"123456": port 123456 is out of range/ },
  { input: '99999999999', expected: /out of range/ },
  { input: '100-20', expected: /"100-20": a range must go upward \(100 is above 20\)/ },
  { input: 'http', expected: /"http" is not a port or range/ },
  { input: '22;80', expected: /"22;80" is not a port or range/ },
  { input: '22;rm -rf /', expected: /is not a port or range/ },
  { input: '1-2-3', expected: /"1-2-3" is not a port or range/ },
  { input: '22,,80', expected: /names no port/ },
  { input: '80,,443', expected: /names no port: remove the extra comma/ },
  { input: 'S:22', expected: /SCTP/ },
];

for (const { input, expected, note } of portSpecs) {
  const name = `-p "${input}"${note ? ` (${note})` : ''}: ${expected instanceof RegExp ? 'refused' : 'accepted'}`;
  const fields = (parsed: ParsedPortSpec) => ({ ...parsed, ...portLists(parsed) });
  check(name, () => parsePortSpec(input), fields, expected);
}

const formatted: Array<{ input: number[]; expected: string }> = [
  { input: [1, 2, 3, 5, 7, 8], expected: '1-3,5,7-8' },
  { input: [], expected: '' },
  { input: [4, 9, 10, 11], expected: '4,9-11' },
];

for (const { input, expected } of formatted) {
  test(`formatPortRanges([${input.join(', ')}]) is "${expected}" and parses back`, () => {
    assert.equal(formatPortRanges(input), expected);
    if (input.length > 0) assert.deepEqual(portLists(parsePortSpec(expected)).tcp, input);
  });
}

interface TargetFields {
  targets: string[];
  /** the addresses as text */
  addresses: string[];
  count: number;
  /** why the targets need confirmation */
  reasons: string[];
}

/** A string is a line the user typed (split on spaces and commas); a list is a request's entries. */
const targets: Array<{ input: string | string[]; expected: Partial<TargetFields> | RegExp; note?: string }> = [
  { input: ['10.0.0.5'], expected: { addresses: ['10.0.0.5'] } },
  { input: ['10.0.0.1-3'], expected: { addresses: ['10.0.0.1', '10.0.0.2', '10.0.0.3'] } },
  {
    input: ['10.0.0.254-10.0.1.1'],
    expected: { targets: ['10.0.0.254-10.0.1.1'], addresses: ['10.0.0.254', '10.0.0.255', '10.0.1.0', '10.0.1.1'] },
  },
  { input: ['10.0.0.0/30'], expected: { addresses: ['10.0.0.1', '10.0.0.2'] }, note: 'no network or broadcast' },
  { input: ['10.0.0.2', '10.0.0.0/30'], expected: { addresses: ['10.0.0.1', '10.0.0.2'] }, note: 'unique, sorted' },
  { input: ['192.168.0.0/16'], expected: { count: 65534 } },
  { input: '10.0.0.5', expected: { targets: ['10.0.0.5'], count: 1 } },
  { input: '10.0.0.0/24', expected: { targets: ['10.0.0.0/24'], count: 254 } },
  { input: '10.0.0.77/24', expected: { targets: ['10.0.0.0/24'], count: 254 } },
  { input: '10.0.0.1-20', expected: { targets: ['10.0.0.1-20'], count: 20 } },
  { input: '10.0.0.1-10.0.0.20', expected: { targets: ['10.0.0.1-20'], count: 20 } },
  { input: '10.0.0.9-9', expected: { targets: ['10.0.0.9'], count: 1 } },
  { input: '10.0.0.5, 10.0.0.6  10.0.0.5', expected: { targets: ['10.0.0.5', '10.0.0.6'], count: 2 } },
  { input: '192.168.1.1 192.168.2.0/30', expected: { targets: ['192.168.1.1', '192.168.2.0/30'], count: 3 } },
  { input: '10.0.0.1-10.0.1.5', expected: { targets: ['10.0.0.1-10.0.1.5'], count: 261 }, note: 'across a /24' },
  { input: [], expected: /No target/ },
  { input: '', expected: /No target given/ },
  { input: '   ', expected: /No target given/ },
  { input: ['10.0.0'], expected: /"10.0.0" is not an IPv4 address/ },
  { input: ['printer.local'], expected: /host names are not looked up/ },
  { input: 'example.com', expected: /"example.com" is not an IPv4 address: expected four numbers/ },
  { input: '10.0.0.256', expected: /"10.0.0.256" is not an IPv4 address/ },
  { input: '10.0.0.1;reboot', expected: /"10.0.0.1;reboot" is not an IPv4 address/ },
  { input: ['10.0.0.9-3'], expected: /must go upward/ },
  { input: '10.0.0.20-10', expected: /"10.0.0.20-10": a range must go upward/ },
  { input: ['10.0.0.1-x'], expected: /"x" ends no range/ },
  { input: '10.0.0.1-300', expected: /"300" ends no range/ },
  { input: ['10.0.0.0/33'], expected: /prefix length/ },
  { input: '10.0.0.0/33', expected: /prefix length/ },
  { input: ['10.0.0.0/8'], expected: /at most 65,536/ },
  { input: '10.0.0.0/8', expected: /at most 65,536/, note: 'what the helper refuses, the UI refuses' },
  {
    input: ['10.1.2.3', '192.168.1.0/24', '172.16.0.1-20', '169.254.1.1', '127.0.0.1'],
    expected: { reasons: [] },
    note: 'private, link-local and loopback go without confirmation',
  },
  {
    input: ['8.8.8.8'],
    expected: { reasons: ['8.8.8.8 is outside private (10/8, 172.16/12, 192.168/16), link-local and loopback space'] },
  },
  {
    input: ['192.168.255.250-192.169.0.3'],
    expected: {
      reasons: [
        '192.168.255.250-192.169.0.3 is outside private (10/8, 172.16/12, 192.168/16), link-local and loopback space',
      ],
    },
  },
];

for (const { input, expected, note } of targets) {
  const shown = typeof input === 'string' ? `"${input}"` : JSON.stringify(input);
  const name = `targets ${shown}${note ? ` (${note})` : ''}: ${expected instanceof RegExp ? 'refused' : 'accepted'}`;
  const parse = () => (typeof input === 'string' ? parseTargetText(input) : parseTargets(input));
  const fields = (parsed: ParsedTargets) => ({
    targets: parsed.targets,
    addresses: parsed.addresses.map(formatIpv4),
    count: parsed.addresses.length,
    reasons: outsidePrivateReasons(parsed.entries),
  });
  check(name, parse, fields, expected);
}
