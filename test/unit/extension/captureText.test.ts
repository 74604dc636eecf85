import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { CaptureState } from '../../../src/extension/capture/captureSession';
import { parseCaptureSettings } from '../../../src/extension/capture/captureSettings';
import {
  blamesFilter,
  captureStatusText,
  captureStatusTooltip,
  endedMessage,
  interfaceChoices,
} from '../../../src/extension/capture/captureText';
import { parsePortSettings } from '../../../src/extension/ports/portSettings';
import { counters, snapshot } from '../shared/trafficFixtures';

const running: CaptureState = { phase: 'running', captureId: 'c1', interface: 'eth0', filter: 'tcp', canSave: true };

test('interfaces: any first, then the default-route one, loopback last, each with its addresses', () => {
  const choices = interfaceChoices({
    defaultInterface: 'eth0',
    interfaces: [
      {
        name: 'lo',
        ipv4: [{ address: '127.0.0.1', prefixLength: 8, cidr: '127.0.0.0/8' }],
        ipv6: [],
        up: true,
        internal: true,
        isDefault: false,
      },
      { name: 'wlan0', ipv4: [], ipv6: [], up: false, internal: false, isDefault: false },
      {
        name: 'eth0',
        mac: '02:00:00:00:00:01',
        ipv4: [{ address: '192.168.1.2', prefixLength: 24, cidr: '192.168.1.0/24' }],
        ipv6: [{ address: 'fe80::1', prefixLength: 64, cidr: 'fe80::/64' }],
        up: true,
        internal: false,
        isDefault: true,
        gateway: '192.168.1.1',
        type: 'wired',
      },
      { name: 'br-x', ipv4: [], ipv6: [], up: true, internal: false, isDefault: false },
    ],
  });
  assert.deepEqual(
    choices.map((choice) => [choice.name, choice.description]),
    [
      ['any', 'every interface'],
      ['eth0', '192.168.1.2/24 fe80::1/64'],
      ['br-x', 'no address'],
      ['lo', '127.0.0.1/8'],
    ],
  );
  assert.equal(choices[1]?.detail, 'default route · wired · MAC 02:00:00:00:00:01 · gateway 192.168.1.1');
});

test('interfaces: the preferred one (last captured on, or configured) comes first when it is up', () => {
  const up = { ipv4: [], ipv6: [], up: true, internal: false, isDefault: false };
  const result = {
    defaultInterface: 'eth0',
    interfaces: [
      { ...up, name: 'eth0', isDefault: true },
      { ...up, name: 'llb-demo' },
      { ...up, name: 'wlan0', up: false },
    ],
  };
  assert.deepEqual(
    interfaceChoices(result, 'llb-demo').map((choice) => choice.name),
    ['llb-demo', 'any', 'eth0'],
  );
  assert.deepEqual(
    interfaceChoices(result, 'wlan0').map((choice) => choice.name),
    ['any', 'eth0', 'llb-demo'],
  );
});

test('status bar: recording dot and packets, drops when there are any', () => {
  assert.equal(captureStatusText(running, snapshot('c1', { counters: counters(1234) })), '$(record) 1,234 pkts');
  assert.equal(
    captureStatusText(running, snapshot('c1', { counters: counters(1234, 7) })),
    '$(record) 1,234 pkts · 7 dropped',
  );
  assert.equal(captureStatusText({ ...running, phase: 'starting' }, undefined), '$(loading~spin) Capture eth0');
  assert.equal(
    captureStatusText({ ...running, phase: 'stopped' }, snapshot('c1', { counters: counters(5) })),
    '$(circle-large-outline) 5 pkts',
  );
  const tooltip = captureStatusTooltip(
    running,
    snapshot('c1', { counters: counters(10, 2) }),
    'Click to stop the capture.',
  );
  assert.equal(
    tooltip,
    [
      'LAN Lens is capturing on eth0 with filter "tcp"',
      '10 packets, 1.00 kB',
      'Dropped: 2 by the kernel, 0 by the interface',
      'Click to stop the capture.',
    ].join('\n'),
  );
});

