import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { NmapScan } from '../../../../src/shared/ports/nmapCommand';
import { nmapCommand } from '../../../../src/shared/ports/nmapCommand';

const base: NmapScan = { targets: ['10.0.0.5'], tcp: { set: 'custom', ranges: '22,80' } };

const cases: Array<[string, NmapScan, 'syn' | 'connect' | undefined, string]> = [
  ['custom ports, SYN', base, 'syn', 'nmap -n -sS -p 22,80 10.0.0.5'],
  ['connect scan', base, 'connect', 'nmap -n -sT -p 22,80 10.0.0.5'],
  ['auto without a known method is SYN', { ...base, method: 'auto' }, undefined, 'nmap -n -sS -p 22,80 10.0.0.5'],
  ['connect chosen, not yet run', { ...base, method: 'connect' }, undefined, 'nmap -n -sT -p 22,80 10.0.0.5'],
  ['top 100', { ...base, tcp: { set: 'top100' } }, 'syn', 'nmap -n -sS --top-ports 100 10.0.0.5'],
  ['top 1000', { ...base, tcp: { set: 'top1000' } }, 'syn', 'nmap -n -sS --top-ports 1000 10.0.0.5'],
  ['all ports', { ...base, tcp: { set: 'all' } }, 'syn', 'nmap -n -sS -p- 10.0.0.5'],
  [
    'service and OS detection, rate, several targets',
    { ...base, targets: ['10.0.0.5', '10.0.1.0/24'], serviceDetection: true, osDetection: true, maxRate: 500 },
    'syn',
    'nmap -n -sS -p 22,80 -sV -O --max-rate 500 10.0.0.5 10.0.1.0/24',
  ],
  // Unprefixed ports count for UDP too when UDP is on, in LAN Lens as in nmap.
  ['UDP on custom ports', { ...base, udp: true }, 'syn', 'nmap -n -sS -sU -p 22,80 10.0.0.5'],
  [
    'TCP-only and UDP-only parts',
    { ...base, tcp: { set: 'custom', ranges: 'T:22,U:53' } },
    'syn',
    'nmap -n -sS -sU -p T:22,U:53 10.0.0.5',
  ],
  [
    'UDP on a named set is a second run',
    { ...base, tcp: { set: 'top100' }, udp: true },
    'connect',
    'nmap -n -sT --top-ports 100 10.0.0.5 && nmap -n -sU -p 53,123,137,161,1900,5353 10.0.0.5',
  ],
  ['a UDP port alone', { ...base, tcp: { set: 'custom', ranges: 'U:53' } }, 'syn', 'nmap -n -sU -p U:53 10.0.0.5'],
  ['a range target', { ...base, targets: ['10.0.0.1-20'] }, 'syn', 'nmap -n -sS -p 22,80 10.0.0.1-20'],
];

for (const [name, scan, method, expected] of cases) {
  test(`nmap command: ${name}`, () => {
    assert.equal(nmapCommand(scan, method), expected);
  });
}

test('a bad custom spec is refused rather than copied', () => {
  assert.throws(() => nmapCommand({ ...base, tcp: { set: 'custom', ranges: '80; rm -rf ~' } }), /not a port or range/);
});

test('a target that needs quoting is quoted for the shell', () => {
  assert.equal(nmapCommand({ ...base, targets: ["a b'c"] }, 'syn'), `nmap -n -sS -p 22,80 'a b'\\''c'`);
});
