import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { alertLines } from '../../../../src/helper/cli/alertLines';
import { watchSettings } from '../../../../src/helper/cli/watchSettings';
import type { Alert } from '../../../../src/shared/model/alerts';

describe('lanlens watch: --set', () => {
  it('sets rule settings by family and name, with the table’s bounds', () => {
    const checked = watchSettings([
      'newDevice.learningSeconds=5',
      'spikes.enabled=false',
      'spikes.factor=2.5',
      'watchedDevices.devices=10.0.0.5,AA:BB:CC:DD:EE:FF',
    ]);
    assert.ok('settings' in checked);
    assert.equal(checked.settings.newDevice.learningSeconds, 5);
    assert.equal(checked.settings.spikes.enabled, false);
    assert.equal(checked.settings.spikes.factor, 2.5);
    assert.deepEqual(checked.settings.watchedDevices.devices, ['10.0.0.5', 'aa:bb:cc:dd:ee:ff']);
  });

  const bad: [string, RegExp][] = [
    ['portScan.ports=1', /lanLens\.alerts\.portScan\.ports must be a whole number from 2 to 65535, not 1\.$/],
    ['spikes.enabled=yes', /must be true or false/],
    ['nothing.here=1', /--set takes FAMILY\.NAME=VALUE with one of: newDevice\.enabled, /],
    ['portScan.ports', /not "portScan\.ports"/],
  ];
  for (const [assignment, message] of bad) {
    it(`refuses ${assignment}`, () => {
      const checked = watchSettings([assignment]);
      assert.ok('error' in checked);
      assert.match(checked.error, message);
    });
  }
});

describe('lanlens watch: alert lines', () => {
  it('drops control characters of hostile names, so a terminal only shows them', () => {
    const alert: Alert = {
      id: 'a',
      rule: 'new-device',
      severity: 'medium',
      time: new Date(2024, 4, 1, 14, 3, 22).getTime(),
      title: 'New device: evil\u001b]0;pwned\u0007 (02:00:00:00:00:01)',
      devices: [],
      evidence: [{ time: new Date(2024, 4, 1, 14, 3, 21, 500).getTime(), text: 'mDNS \u001b[31mred', frame: 7 }],
    };
    assert.equal(
      alertLines(alert),
      '2024-05-01 14:03:22  MEDIUM  New device: evil]0;pwned (02:00:00:00:00:01)  [new-device]\n' +
        '    14:03:21.500  mDNS [31mred (frame 7)',
    );
  });
});
