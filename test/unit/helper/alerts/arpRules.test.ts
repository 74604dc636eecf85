import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { arpFrame } from '../../../fixtures/testFrames';
import { T0, alertHarness } from './alertHarness';

const A = '02:00:00:00:00:0a';
const B = '02:00:00:00:00:0b';
const GATEWAY = '02:00:00:00:00:01';
const REPLY = 2;
const REQUEST = 1;

describe('ARP spoofing rules', () => {
  it('an address moving to another MAC is a change; moving back within the window is a flip-flop (high)', () => {
    const lab = alertHarness();
    lab.send(arpFrame(REPLY, A, '10.0.0.5', '10.0.0.9'), T0);
    lab.tick(T0 + 1000);
    assert.deepEqual(lab.of('arp-address-changed', 'arp-flip-flop'), []);
    lab.send(arpFrame(REPLY, B, '10.0.0.5', '10.0.0.9'), T0 + 1500);
    lab.tick(T0 + 2000);
    const [changed] = lab.of('arp-address-changed');
    assert.equal(changed?.severity, 'medium');
    assert.equal(changed?.title, `10.0.0.5 moved from ${A} to ${B}`);
    assert.deepEqual(
      changed?.evidence.map((item) => item.frame),
      [1, 2],
      'the packets that taught the old owner and showed the new one',
    );
    lab.send(arpFrame(REPLY, A, '10.0.0.5', '10.0.0.9'), T0 + 2500);
    lab.tick(T0 + 3000);
    const [flip] = lab.of('arp-flip-flop');
    assert.equal(flip?.severity, 'high');
    assert.match(flip?.title ?? '', /10\.0\.0\.5 flip-flops between/);
    assert.equal(lab.of('arp-address-changed').length, 1);
  });

  it("the gateway's address from a foreign MAC is high at once, even as the first ARP seen", () => {
    const lab = alertHarness({ network: { gateways: new Map([['10.0.0.1', GATEWAY]]) } });
    lab.send(arpFrame(REPLY, B, '10.0.0.1', '10.0.0.5'), T0);
    lab.tick(T0 + 1000);
    const alerts = lab.of('arp-gateway-claimed');
    assert.equal(alerts.length, 1);
    assert.equal(alerts[0].severity, 'high');
    assert.equal(alerts[0].evidence[0].frame, 1);
    assert.deepEqual(alerts[0].data, { address: '10.0.0.1', expectedMac: GATEWAY, claimedBy: B });
    assert.deepEqual(lab.of('arp-address-changed', 'arp-flip-flop'), [], 'one alert for one packet');
    lab.send(arpFrame(REPLY, GATEWAY, '10.0.0.1', '10.0.0.5'), T0 + 2000);
    lab.send(arpFrame(REPLY, B, '10.0.0.1', '10.0.0.5'), T0 + 3000);
    lab.send(arpFrame(REPLY, GATEWAY, '10.0.0.1', '10.0.0.5'), T0 + 4000);
    lab.tick(T0 + 5000);
    assert.deepEqual(
      lab.alerts.filter((alert) => alert.rule !== 'new-device').map((alert) => alert.rule),
      ['arp-gateway-claimed'],
      'the gateway answering again is no flip-flop of its own; the claim keeps its quiet time',
    );
  });

  it("this machine's address claimed by another MAC is high", () => {
    const lab = alertHarness({ network: { own: new Map([['10.0.0.2', A]]) } });
    lab.send(arpFrame(REPLY, A, '10.0.0.2', '10.0.0.5'), T0);
    lab.send(arpFrame(REPLY, B, '10.0.0.2', '10.0.0.5'), T0 + 10);
    lab.tick(T0 + 1000);
    const [claimed] = lab.of('arp-gateway-claimed');
    assert.match(claimed?.title ?? '', /claims 10\.0\.0\.2, the address of this machine/);
    assert.equal(lab.of('arp-gateway-claimed').length, 1);
  });

  it('an ARP sender MAC that is not the Ethernet source of its frame', () => {
    const lab = alertHarness();
    lab.send(arpFrame(REPLY, A, '10.0.0.5', '10.0.0.9', B), T0);
    lab.tick(T0 + 1000);
    const [mismatch] = lab.of('arp-sender-mismatch');
    assert.equal(mismatch?.title, `ARP from ${B} says 10.0.0.5 is at ${A}, another MAC`);
    assert.match(mismatch?.evidence[0]?.text ?? '', new RegExp(`sent from ${B}`));
  });

  it('one MAC claiming many addresses, but not the gateway', () => {
    const lab = alertHarness({
      network: { gateways: new Map([['10.0.0.1', GATEWAY]]) },
      settings: { arpSpoofing: { manyAddresses: 8 } },
    });
    for (let i = 0; i < 12; i++) {
      lab.send(arpFrame(REPLY, B, `10.0.0.${20 + i}`, '10.0.0.9'), T0 + i);
      lab.send(arpFrame(REPLY, GATEWAY, `10.0.1.${20 + i}`, '10.0.0.9'), T0 + i);
    }
    lab.tick(T0 + 1000);
    const many = lab.of('arp-many-addresses');
    assert.equal(many.length, 1, 'once, however many more it claims');
    assert.match(many[0].title, new RegExp(`^${B} claims 8 addresses`));
  });

  it('addresses claimed longer ago than the window do not add up', () => {
    const lab = alertHarness({ settings: { arpSpoofing: { manyAddresses: 4, manyAddressesSeconds: 60 } } });
    for (let i = 0; i < 6; i++) lab.send(arpFrame(REPLY, B, `10.0.0.${20 + i}`, '10.0.0.9'), T0 + i * 30_000);
    lab.tick(T0 + 200_000);
    assert.deepEqual(lab.of('arp-many-addresses'), []);
  });

  it('ordinary ARP (requests, replies, probes from 0.0.0.0) raises nothing, and a spoofer raises one alert per quiet time', () => {
    const lab = alertHarness({ network: { gateways: new Map([['10.0.0.1', GATEWAY]]) } });
    for (let second = 0; second < 30; second++) {
      const t = T0 + second * 1000;
      lab.send(arpFrame(REQUEST, A, '10.0.0.5', '10.0.0.1'), t);
      lab.send(arpFrame(REPLY, GATEWAY, '10.0.0.1', '10.0.0.5'), t + 1);
      lab.send(arpFrame(REQUEST, B, '0.0.0.0', '10.0.0.6'), t + 2);
      lab.send(arpFrame(REPLY, B, '10.0.0.6', '10.0.0.5'), t + 3);
      lab.tick(t + 500);
    }
    assert.deepEqual(
      lab.alerts.filter((alert) => alert.rule.startsWith('arp')),
      [],
    );
    for (let second = 30; second < 60; second++) {
      lab.send(arpFrame(REPLY, B, '10.0.0.1', '10.0.0.5'), T0 + second * 1000);
      lab.tick(T0 + second * 1000 + 500);
    }
    assert.equal(lab.of('arp-gateway-claimed').length, 1);
  });
});
