// The traceroute's frame reader on hand-made frames (our probe leaving, a router's time exceeded,
// the target's port unreachable, a quote too short or of another flow) and the one check of a
// trace request, as `topology/trace` and the CLI apply it.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { HelperErrorCode } from '../../../../src/shared/helperProtocol';
import { ScanInputError } from '../../../../src/helper/scan/scanTarget';
import { emptyProbeFrame, readProbeFrame } from '../../../../src/helper/topology/probeFrames';
import { checkTraceParams } from '../../../../src/helper/topology/traceParams';
import { TRACE_PORT } from '../../../../src/helper/topology/traceroute';

const ip = (text: string) => text.split('.').map(Number);

/** An IPv4 header (20 bytes) with the fields a trace reads. */
function ipv4(src: string, dst: string, protocol: number, ttl: number, id: number): number[] {
  return [0x45, 0, 0, 0, id >> 8, id & 0xff, 0x40, 0, ttl, protocol, 0, 0, ...ip(src), ...ip(dst)];
}
const udp = (sport: number, dport: number) => [sport >> 8, sport & 0xff, dport >> 8, dport & 0xff, 0, 26, 0xab, 0xcd];
const ethernet = (body: number[]) => Uint8Array.from([...new Array<number>(12).fill(2), 0x08, 0x00, ...body]);
const probe = (ttl: number, id: number) => [...ipv4('10.1.0.10', '10.2.0.11', 17, ttl, id), ...udp(40000, TRACE_PORT)];
const icmp = (from: string, type: number, code: number, quoted: number[]) =>
  ethernet([...ipv4(from, '10.1.0.10', 1, 64, 7), type, code, 0, 0, 0, 0, 0, 0, ...quoted]);

describe('the traceroute’s frames', () => {
  const read = (frame: Uint8Array, length = frame.length) => {
    const out = emptyProbeFrame();
    return readProbeFrame(frame, length, TRACE_PORT, out) ? { ...out } : undefined;
  };

  it('reads our probe leaving: its port, target, IP id and TTL', () => {
    assert.deepEqual(read(ethernet(probe(3, 0x1234))), {
      kind: 'probe',
      sourcePort: 40000,
      target: 0x0a02000b,
      ipId: 0x1234,
      ttl: 3,
      from: 0,
      code: 0,
    });
  });

  it('reads a router’s time exceeded and the target’s port unreachable by the probe they quote', () => {
    const exceeded = read(icmp('10.1.0.2', 11, 0, probe(1, 0x0101)));
    assert.deepEqual(
      [exceeded?.kind, exceeded?.from, exceeded?.ipId, exceeded?.sourcePort],
      ['time-exceeded', 0x0a010002, 0x0101, 40000],
    );
    const unreachable = read(icmp('10.2.0.11', 3, 3, probe(1, 0x0102)));
    assert.deepEqual([unreachable?.kind, unreachable?.code, unreachable?.target], ['unreachable', 3, 0x0a02000b]);
  });

  it('ignores other traffic, quotes too short to name the probe, and probes of another port', () => {
    assert.equal(read(icmp('10.1.0.2', 11, 0, probe(1, 1).slice(0, 24))), undefined);
    assert.equal(read(icmp('10.1.0.2', 0, 0, probe(1, 1))), undefined, 'an echo reply');
    const other = [...ipv4('10.1.0.10', '10.2.0.11', 17, 1, 1), ...udp(40000, 53)];
    assert.equal(read(ethernet(other)), undefined);
    assert.equal(read(icmp('10.1.0.2', 11, 0, other)), undefined);
    assert.equal(read(ethernet(probe(1, 1)), 30), undefined, 'cut short');
  });

  it('reads a frame with one 802.1Q tag', () => {
    const plain = ethernet(probe(2, 9));
    const tagged = Uint8Array.from([...plain.slice(0, 12), 0x81, 0x00, 0x00, 0x05, ...plain.slice(12)]);
    assert.equal(read(tagged)?.ttl, 2);
  });
});

describe('a trace request is checked before anything is sent', () => {
  const refusal = (params: unknown) => {
    try {
      checkTraceParams(params as never);
    } catch (error) {
      assert.ok(error instanceof ScanInputError);
      return error.code;
    }
    return undefined;
  };

  it('takes private IPv4 targets and a TTL bound', () => {
    assert.deepEqual(checkTraceParams({ targets: ['10.2.0.11', '10.2.0.11', '192.168.1.1'], maxTtl: 4 }), {
      targets: ['10.2.0.11', '192.168.1.1'],
      maxTtl: 4,
    });
  });

  it('refuses what is malformed, and public targets unless confirmed', () => {
    const invalid = HelperErrorCode.InvalidParams;
    assert.equal(refusal(undefined), invalid);
    assert.equal(refusal({ targets: [] }), invalid);
    assert.equal(refusal({ targets: ['10.0.0.300'] }), invalid);
    assert.equal(refusal({ targets: 'x' }), invalid);
    assert.equal(refusal({ targets: ['10.0.0.1'], maxTtl: 31 }), invalid);
    assert.equal(refusal({ targets: ['10.0.0.1'], maxTtl: 1.5 }), invalid);
    assert.equal(refusal({ targets: new Array<string>(1025).fill('10.0.0.1') }), invalid);
    assert.equal(refusal({ targets: ['8.8.8.8'] }), HelperErrorCode.NeedsConfirmation);
    assert.equal(refusal({ targets: ['8.8.8.8'], confirmed: true }), undefined);
  });
});
