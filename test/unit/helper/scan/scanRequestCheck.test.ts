// Issue 18, item 10: every field of `scan/run` is checked at the protocol boundary.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkScanRequest } from '../../../../src/helper/scan/scanRequestCheck';
import { ScanInputError } from '../../../../src/helper/scan/scanTarget';
import { HelperErrorCode } from '../../../../src/shared/helperProtocol';

const refused: [string, unknown, RegExp][] = [
  ['no parameters', undefined, /needs an object/],
  ['an array', [], /needs an object/],
  ['no scanId', { cidr: '10.213.0.0/24' }, /scanId must be a non-empty string/],
  ['a numeric cidr', { scanId: 's', cidr: 24 }, /cidr must be a string/],
  [
    'a string timeout (it looped until cancelled)',
    { scanId: 's', timeoutMs: '250' },
    /timeoutMs must be a whole number from 10 to 60000, not "250"/,
  ],
  ['a fractional timeout', { scanId: 's', timeoutMs: 1.5 }, /timeoutMs must be a whole number/],
  ['a timeout of an hour', { scanId: 's', timeoutMs: 3_600_000 }, /timeoutMs must be a whole number from 10 to 60000/],
  ['NaN retries', { scanId: 's', retries: null }, /retries must be a whole number from 0 to 10, not null/],
  ['negative retries', { scanId: 's', retries: -1 }, /retries must be a whole number/],
  ['an unknown method', { scanId: 's', method: 'syn' }, /method must be auto, arp or connect, not "syn"/],
  ['a string flag', { scanId: 's', resolveNames: 'yes' }, /resolveNames must be true or false/],
  ['a string confirmation', { scanId: 's', confirmed: 'true' }, /confirmed must be true or false/],
  ['DNS servers as one string', { scanId: 's', dnsServers: '10.213.0.1' }, /dnsServers must be a list/],
  [
    'a DNS server that is a name (it threw after the sweep)',
    { scanId: 's', dnsServers: ['dns.example'] },
    /"dns.example" is not an IP address/,
  ],
  ['nine DNS servers', { scanId: 's', dnsServers: Array(9).fill('10.213.0.1') }, /at most 8/],
];

const accepted: [string, unknown][] = [
  ['the least request', { scanId: 's' }],
  [
    'every field',
    {
      scanId: 's',
      cidr: '10.213.0.0/24',
      interface: 'br-t',
      timeoutMs: 10,
      retries: 10,
      method: 'arp',
      resolveNames: false,
      dnsServers: ['10.213.0.1', '[fd00::1]:5353', '10.213.0.2:53'],
      confirmed: true,
    },
  ],
];

describe('checkScanRequest', () => {
  for (const [name, raw, message] of refused) {
    it(`refuses ${name}`, () =>
      assert.throws(
        () => checkScanRequest(raw),
        (error: unknown) =>
          error instanceof ScanInputError &&
          error.code === HelperErrorCode.InvalidParams &&
          message.test(error.message),
      ));
  }
  for (const [name, raw] of accepted) it(`accepts ${name}`, () => assert.equal(checkScanRequest(raw), raw));
});
