import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parsePortSpec } from '../../../../src/shared/ports/portSpec';

const valid: Array<[string, string, number, number, number]> = [
  // input, canonical text, TCP ports, UDP (U:) ports, unprefixed ports
  ['80', '80', 1, 0, 1],
  [' 22, 80 ,443 ', '22,80,443', 3, 0, 3],
  ['8000-8100', '8000-8100', 101, 0, 101],
  ['80,79,81', '79-81', 3, 0, 3],
  ['1-100,50-200', '1-200', 200, 0, 200],
  ['-', '1-65535', 65535, 0, 65535],
  ['-1023', '1-1023', 1023, 0, 1023],
  ['60000-', '60000-65535', 5536, 0, 5536],
  ['U:53,T:80,443', 'T:80,443,U:53', 2, 1, 0],
  ['u:53,161', 'U:53,161', 0, 2, 0],
  // Ports before any prefix stay unprefixed: a scan that adds UDP scans them over UDP too.
  ['22,U:53', '22,U:53', 1, 1, 1],
  ['22,T:22-23', '22,T:22-23', 2, 0, 1],
];

for (const [input, text, tcp, udp, unprefixed] of valid) {
  test(`"${input}" is ${text}`, () => {
    assert.deepEqual(parsePortSpec(input), { text, tcpPorts: tcp, udpPorts: udp, unprefixedPorts: unprefixed });
  });
}

const invalid: Array<[string, RegExp]> = [
  ['', /No ports given/],
  ['0', /"0" is out of range: ports go from 1 to 65535/],
  ['70000', /"70000" is out of range/],
  ['65536', /out of range/],
  ['100-20', /"100-20": the range ends before it starts/],
  ['http', /"http" is not a port or range/],
  ['80,,443', /empty item/],
  ['1-2-3', /"1-2-3" is not a range/],
  ['22;rm -rf /', /is not a port or range/],
  ['123456', /is not a port or range/],
];

for (const [input, message] of invalid) {
  test(`"${input}" is refused with a clear message`, () => {
    assert.throws(() => parsePortSpec(input), message);
  });
}
