import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatMac, normalizeMac, parseMac } from '../../../src/shared/mac';

describe('MAC addresses', () => {
  const cases: [string, string | undefined][] = [
    ['B8:27:EB:00:00:11', 'b8:27:eb:00:00:11'],
    ['b8-27-eb-00-00-11', 'b8:27:eb:00:00:11'],
    ['b827.eb00.0011', 'b8:27:eb:00:00:11'],
    ['b8:27:eb:00:00', undefined],
    ['zz:27:eb:00:00:11', undefined],
    ['', undefined],
  ];
  for (const [text, expected] of cases)
    it(`${JSON.stringify(text)} → ${expected}`, () => assert.equal(normalizeMac(text), expected));
  it('formats at an offset', () => assert.equal(formatMac([9, 9, 1, 2, 3, 4, 5, 255], 2), '01:02:03:04:05:ff'));
  it('parses to bytes', () => assert.deepEqual(parseMac('00:0c:29:aa:bb:cc'), [0, 12, 41, 170, 187, 204]));
});
