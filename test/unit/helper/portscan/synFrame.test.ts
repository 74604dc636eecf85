import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SynTemplate, readSynReply, readTcpOptionOrder } from '../../../../src/helper/portscan/synFrame';
import type { SynReply } from '../../../../src/helper/portscan/synFrame';
import { parseIpv4 } from '../../../../src/shared/cidr';

/** ones'-complement sum folded: a correct checksum makes the covered bytes sum to 0xffff */
function folded(bytes: Uint8Array, start: number, end: number, initial = 0): number {
  let sum = initial;
  for (let i = start; i < end; i += 2) sum += (bytes[i] << 8) | (i + 1 < end ? bytes[i + 1] : 0);
  while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
  return sum;
}

const src = parseIpv4('10.213.60.1')!;
const dst = parseIpv4('10.213.60.2')!;
const template = new SynTemplate([2, 0, 0, 0, 0x60, 2], [2, 0x13, 0x3c, 0, 0, 1], src, dst, 45678, 123456);

test('SYN frames carry correct IP and TCP checksums for every port and sequence', () => {
  for (const [port, sequence, id] of [
    [1, 0, 0],
    [80, 0xffffffff, 65535],
    [65535, 0x8000_0001, 7],
    [443, 0x12345678, 1234],
  ] as const) {
    const length = template.write(port, sequence, id);
    const f = template.frame;
    assert.equal(folded(f, 14, 34), 0xffff, `IP checksum, port ${port}`);
    const tcpLength = length - 34;
    const pseudo = folded(f, 26, 34) + 6 + tcpLength;
    assert.equal(folded(f, 34, length, pseudo), 0xffff, `TCP checksum, port ${port}`);
    assert.equal(f.readUInt16BE(36), port);
    assert.equal(f.readUInt32BE(38), sequence >>> 0);
    assert.equal(f[47], 0x02, 'SYN only');
    assert.deepEqual(readTcpOptionOrder(f, 54, tcpLength - 20).options, ['MSS', 'SACK', 'TS', 'NOP', 'WS']);
  }
});

/** Turns our SYN around into the host's answer, as a kernel would. */
function answer(flags: number, options: number[] = []): Buffer {
  const length = template.write(8080, 0x1000_0003, 1);
  const f = Buffer.from(template.frame.subarray(0, 34 + 20 + options.length));
  f.writeUInt32BE(dst, 26);
  f.writeUInt32BE(src, 30);
  f[22] = 63;
  f.writeUInt16BE(8080, 34);
  f.writeUInt16BE(45678, 36);
  f.writeUInt32BE(0xdeadbeef, 38);
  f.writeUInt32BE(0x1000_0004, 42);
  f[46] = ((20 + options.length) / 4) << 4;
  f[47] = flags;
  f.writeUInt16BE(64240, 48);
  f.set(options, 54);
  assert.ok(length > 0);
  return f;
}

const empty = (): SynReply => ({
  ip: 0,
  port: 0,
  kind: 'reset',
  sequence: 0,
  ttl: 0,
  icmpType: -1,
  icmpCode: -1,
  ipFlags: 0,
  window: 0,
  optionsOffset: 0,
  optionsLength: 0,
});

test('SYN-ACK, RST and ICMP unreachable are read back to the probe they answer', () => {
  const out = empty();
  const synAck = answer(0x12, [2, 4, 5, 0xb4, 1, 1, 4, 2, 1, 3, 3, 7]);
  assert.equal(readSynReply(synAck, synAck.length, 45678, out), true);
  assert.deepEqual(
    [out.kind, out.port, out.ip, out.sequence, out.ttl, out.window],
    ['syn-ack', 8080, dst, 0x1000_0003, 63, 64240],
  );
  assert.deepEqual(readTcpOptionOrder(synAck, out.optionsOffset, out.optionsLength), {
    options: ['MSS', 'NOP', 'NOP', 'SACK', 'NOP', 'WS'],
    mss: 1460,
    windowScale: 7,
  });
  const reset = answer(0x14);
  assert.equal(readSynReply(reset, reset.length, 45678, out), true);
  assert.equal(out.kind, 'reset');
  assert.equal(readSynReply(reset, reset.length, 45679, out), false, 'another source port is not ours');
  assert.equal(readSynReply(answer(0x10), 54, 45678, out), false, 'a bare ACK is no answer');

  // ICMP admin-prohibited quoting our SYN (IP header + first 8 bytes of TCP).
  template.write(22, 0x2000_0001, 9);
  const quote = template.frame.subarray(14, 14 + 28);
  const icmp = Buffer.alloc(14 + 20 + 8 + quote.length);
  template.frame.copy(icmp, 0, 0, 34);
  icmp[23] = 1;
  icmp.writeUInt16BE(20 + 8 + quote.length, 16);
  icmp[34] = 3;
  icmp[35] = 13;
  icmp.set(quote, 42);
  assert.equal(readSynReply(icmp, icmp.length, 45678, out), true);
  assert.deepEqual([out.kind, out.port, out.ip, out.sequence, out.icmpCode], ['icmp', 22, dst, 0x2000_0001, 13]);
});
