import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AlertingAggregator } from '../../../../src/helper/alerts/alertingAggregator';
import { createLiveAggregator } from '../../../../src/helper/capture/liveAggregator';

describe('a live capture watched by the alert engine', () => {
  it('still shows its flow table, so an IPFIX exporter attaches (the wrapper hid it: the setting exported nothing)', () => {
    const inner = createLiveAggregator('eth0');
    assert.ok(inner.flows, 'a live aggregator has a flow table');
    const watched = new AlertingAggregator(inner, 'eth0', () => undefined);
    assert.equal(watched.flows, inner.flows);
  });
});
