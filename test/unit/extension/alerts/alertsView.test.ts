import assert from 'node:assert/strict';
import { describe, it, mock } from 'node:test';
import { alertTooltip, alertView } from '../../../../src/extension/alerts/alertItem';
import { AlertList } from '../../../../src/extension/alerts/alertList';
import { AlertNotifier, inert, notificationOf } from '../../../../src/extension/alerts/alertNotifier';
import { alertsStatusLine } from '../../../../src/extension/alerts/alertsConnection';
import type { AlertNotification } from '../../../../src/extension/alerts/alertNotifier';
import type { Alert } from '../../../../src/shared/model/alerts';

const T0 = new Date(2024, 4, 1, 14, 3, 22).getTime();

const alert = (id: string, extra: Partial<Alert> = {}): Alert => ({
  id,
  rule: 'new-device',
  severity: 'medium',
  time: T0,
  title: `New device: 10.0.0.${id.length} (02:00:00:00:00:0${id.length})`,
  devices: [{ ip: '10.0.0.5', mac: '02:00:00:00:00:05', role: 'new' }],
  evidence: [{ time: T0 - 500, text: 'ARP reply: 10.0.0.5 is at 02:00:00:00:00:05', frame: 12 }],
  ...extra,
});

describe('the Alerts view', () => {
  it('keeps alerts newest first, once each; counts the unacknowledged; acknowledges and clears', () => {
    const list = new AlertList();
    list.replace([alert('a', { time: T0 }), alert('b', { time: T0 + 2 })]);
    list.add([alert('c', { time: T0 + 1 }), alert('a')]);
    assert.deepEqual(
      list.all.map((entry) => entry.id),
      ['b', 'c', 'a'],
    );
    assert.equal(list.unacknowledged, 3);
    assert.deepEqual(
      list.acknowledge(['a', 'zz'], T0 + 5).map((entry) => entry.id),
      ['a'],
    );
    assert.equal(list.acknowledge(['a'], T0 + 6).length, 0, 'acknowledged once');
    assert.equal(list.get('a')?.acknowledged, T0 + 5);
    assert.equal(list.unacknowledged, 2);
    list.clear(['b']);
    assert.deepEqual(
      list.all.map((entry) => entry.id),
      ['c', 'a'],
    );
    list.acknowledge(undefined, T0 + 7);
    assert.equal(list.unacknowledged, 0);
    list.clear(undefined);
    assert.deepEqual(list.all, []);
  });

  it('a row: severity icon and colour, time and device, dimmed once acknowledged', () => {
    const row = alertView(alert('a', { severity: 'high' }), T0 + 1000);
    assert.equal(row.icon, 'error');
    assert.equal(row.color, 'list.errorForeground');
    assert.equal(row.description, '14:03:22 · 10.0.0.5 (02:00:00:00:00:05)');
    assert.equal(row.contextValue, 'alert');
    const seen = alertView(alert('a', { acknowledged: T0 + 10 }), T0 + 86_400_000 * 2);
    assert.equal(seen.color, undefined);
    assert.equal(seen.dimmed, true);
    assert.equal(seen.contextValue, 'alertAcknowledged');
    assert.match(seen.description ?? '', /^2024-05-01 14:03 · .* · acknowledged$/);
  });

  it('the tooltip is plain text with the evidence; hostile strings lose their controls and bidi marks', () => {
    const hostile = alert('a', {
      title: 'New device: <img src=x onerror=alert(1)> \u202eevil\u0007',
      devices: [{ ip: '10.0.0.5', name: '[x](command:workbench.action.terminal.new)', role: 'new' }],
      evidence: [{ time: T0, text: 'mDNS name **bold**\u001b[31m', frame: 3 }],
    });
    const tooltip = alertTooltip(hostile);
    assert.equal(
      tooltip,
      [
        'New device: <img src=x onerror=alert(1)> evil',
        'New device · medium severity · 2024-05-01 14:03',
        '',
        'Devices:',
        '  [x](command:workbench.action.terminal.new) (10.0.0.5) (new)',
        '',
        'Evidence:',
        '  14:03:22.000  mDNS name **bold**[31m (frame 3)',
      ].join('\n'),
      'a plain-text tooltip shows markup as typed',
    );
  });
});

describe('the helper log after a configure', () => {
  it('says until when the engine learns, or that new devices alert, and how many devices it knows', () => {
    const cases: [Parameters<typeof alertsStatusLine>[0], number, string][] = [
      [
        { learningUntil: T0 + 40_000, knownDevices: 0, stored: true },
        T0,
        'Alerts: learning the network until 2024-05-01 14:04, then new devices alert; 0 devices known.',
      ],
      [
        { learningUntil: T0 - 60_000, knownDevices: 1, stored: false },
        T0,
        'Alerts: new devices alert (learnt until 2024-05-01 14:02); 1 device known.',
      ],
    ];
    for (const [status, now, line] of cases) assert.equal(alertsStatusLine(status, now), line);
  });
});

describe('alert notifications', () => {
  const settings = { minimumSeverity: 'medium' as const, intervalMs: 30_000 };

  it('one at once, then the rest of the interval grouped into one; low severity stays quiet', () => {
    mock.timers.enable({ apis: ['setTimeout', 'Date'], now: T0 });
    try {
      const shown: AlertNotification[] = [];
      const notifier = new AlertNotifier(
        (notification) => shown.push(notification),
        () => settings,
      );
      notifier.add([alert('a')]);
      assert.equal(shown.length, 1);
      assert.equal(shown[0].text, 'LAN Lens: New device: 10.0.0.1 (02:00:00:00:00:01)');
      notifier.add([alert('bb', { severity: 'low' })]);
      for (let i = 0; i < 50; i++)
        notifier.add([alert(`c${i}`, { severity: i === 7 ? 'high' : 'medium', title: `t${i}` })]);
      assert.equal(shown.length, 1, 'nothing more within the interval');
      mock.timers.tick(30_000);
      assert.equal(shown.length, 2);
      assert.equal(shown[1].severity, 'high');
      assert.equal(shown[1].alerts.length, 50);
      assert.equal(shown[1].text, 'LAN Lens: 50 new alerts (1 high, 49 medium). t7, and more in the Alerts view.');
      notifier.dispose();
    } finally {
      mock.timers.reset();
    }
  });

  it("'off' notifies nothing; the bandwidth threshold has its own notification", () => {
    const shown: AlertNotification[] = [];
    const off = new AlertNotifier(
      (notification) => shown.push(notification),
      () => ({ ...settings, minimumSeverity: 'off' }),
    );
    off.add([alert('a', { severity: 'high' })]);
    const low = new AlertNotifier(
      (notification) => shown.push(notification),
      () => ({ ...settings, minimumSeverity: 'low' }),
    );
    low.add([alert('b', { rule: 'bandwidth-threshold', severity: 'low', data: { direction: 'download' } })]);
    assert.deepEqual(shown, []);
  });

  it('a name cannot become a link or a command in a notification', () => {
    assert.equal(inert('see [here](command:evil) and [x] (y)'), 'see [here] (command:evil) and [x] (y)');
    const { text } = notificationOf([alert('a', { title: 'New device: [click](https://example.invalid)' })]);
    assert.equal(text, 'LAN Lens: New device: [click] (https://example.invalid)');
  });
});