test('a recording stopped by a full disk is in the tooltip', () => {
  const stopped = 'Recording stopped after 40 packets: the disk is full (/tmp/x). The capture goes on.';
  const withProblem = counters(10);
  withProblem.recording = { packets: 40, bytes: 4000, full: false, error: stopped };
  const tooltip = captureStatusTooltip(running, snapshot('c1', { counters: withProblem }), undefined);
  assert.match(tooltip, /Recording stopped after 40 packets: the disk is full/);
});

test('a capture that ended on its own says why, once it has stopped; one stopped by the user says nothing', () => {
  const ended = (endReason?: string, phase: CaptureState['phase'] = 'stopped') =>
    endedMessage({ ...running, phase, endReason });
  assert.equal(
    ended('the LAN Lens helper ended (signal SIGKILL)'),
    'LAN Lens: the capture on eth0 ended: the LAN Lens helper ended (signal SIGKILL). The helper restarts on its own: start the capture again.',
  );
  assert.equal(ended('eth0 went away'), 'LAN Lens: the capture on eth0 ended: eth0 went away.');
  assert.equal(ended(undefined), undefined);
  assert.equal(ended('eth0 went away', 'running'), undefined);
});

test('a refused filter gives the filter box back; a missing privilege does not', () => {
  const problem = (code: 'bad-filter' | 'open-failed' | 'no-privilege') => ({ code, message: 'x', fix: 'y' });
  assert.equal(blamesFilter(problem('bad-filter'), 'whatever', 'tcp'), true);
  assert.equal(blamesFilter(problem('open-failed'), 'syntax error in filter expression', 'tcp prot 80'), true);
  assert.equal(blamesFilter(problem('open-failed'), "can't compile filter", ''), false);
  assert.equal(blamesFilter(problem('no-privilege'), 'Operation not permitted (setting filter)', 'tcp'), false);
  assert.equal(blamesFilter(problem('open-failed'), 'No such device', 'tcp'), false);
});

test('capture settings: defaults, and bad values fall back with a message naming the setting', () => {
  const defaults = parseCaptureSettings(() => undefined);
  assert.deepEqual(defaults, {
    settings: {
      snaplen: 262144,
      promiscuous: true,
      bufferSizeBytes: 16 * 1024 * 1024,
      record: true,
      maxFileBytes: 1024 ** 3,
    },
    problems: [],
  });
  const values: Record<string, unknown> = {
    'lanLens.capture.snaplen': 10,
    'lanLens.capture.promiscuous': 'yes',
    'lanLens.capture.maxFileMiB': 0,
  };
  const parsed = parseCaptureSettings((key) => values[key]);
  assert.equal(parsed.settings.snaplen, 262144);
  assert.equal(parsed.settings.promiscuous, true);
  assert.equal(parsed.settings.record, false);
  assert.equal(parsed.settings.maxFileBytes, undefined);
  assert.deepEqual(parsed.problems, [
    'lanLens.capture.snaplen must be a whole number from 64 to 262144; using 262144 instead of 10.',
    'lanLens.capture.promiscuous must be true or false; using true.',
  ]);
});

test('port settings: defaults, and bad values fall back with a message naming the setting', () => {
  assert.deepEqual(parsePortSettings(() => undefined).settings, {
    defaultSet: 'top1000',
    method: 'auto',
    udp: false,
    serviceDetection: true,
    osDetection: true,
    maxRate: undefined,
  });
  const values: Record<string, unknown> = { 'lanLens.ports.defaultSet': 'top5', 'lanLens.ports.maxRate': 300 };
  const parsed = parsePortSettings((key) => values[key]);
  assert.equal(parsed.settings.defaultSet, 'top1000');
  assert.equal(parsed.settings.maxRate, 300);
  assert.deepEqual(parsed.problems, ['lanLens.ports.defaultSet must be one of top100, top1000, all; using top1000.']);
});
