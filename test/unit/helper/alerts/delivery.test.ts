import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { alertMail } from '../../../../src/helper/alerts/delivery/alertMail';
import { DeliveryService, MAX_QUEUED, retryDelay } from '../../../../src/helper/alerts/delivery/deliveryService';
import type { Senders } from '../../../../src/helper/alerts/delivery/deliveryService';
import { checkDeliverySettings } from '../../../../src/shared/alerts/deliverySettings';
import type { DeliveryStatus } from '../../../../src/shared/alerts/deliverySettings';
import type { Alert } from '../../../../src/shared/model/alerts';
import { T0 } from './alertHarness';

const alert = (id: string, severity: Alert['severity'] = 'medium'): Alert => ({
  id,
  rule: 'new-device',
  severity,
  time: T0,
  title: `New device: ${id}`,
  devices: [{ ip: '10.0.0.5' }],
  evidence: [{ time: T0, text: 'ARP reply' }],
});

/** A service with senders that fail while `down` is set, on a clock the test moves. */
function service() {
  const clock = { now: T0 };
  const sent: { channel: string; ids: string[] }[] = [];
  const statuses: DeliveryStatus[] = [];
  const state = { down: false };
  const senders: Senders = {
    webhook: (_, payload) => {
      if (state.down) return Promise.reject(new Error('connect ECONNREFUSED'));
      sent.push({ channel: 'webhook', ids: ['id' in payload ? payload.id : 'test'] });
      return Promise.resolve();
    },
    email: (_, alerts) => {
      if (state.down) return Promise.reject(new Error('535 invalid'));
      sent.push({ channel: 'email', ids: alerts.map((entry) => entry.id) });
      return Promise.resolve();
    },
  };
  const delivery = new DeliveryService({
    history: () => undefined,
    now: () => clock.now,
    onStatus: (status) => statuses.push(status),
    senders,
  });
  const email = {
    host: 'mail.lab',
    port: 587,
    security: 'starttls' as const,
    from: 'a@lab.invalid',
    to: ['b@lab.invalid'],
    minimumSeverity: 'high' as const,
  };
  delivery.configure({ webhook: { url: 'http://127.0.0.1:9/hook', minimumSeverity: 'medium' }, email });
  return { delivery, clock, sent, statuses, state };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('alert delivery', () => {
  it('each channel gets the alerts at or above its severity; e-mail batches them', async () => {
    const { delivery, sent } = service();
    delivery.enqueue([alert('a', 'low'), alert('b', 'medium'), alert('c', 'high'), alert('d', 'high')]);
    await settle();
    await delivery.pump();
    assert.deepEqual(sent, [
      { channel: 'webhook', ids: ['b'] },
      { channel: 'email', ids: ['c', 'd'] },
      { channel: 'webhook', ids: ['c'] },
      { channel: 'webhook', ids: ['d'] },
    ]);
  });

  it('a failure is shown, retried after 5, 10, 20 s… (at most 10 min), and the queue keeps order', async () => {
    assert.deepEqual([1, 2, 3, 4, 9, 20].map(retryDelay), [5_000, 10_000, 20_000, 40_000, 600_000, 600_000]);
    const { delivery, clock, sent, statuses, state } = service();
    state.down = true;
    delivery.enqueue([alert('a'), alert('b')]);
    await settle();
    assert.deepEqual(statuses.at(-1), {
      channel: 'webhook',
      state: 'failing',
      queued: 2,
      dropped: 0,
      lastError: 'connect ECONNREFUSED',
      nextTry: T0 + 5_000,
    });
    clock.now = T0 + 4_000;
    await delivery.pump();
    assert.equal(statuses.length, 1, 'not before its time');
    clock.now = T0 + 5_000;
    await delivery.pump();
    assert.equal(statuses.at(-1)?.nextTry, T0 + 15_000);
    state.down = false;
    clock.now = T0 + 15_000;
    await delivery.pump();
    assert.deepEqual(sent, [
      { channel: 'webhook', ids: ['a'] },
      { channel: 'webhook', ids: ['b'] },
    ]);
    assert.equal(statuses.at(-1)?.state, 'ok', 'the recovery is reported');
    assert.deepEqual(delivery.status('webhook'), { channel: 'webhook', state: 'ok', queued: 0, dropped: 0 });
  });

  it('a full queue drops its oldest and says so', async () => {
    const { delivery, statuses, state } = service();
    state.down = true;
    delivery.enqueue(Array.from({ length: MAX_QUEUED + 3 }, (_, i) => alert(`x${i}`)));
    await settle();
    const last = statuses.filter((status) => status.channel === 'webhook').at(-1);
    assert.equal(last?.queued, MAX_QUEUED);
    assert.equal(last?.dropped, 3);
  });

  it('the test message goes through the channel now; an unset channel says so', async () => {
    const { delivery, sent } = service();
    await delivery.test('webhook');
    await delivery.test('email');
    assert.deepEqual(sent, [
      { channel: 'webhook', ids: ['test'] },
      { channel: 'email', ids: [] },
    ]);
    delivery.configure({});
    await assert.rejects(delivery.test('email'), /E-mail is not set up/);
  });
});

describe('delivery settings', () => {
  const email = { host: 'mail.lab', port: 587, security: 'starttls', from: 'a@lab.invalid', to: ['b@lab.invalid'] };
  const bad: [string, unknown, RegExp][] = [
    ['a file URL', { webhook: { url: 'file:///etc/passwd' } }, /webhook: url must be an http: or https: URL/],
    ['a URL with a space', { webhook: { url: 'http://a b/' } }, /webhook: url must be/],
    [
      'a header forged through the address',
      { email: { ...email, from: 'a@lab\r\nBcc: x@y' } },
      /email: from must be an e-mail address/,
    ],
    ['no recipient', { email: { ...email, to: [] } }, /email: to must list 1 to 32/],
    ['port 0', { email: { ...email, port: 0 } }, /email: port must be/],
    ['plain SMTP', { email: { ...email, security: 'none' } }, /email: security must be starttls or tls/],
    ['a CA that is not PEM', { email: { ...email, ca: 'x' } }, /email: ca must be PEM/],
    ['an unknown severity', { webhook: { url: 'https://hooks.lab/x', minimumSeverity: 'urgent' } }, /minimumSeverity/],
  ];
  for (const [what, raw, message] of bad) {
    it(`refuses ${what}`, () => {
      const checked = checkDeliverySettings(raw);
      assert.ok('error' in checked);
      assert.match(checked.error, message);
    });
  }

  it('takes a webhook and e-mail, severity medium by default', () => {
    const checked = checkDeliverySettings({ webhook: { url: 'https://hooks.lab:8443/alerts?k=1' }, email });
    assert.deepEqual(checked, {
      settings: {
        webhook: { url: 'https://hooks.lab:8443/alerts?k=1', minimumSeverity: 'medium' },
        email: { ...email, minimumSeverity: 'medium' },
      },
    });
  });
});

describe('alert e-mail', () => {
  it('names the most severe in the subject; network strings lose their line breaks', () => {
    const mail = alertMail([
      alert('low one', 'low'),
      { ...alert('x', 'high'), title: 'evil\r\nBcc: victim@example.invalid', interface: 'br0' },
    ]);
    assert.equal(mail.subject, '[LAN Lens] 2 alerts, the most severe high: evil Bcc: victim@example.invalid');
    assert.match(mail.text, /^New device: low one\nNew device, low severity, /);
    assert.match(mail.text, /\n {2}device: 10\.0\.0\.5\n/);
  });
});
