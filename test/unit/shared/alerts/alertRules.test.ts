import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import {
  ALERT_RULES,
  allAlertSettings,
  defaultAlertSettings,
  readAlertSettings,
} from '../../../../src/shared/alerts/alertRules';

const root = path.join(__dirname, '../../../..');
const properties = (
  JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as {
    contributes: { configuration: { properties: Record<string, Record<string, unknown>> } };
  }
).contributes.configuration.properties;

describe('alert rules as data', () => {
  it('every rule setting is contributed in package.json with its default and bounds', () => {
    for (const { key, spec } of allAlertSettings()) {
      const property = properties[key];
      assert.ok(property, `${key} is contributed`);
      assert.deepEqual(property.default, spec.default, `${key} default`);
      if (spec.kind === 'number') {
        assert.equal(property.minimum, spec.min, `${key} minimum`);
        assert.equal(property.maximum, spec.max, `${key} maximum`);
        assert.equal(property.type, spec.integer ? 'integer' : 'number', `${key} type`);
      }
      if (spec.kind === 'devices') assert.equal(property.maxItems, spec.maxItems);
    }
    // Notifications and delivery are the extension's, not rules.
    const contributed = Object.keys(properties).filter(
      (key) => key.startsWith('lanLens.alerts.') && !/^lanLens\.alerts\.(notifications|delivery)\./.test(key),
    );
    const table = allAlertSettings().map((setting) => setting.key);
    for (const key of contributed) assert.ok(table.includes(key), `${key} is in the rule table`);
  });

  it('the gateway rule and flip-flops are high; every rule has a family but the held-back summary', () => {
    assert.equal(ALERT_RULES['arp-gateway-claimed'].severity, 'high');
    assert.equal(ALERT_RULES['arp-flip-flop'].severity, 'high');
    assert.equal(ALERT_RULES['port-scan'].family, 'portScan');
    assert.equal(ALERT_RULES['alerts-suppressed'].family, undefined);
  });

  it('reads settings: defaults where absent, each bad value named and replaced by its default', () => {
    const values: Record<string, unknown> = {
      'newDevice.learningSeconds': 5,
      'portScan.ports': 0,
      'spikes.factor': 2.5,
      'bandwidth.interface': '  eth1 ',
      'watchedDevices.devices': ['10.0.0.5', 'AA-BB-CC-DD-EE-FF', '10.0.0.5'],
      'arpSpoofing.enabled': 'yes',
    };
    const { settings, problems } = readAlertSettings((family, name) => values[`${family}.${name}`]);
    assert.equal(settings.newDevice.learningSeconds, 5);
    assert.equal(settings.portScan.ports, 15);
    assert.equal(settings.spikes.factor, 2.5);
    assert.equal(settings.bandwidth.interface, 'eth1');
    assert.deepEqual(settings.watchedDevices.devices, ['10.0.0.5', 'aa:bb:cc:dd:ee:ff']);
    assert.equal(settings.arpSpoofing.enabled, true);
    assert.deepEqual(problems, [
      'lanLens.alerts.arpSpoofing.enabled must be true or false; using the default.',
      'lanLens.alerts.portScan.ports must be a whole number from 2 to 65535, not 0; using the default.',
    ]);
    const bad = readAlertSettings((family, name) =>
      family === 'watchedDevices' && name === 'devices' ? ['<script>'] : undefined,
    );
    assert.deepEqual(bad.problems, [
      'lanLens.alerts.watchedDevices.devices holds "<script>", which is neither an IPv4 address nor a MAC; using the default.',
    ]);
  });

  it("Zeek's scan thresholds are the defaults", () => {
    const { portScan } = defaultAlertSettings();
    assert.deepEqual(portScan, { enabled: true, ports: 15, hosts: 25, windowSeconds: 300 });
  });
});
