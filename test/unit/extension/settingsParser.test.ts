import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { SettingKey } from '../../../src/extension/contributionIds';
import { parseSettings } from '../../../src/extension/settingsParser';

const read = (values: Partial<Record<SettingKey, unknown>>) => (key: SettingKey) => values[key];

test('defaults when nothing is set', () => {
  assert.deepEqual(parseSettings(read({})), {
    settings: {
      scanInterface: '',
      scanSubnets: [],
      scanTimeoutMs: 250,
      scanRetries: 2,
      scanResolveNames: true,
      scanDnsServers: [],
      helperNodePath: '',
      trafficInterface: '',
      trafficShowStatusBar: true,
      trafficAlertDownBytesPerSecond: 0,
      trafficAlertUpBytesPerSecond: 0,
      trafficAlertSeconds: 10,
    },
    problems: [],
  });
});

test('subnets are canonicalised and deduplicated', () => {
  const { settings, problems } = parseSettings(
    read({ 'lanLens.scan.subnets': [' 10.213.0.7/24 ', '10.213.0.0/24', '192.168.1.1'] }),
  );
  assert.deepEqual(settings.scanSubnets, ['10.213.0.0/24', '192.168.1.1/32']);
  assert.deepEqual(problems, []);
});

const bad: Array<{ name: string; values: Partial<Record<SettingKey, unknown>>; problem: RegExp }> = [
  {
    name: 'bad CIDR',
    values: { 'lanLens.scan.subnets': ['10.0.0/24'] },
    problem: /^lanLens\.scan\.subnets: .*10\.0\.0/,
  },
  {
    name: 'bad prefix',
    values: { 'lanLens.scan.subnets': ['10.0.0.0/33'] },
    problem: /^lanLens\.scan\.subnets: .*\/33/,
  },
  {
    name: 'subnets not a list',
    values: { 'lanLens.scan.subnets': '10.0.0.0/8' },
    problem: /^lanLens\.scan\.subnets must be a list/,
  },
  {
    name: 'timeout too small',
    values: { 'lanLens.scan.timeoutMs': 5 },
    problem: /^lanLens\.scan\.timeoutMs .*from 10 to 60000/,
  },
  {
    name: 'a subnet wider than one scan sweeps',
    values: { 'lanLens.scan.subnets': ['10.0.0.0/8'] },
    problem: /^lanLens\.scan\.subnets: 10\.0\.0\.0\/8 is wider than a \/12/,
  },
  {
    name: 'retries fractional',
    values: { 'lanLens.scan.retries': 1.5 },
    problem: /^lanLens\.scan\.retries .*whole number from 0 to 10/,
  },
  { name: 'retries too many', values: { 'lanLens.scan.retries': 11 }, problem: /^lanLens\.scan\.retries/ },
  {
    name: 'resolveNames not boolean',
    values: { 'lanLens.scan.resolveNames': 'yes' },
    problem: /^lanLens\.scan\.resolveNames/,
  },
  {
    name: 'interface not string',
    values: { 'lanLens.scan.interface': 3 },
    problem: /^lanLens\.scan\.interface must be a string/,
  },
  {
    name: 'dns server empty',
    values: { 'lanLens.scan.dnsServers': [''] },
    problem: /^lanLens\.scan\.dnsServers contains ""/,
  },
];

for (const c of bad) {
  test(`reports ${c.name}, naming the setting, and falls back`, () => {
    const { settings, problems } = parseSettings(read(c.values));
    assert.equal(problems.length, 1, problems.join('\n'));
    assert.match(problems[0] ?? '', c.problem);
    assert.equal(settings.scanTimeoutMs, 250);
    assert.equal(settings.scanRetries, 2);
  });
}

test('traffic alert settings: bad values fall back to off and are named', () => {
  const values: Record<string, unknown> = {
    'lanLens.traffic.alertDownBytesPerSecond': -5,
    'lanLens.traffic.alertUpBytesPerSecond': 2_000_000,
    'lanLens.traffic.alertSeconds': 0.5,
    'lanLens.traffic.showStatusBar': 'yes',
  };
  const { settings, problems } = parseSettings((key) => values[key]);
  assert.equal(settings.trafficAlertDownBytesPerSecond, 0);
  assert.equal(settings.trafficAlertUpBytesPerSecond, 2_000_000);
  assert.equal(settings.trafficAlertSeconds, 10);
  assert.equal(settings.trafficShowStatusBar, true);
  assert.equal(problems.length, 3);
  for (const key of ['alertDownBytesPerSecond', 'alertSeconds', 'showStatusBar'])
    assert.match(problems.join('\n'), new RegExp(key));
});
