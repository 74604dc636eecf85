import assert from 'node:assert/strict';
import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { createPcapFile } from '../../../../src/helper/capture/pcapWriter';
import { GrowingFileIndex } from '../../../../src/helper/captureFile/growingFileIndex';
import { PacketPager } from '../../../../src/helper/captureFile/packetPager';
import { PacketRecords } from '../../../../src/helper/captureFile/packetRecords';
import { ipFrame } from '../../../fixtures/testFrames';

describe('GrowingFileIndex (a live recording paged while it grows)', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'lanlens-growing-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('indexes what was appended since the last refresh, and waits for a record still being written', async () => {
    // A whole file to cut into the pieces a recorder would have flushed so far.
    const whole = path.join(dir, 'whole.pcap');
    const writer = createPcapFile(whole, { linkType: 1 });
    for (let i = 0; i < 10; i++) {
      const frame = ipFrame({
        src: '10.0.0.1',
        dst: '10.0.0.2',
        protocol: 'udp',
        sport: 1000 + i,
        dport: 53,
        payload: i,
      });
      writer.write(1_700_000_000 + i, 0, frame, 0, frame.length);
    }
    writer.close();
    const bytes = readFileSync(whole);
    const growing = path.join(dir, 'growing.pcap');
    writeFileSync(growing, bytes.subarray(0, 10)); // not even the file header yet
    const index = new GrowingFileIndex(growing);
    index.refresh();
    assert.equal(index.index.count, 0);
    const firstRecordEnd = 24 + 16 + 42;
    appendFileSync(growing, bytes.subarray(10, firstRecordEnd + 20)); // one record and part of the next
    index.refresh();
    assert.equal(index.index.count, 1);
    appendFileSync(growing, bytes.subarray(firstRecordEnd + 20));
    index.refresh();
    assert.equal(index.index.count, 10);
    const packets = new PacketRecords(growing, index.index);
    try {
      const page = await new PacketPager(packets).page(9, 5);
      assert.equal(page.total, 10);
      assert.deepEqual(
        page.packets.map((packet) => [packet.index, packet.srcPort, packet.time]),
        [
          [9, 1008, 1_700_000_008_000],
          [10, 1009, 1_700_000_009_000],
        ],
      );
    } finally {
      packets.close();
    }
  });
});
