import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parsePortTargets } from '../../../../src/shared/ports/portTargets';

const valid: Array<[string, string[], number]> = [
  ['10.0.0.5', ['10.0.0.5'], 1],
  ['10.0.0.0/24', ['10.0.0.0/24'], 256],
  ['10.0.0.77/24', ['10.0.0.0/24'], 256],
  ['10.0.0.1-20', ['10.0.0.1-20'], 20],
  ['10.0.0.1-10.0.0.20', ['10.0.0.1-20'], 20],
  ['10.0.0.9-9', ['10.0.0.9'], 1],
  ['10.0.0.5, 10.0.0.6  10.0.0.5', ['10.0.0.5', '10.0.0.6'], 2],
  ['192.168.1.1 192.168.2.0/30', ['192.168.1.1', '192.168.2.0/30'], 5],
];

for (const [input, targets, hosts] of valid) {
  test(`"${input}" targets ${targets.join(' ')}`, () => {
    assert.deepEqual(parsePortTargets(input), { targets, hosts });
  });
}

const invalid: Array<[string, RegExp]> = [
  ['', /No target given/],
  ['   ', /No target given/],
  ['example.com', /"example.com" is not a target: expected an IPv4 address/],
  ['10.0.0.256', /"10.0.0.256" is not a target/],
  ['10.0.0.0/33', /prefix length/],
  ['10.0.0.20-10', /the range ends before it starts/],
  ['10.0.0.1-300', /is not a target/],
  ['10.0.0.1-10.0.1.5', /must stay within one \/24/],
  ['10.0.0.1;reboot', /is not a target/],
];

for (const [input, message] of invalid) {
  test(`"${input}" is refused with a clear message`, () => {
    assert.throws(() => parsePortTargets(input), message);
  });
}
