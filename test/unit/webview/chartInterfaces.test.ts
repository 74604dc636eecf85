import assert from 'node:assert/strict';
import { test } from 'node:test';
import { networkInterface } from '../../fixtures/interfaceFixtures';
import {
  chartInterfaces,
  everyInterface,
  followCapture,
  physicalInterfaces,
} from '../../../src/webview/traffic/chartInterfaces';

const info = networkInterface;
const address = [{ address: '10.213.250.1', prefixLength: 24, cidr: '10.213.250.0/24' }];
const interfaces = [
  info('eth0', { isDefault: true, type: 'wired' }),
  info('wlan0', { type: 'wireless' }),
  info('lo', { internal: true, type: 'virtual', ipv4: [{ ...address[0], address: '127.0.0.1' }] }),
  info('llb-demo', { type: 'virtual', ipv4: address }),
  info('llv-demo-1', { type: 'virtual' }),
];
const sampled = ['eth0', 'llb-demo', 'llv-demo-1', 'lo', 'wlan0'];

test('the chart follows the capture, else the status bar’s interface, else sums the physical ones', () => {
  const follow = (captureInterface?: string, activeInterface?: string) =>
    chartInterfaces({ chosen: followCapture, sampled, interfaces, captureInterface, activeInterface });
  assert.deepEqual([...follow('llb-demo', 'eth0').summed], ['llb-demo']);
  assert.equal(follow('llb-demo').selected, 'llb-demo');
  assert.deepEqual([...follow('any', 'eth0').summed], ['eth0'], '"any" is no interface to chart');
  const none = follow(undefined, undefined);
  assert.equal(none.selected, physicalInterfaces);
  assert.deepEqual([...none.summed].sort(), ['eth0', 'wlan0'], 'loopback and virtual links stay out of All');
});

test('the picker: the followed one marked, no address-less veth, All and All with virtual links', () => {
  const { choices } = chartInterfaces({ chosen: followCapture, sampled, interfaces, captureInterface: 'llb-demo' });
  assert.deepEqual(
    choices.map((choice) => choice.label),
    ['eth0', 'llb-demo (followed)', 'lo', 'wlan0', 'All interfaces', 'All, with loopback and virtual links'],
  );
  const every = chartInterfaces({ chosen: everyInterface, sampled, interfaces });
  assert.deepEqual([...every.summed].sort(), [...sampled].sort());
  const gone = chartInterfaces({ chosen: 'usb0', sampled, interfaces });
  assert.equal(gone.selected, physicalInterfaces, 'a chosen interface that went away falls back to All');
});
