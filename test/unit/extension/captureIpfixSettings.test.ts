// The lanLens.capture.ipfix* settings: checked before a capture starts (a bad collector refuses the
// start with a button to the setting, leaving the capture store as it was), and what the status bar says.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { helperCaptureBackend } from '../../../src/extension/capture/captureBackend';
import { CaptureSession } from '../../../src/extension/capture/captureSession';
import { currentCaptureSettings, parseCaptureSettings } from '../../../src/extension/capture/captureSettings';
import { captureStatusTooltip } from '../../../src/extension/capture/captureText';
import { UserFacingError } from '../../../src/extension/userFacingError';
import { counters, snapshot } from '../shared/trafficFixtures';
import { fakeHelperClient } from './fakeHelperClient';

const read = (values: Record<string, unknown>) => (key: string) => values[key];

test('an IPFIX collector with its timeouts (defaults: 300 s active, 60 s idle)', () => {
  assert.deepEqual(parseCaptureSettings(read({ 'lanLens.capture.ipfix': ' 127.0.0.1:9995 ' })).settings.ipfix, {
    collector: '127.0.0.1:9995',
    activeTimeoutS: 300,
    idleTimeoutS: 60,
  });
  const parsed = parseCaptureSettings(
    read({
      'lanLens.capture.ipfix': '[::1]:4739',
      'lanLens.capture.ipfixActiveTimeout': 30,
      'lanLens.capture.ipfixIdleTimeout': 0,
    }),
  );
  assert.deepEqual(parsed.settings.ipfix, { collector: '[::1]:4739', activeTimeoutS: 30, idleTimeoutS: 60 });
  assert.deepEqual(parsed.problems, [
    'lanLens.capture.ipfixIdleTimeout must be a whole number from 1 to 86400; using 60 instead of 0.',
  ]);
  assert.equal(parseCaptureSettings(read({ 'lanLens.capture.ipfix': '' })).settings.ipfix, undefined);
});

test('a collector that is not HOST:PORT refuses the start, naming the setting and the fix', () => {
  assert.throws(
    () => currentCaptureSettings(read({ 'lanLens.capture.ipfix': 'collector' }), () => undefined),
    (error: unknown) => {
      assert.ok(error instanceof UserFacingError);
      assert.match(
        error.message,
        /^lanLens\.capture\.ipfix: "collector" has no port.*clear it to capture without IPFIX export/,
      );
      assert.deepEqual(error.action, { kind: 'openSetting', setting: 'lanLens.capture.ipfix' });
      return true;
    },
  );
});

test('a refused start leaves the capture store as it was, and sends nothing to the helper', async () => {
  const { client } = fakeHelperClient();
  const session = new CaptureSession(helperCaptureBackend(client), () =>
    currentCaptureSettings(read({ 'lanLens.capture.ipfix': '::1:4739' }), () => undefined),
  );
  const phases: string[] = [];
  session.onDidChangeState((state) => phases.push(state.phase));
  try {
    await assert.rejects(session.start({ interface: 'ticks' }), /put an IPv6 address in brackets/);
    assert.equal(session.state.phase, 'idle');
    assert.deepEqual(phases, []);
  } finally {
    session.dispose();
    await client.dispose();
  }
});

test('the status bar tooltip says what the export sent, and why it fails', () => {
  const ipfix = { collector: '127.0.0.1:9995', records: 1200, messages: 60, dropped: 0, errors: 0 };
  const state = { phase: 'running', captureId: 'c1', interface: 'eth0', filter: '', canSave: true } as const;
  const tooltip = (patch: object) =>
    captureStatusTooltip(
      state,
      snapshot('c1', { counters: { ...counters(10), ipfix: { ...ipfix, ...patch } } }),
      undefined,
    );
  assert.match(tooltip({}), /\nIPFIX: 1,200 flow records sent to 127\.0\.0\.1:9995$/);
  assert.match(
    tooltip({ errors: 3, lastError: 'send ECONNREFUSED 127.0.0.1:9995', dropped: 5 }),
    /IPFIX: 1,200 flow records sent to 127\.0\.0\.1:9995; 5 records dropped; 3 sends failed \(send ECONNREFUSED 127\.0\.0\.1:9995\)$/,
  );
});
