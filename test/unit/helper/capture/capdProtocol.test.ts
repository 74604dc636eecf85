import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  CAPD_PROTOCOL_VERSION,
  CapdCommand,
  CapdProtocolError,
  CapdRecord,
  CapdRecordReader,
  checkBatch,
  encodeCapdCommand,
  readFailure,
  readOpened,
  readStats,
} from '../../../../src/helper/capture/capdProtocol';

const u32 = (value: number) => {
  const out = Buffer.alloc(4);
  out.writeUInt32LE(value);
  return out;
};
const preamble = (version = CAPD_PROTOCOL_VERSION) => Buffer.concat([Buffer.from('LLCD'), u32(version)]);
const record = (type: number, body: Buffer) => Buffer.concat([u32(type), u32(body.length), body]);
const packet = (bytes: Buffer, seconds = 1, micros = 2) =>
  Buffer.concat([u32(seconds), u32(micros), u32(bytes.length), u32(bytes.length + 10), bytes]);
const batch = (...packets: Buffer[]) => Buffer.concat([u32(packets.length), ...packets.map((bytes) => packet(bytes))]);
const failure = (code: string, message: string) => {
  const name = Buffer.alloc(16);
  name.write(code, 'latin1');
  return Buffer.concat([name, Buffer.from(message)]);
};

const opened = Buffer.concat([u32(1), Buffer.from('ETHERNET')]);
const stats = Buffer.concat([u32(7), u32(1), u32(0)]);
const stream = Buffer.concat([
  preamble(),
  record(CapdRecord.opened, opened),
  record(CapdRecord.batch, batch(Buffer.from('abc'), Buffer.from('defgh'))),
  record(CapdRecord.stats, stats),
  record(CapdRecord.sendFailed, failure('EPCAP', 'send: Message too long')),
  record(CapdRecord.end, Buffer.alloc(0)),
]);

/** Feeds `chunks` and returns each record as [type, hex body]. */
function read(chunks: Buffer[]): [number, string][] {
  const seen: [number, string][] = [];
  const reader = new CapdRecordReader((type, body) => void seen.push([type, body.toString('hex')]));
  for (const chunk of chunks) reader.push(chunk);
  reader.end();
  return seen;
}

describe('lanlens-capd record framing', () => {
  const whole = read([stream]);

  it('reads every record of a stream given at once', () => {
    assert.deepEqual(
      whole.map(([type]) => type),
      [CapdRecord.opened, CapdRecord.batch, CapdRecord.stats, CapdRecord.sendFailed, CapdRecord.end],
    );
    assert.deepEqual(readOpened(Buffer.from(whole[0][1], 'hex')), { dlt: 1, linkName: 'ETHERNET' });
    assert.deepEqual(readStats(Buffer.from(whole[2][1], 'hex')), { received: 7, dropped: 1, ifdropped: 0 });
    assert.deepEqual(readFailure(Buffer.from(whole[3][1], 'hex')), {
      code: 'EPCAP',
      message: 'send: Message too long',
    });
    assert.equal(checkBatch(Buffer.from(whole[1][1], 'hex'), 16), 2);
  });

  it('reads the same records whatever the chunks (split at every byte, and byte by byte)', () => {
    for (let cut = 1; cut < stream.length; cut++) {
      assert.deepEqual(read([stream.subarray(0, cut), stream.subarray(cut)]), whole, `split at ${cut}`);
    }
    assert.deepEqual(read([...stream].map((byte) => Buffer.from([byte]))), whole);
  });

  const malformed: [string, Buffer, RegExp][] = [
    ['another program', Buffer.from('HTTP/1.1 200 OK\r\n'), /does not start with "LLCD"/],
    ['another protocol version', preamble(9), /protocol 9, this helper 1: grant capture permission again/],
    ['an unknown record type', Buffer.concat([preamble(), record(42, Buffer.alloc(0))]), /unknown record type 42/],
    [
      'a record longer than capd ever sends',
      Buffer.concat([preamble(), u32(CapdRecord.stats), u32(1 << 20)]),
      /type 3 claims 1048576 bytes/,
    ],
    ['an end inside the preamble', Buffer.from('LLC'), /ended after 3 of the preamble's 8 bytes/],
    [
      'an end inside a record header',
      Buffer.concat([preamble(), u32(CapdRecord.stats)]),
      /inside a record header \(4 of 8/,
    ],
    [
      'an end inside a record',
      Buffer.concat([preamble(), u32(CapdRecord.stats), u32(12), u32(1)]),
      /inside a record of type 3 \(4 of 12 bytes\)/,
    ],
  ];
  for (const [name, bytes, message] of malformed) {
    it(`names ${name}`, () => {
      assert.throws(
        () => read([bytes]),
        (error: unknown) => error instanceof CapdProtocolError && message.test(error.message),
      );
    });
  }

  const badBodies: [string, () => unknown, RegExp][] = [
    ['a short STATS', () => readStats(Buffer.alloc(8)), /STATS record of 8 bytes, not 12/],
    ['a short OPENED', () => readOpened(Buffer.alloc(2)), /OPENED record of 2 bytes/],
    ['a short error', () => readFailure(Buffer.alloc(3)), /error record of 3 bytes/],
    ['a batch without its count', () => checkBatch(Buffer.alloc(2), 16), /BATCH record of 2 bytes/],
    [
      'a batch that ends in a header',
      () => checkBatch(Buffer.concat([u32(1), u32(0)]), 16),
      /inside packet 1's header/,
    ],
    [
      'a packet past the batch',
      () => checkBatch(Buffer.concat([u32(1), u32(0), u32(0), u32(99), u32(99), Buffer.from('x')]), 16),
      /packet 1 claims 99 bytes past its end/,
    ],
    [
      'bytes after the packets',
      () => checkBatch(Buffer.concat([batch(Buffer.from('ab')), Buffer.from('zz')]), 16),
      /2 bytes after its packets/,
    ],
  ];
  for (const [name, run, message] of badBodies) {
    it(`refuses ${name}`, () => assert.throws(run, message));
  }
});

describe('lanlens-capd commands', () => {
  it('frames an inject as length, command, frame', () => {
    const frame = Buffer.from('0123456789');
    const command = encodeCapdCommand(CapdCommand.inject, frame);
    assert.equal(command.readUInt32LE(0), 11);
    assert.equal(command[4], CapdCommand.inject);
    assert.deepEqual(command.subarray(5), frame);
  });
  it('frames stop and stats as one byte', () => {
    assert.deepEqual([...encodeCapdCommand(CapdCommand.stop)], [1, 0, 0, 0, CapdCommand.stop]);
    assert.deepEqual([...encodeCapdCommand(CapdCommand.stats)], [1, 0, 0, 0, CapdCommand.stats]);
  });
  it('refuses an empty or oversized frame', () => {
    assert.throws(() => encodeCapdCommand(CapdCommand.inject, Buffer.alloc(0)), /1 to 65535 bytes, not 0/);
    assert.throws(() => encodeCapdCommand(CapdCommand.inject, Buffer.alloc(65536)), /not 65536/);
  });
});
