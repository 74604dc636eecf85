// One chunked interface under every capture reader: a ByteSource read as chunks, and a window over
// any ChunkSource (not only the two the helper makes).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { bufferSource } from '../../../../src/helper/capture/byteSource';
import type { ByteSource } from '../../../../src/helper/capture/byteSource';
import { ByteWindow } from '../../../../src/helper/capture/byteWindow';
import { chunksOf } from '../../../../src/helper/capture/chunkSource';
import type { Chunk, ChunkSource } from '../../../../src/helper/capture/chunkSource';

const bytes = (count: number, from = 0) => Buffer.from(Array.from({ length: count }, (_, i) => (from + i) & 0xff));
const text = (chunk: Chunk | undefined) => chunk && [...chunk.buffer.subarray(chunk.start, chunk.end)];

describe('chunksOf', () => {
  it('reads a byte source a chunk at a time after room for the tail before, two buffers taking turns', () => {
    const chunks = chunksOf(bufferSource(bytes(10)), 4);
    const first = chunks.take()!;
    assert.deepEqual([first.start, first.position, text(first)], [4, 0, [0, 1, 2, 3]]);
    const second = chunks.take()!;
    assert.notEqual(second.buffer, first.buffer);
    chunks.give(first.buffer);
    const third = chunks.take()!;
    assert.equal(third.buffer, first.buffer);
    assert.deepEqual([third.position, text(third)], [8, [8, 9]]);
    assert.equal(chunks.take(), undefined);
  });

  it('reads on after its end (a file still growing) and from where it is told to seek', () => {
    let file = bytes(3);
    let position = 0;
    const growing: ByteSource = {
      read(target, offset, length) {
        const count = Math.max(0, Math.min(length, file.length - position));
        file.copy(target, offset, position, position + count);
        position += count;
        return count;
      },
      seek: (to) => (position = to),
      close: () => undefined,
    };
    const chunks = chunksOf(growing, 8);
    assert.deepEqual(text(chunks.take()), [0, 1, 2]);
    assert.equal(chunks.take(), undefined);
    file = bytes(5);
    assert.deepEqual(text(chunks.take()), [3, 4]);
    chunks.seek(1);
    const again = chunks.take()!;
    assert.deepEqual([again.position, text(again)], [1, [1, 2, 3, 4]]);
    assert.throws(() => chunksOf(bufferSource(bytes(3))).seek(1), /cannot seek/);
  });
});

describe('ByteWindow', () => {
  it('reads any chunk source, records across chunks whole, buffers given back once passed', () => {
    // Chunks of 6 bytes with 2 bytes of room before them, made here: neither a file nor a byte source.
    const given: Buffer[] = [];
    let next = 0;
    const source: ChunkSource = {
      take() {
        if (next >= 18) return undefined;
        const buffer = Buffer.alloc(8);
        bytes(6, next).copy(buffer, 2);
        next += 6;
        return { buffer, start: 2, end: 8, position: next - 6 };
      },
      give: (buffer) => given.push(buffer),
      seek: () => assert.fail('not asked to seek'),
      close: () => undefined,
    };
    const window = new ByteWindow(source);
    assert.equal(window.fill(4), 6);
    window.consume(4);
    // 2 bytes left: they fit the room before the next chunk, so it becomes the window's buffer.
    assert.equal(window.fill(5), 8);
    assert.deepEqual([...window.buffer.subarray(window.start, window.start + 5)], [4, 5, 6, 7, 8]);
    assert.equal(given.length, 1);
    window.consume(5);
    // 3 bytes left, longer than the room: they and the next chunk are copied into a buffer of the window's own.
    assert.equal(window.fill(9), 9);
    assert.deepEqual([window.position, ...window.buffer.subarray(window.start, window.start + 9)], [9, ...bytes(9, 9)]);
    assert.equal(given.length, 3);
    assert.equal(window.consume(9), 9);
    assert.equal(window.fill(1), 0);
  });

  it('seeks back within what it holds only as far as its bytes go, not into the room before them', () => {
    // A 30-byte file in chunks of 6 with 4 bytes of room before each, the room filled with 0xee.
    let next = 0;
    const seeks: number[] = [];
    const source: ChunkSource = {
      take() {
        if (next >= 30) return undefined;
        const buffer = Buffer.alloc(10, 0xee);
        bytes(6, next).copy(buffer, 4);
        next += 6;
        return { buffer, start: 4, end: 10, position: next - 6 };
      },
      give: () => undefined,
      seek: (position) => {
        seeks.push(position);
        next = position;
      },
      close: () => undefined,
    };
    const window = new ByteWindow(source);
    window.fill(6);
    window.consume(4);
    assert.equal(window.fill(4), 8); // bytes 4 and 5 now stand in the room before bytes 6 to 11
    window.consume(3);
    window.seek(4); // still held
    assert.deepEqual([seeks, window.buffer[window.start]], [[], 4]);
    window.seek(2); // before what is held: read again
    assert.equal(window.fill(1), 6);
    assert.deepEqual([seeks, window.position, window.buffer[window.start]], [[2], 2, 2]);
  });
});
