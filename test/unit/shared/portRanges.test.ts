import assert from 'node:assert/strict';
import { test } from 'node:test';
import { PortRangeError, formatPortRanges, parsePortRanges } from '../../../src/shared/portRanges';

test('nmap -p syntax: singles, ranges, open ends and protocol prefixes', () => {
  assert.deepEqual(parsePortRanges('22,80,8000-8002'), {
    tcp: [22, 80, 8000, 8001, 8002],
    udp: [22, 80, 8000, 8001, 8002],
    udpNamed: [],
  });
  assert.deepEqual(parsePortRanges('-3').tcp, [1, 2, 3]);
  assert.deepEqual(parsePortRanges('65533-').tcp, [65533, 65534, 65535]);
  assert.equal(parsePortRanges('-').tcp.length, 65535);
  const mixed = parsePortRanges('T:80,443,U:53,161');
  assert.deepEqual(mixed, { tcp: [80, 443], udp: [53, 161], udpNamed: [53, 161] });
  assert.deepEqual(parsePortRanges('22, 22 ,21').tcp, [21, 22], 'duplicates and spaces');
  assert.deepEqual(parsePortRanges('u:53').udpNamed, [53], 'prefixes are case-insensitive');
});

test('bad port lists name the part that is wrong', () => {
  const cases: [string, RegExp][] = [
    ['22,70000', /"70000" in "22,70000": port 70000 is out of range; ports go from 1 to 65535/],
    ['0', /port 0 is out of range/],
    ['100-20', /"100-20": a range must go upward \(100 is above 20\)/],
    ['22,,80', /names no port/],
    ['http', /"http" is not a port or range/],
    ['22;80', /"22;80" is not a port or range/],
    ['S:22', /SCTP/],
    ['', /empty/],
    ['1-2-3', /"1-2-3" is not a port or range/],
    ['99999999999', /out of range/],
  ];
  for (const [input, message] of cases) {
    assert.throws(
      () => parsePortRanges(input),
      (error: unknown) => {
        assert.ok(error instanceof PortRangeError, `${input}: ${String(error)}`);
        assert.match(error.message, message, input);
        return true;
      },
    );
  }
});

test('formatPortRanges compresses runs', () => {
  assert.equal(formatPortRanges([1, 2, 3, 5, 7, 8]), '1-3,5,7-8');
  assert.equal(formatPortRanges([]), '');
  assert.deepEqual(parsePortRanges(formatPortRanges([4, 9, 10, 11])).tcp, [4, 9, 10, 11]);
});
